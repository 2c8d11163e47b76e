"""Every sheet as CSV and as XLSX (openpyxl): the same sections, subtotals
and total as the PDF, with numbers as numbers (Decimal) in the workbook."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from receipts.formatting import cell
from vending_app.core.documents import Sheet

NUMBER_FORMATS = {"money": "#,##0.00", "kwh": "#,##0.00", "int": "0"}


def _lines(sheet: Sheet):
    """(label, row dict or None) in reading order; None rows are headings."""
    for section in sheet.sections:
        yield section.heading, None
        for row in section.rows:
            yield "", row
        if section.subtotal:
            yield "Subtotal 小计", section.subtotal
    if sheet.total:
        yield "Total 合计", sheet.total


def sheet_csv(sheet: Sheet) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow([f"{sheet.title_en} {sheet.title_zh}", sheet.period])
    for en, zh, value in sheet.facts:
        w.writerow([f"{en} {zh}", value])
    w.writerow(["section", *(f"{c.en} {c.zh}" for c in sheet.columns)])
    for label, row in _lines(sheet):
        if row is None:
            w.writerow([label])
        else:
            w.writerow([label, *(_plain(row.get(c.key), c.kind) for c in sheet.columns)])
    text = out.getvalue()
    for extra in sheet.appendix:  # after a blank line, as a sheet of its own
        text += "\n" + sheet_csv(extra)
    return text


def _plain(value, kind: str) -> str:
    """CSV cells stay machine-readable: no thousands separators."""
    if isinstance(value, Decimal):
        return f"{value:.2f}" if kind in ("money", "kwh") else str(value)
    return cell(value, kind)


def sheet_xlsx(sheet: Sheet) -> bytes:
    wb = Workbook()
    _worksheet(wb.active, sheet)
    for extra in sheet.appendix:  # a worksheet each
        _worksheet(wb.create_sheet(), extra)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _worksheet(ws, sheet: Sheet) -> None:
    ws.title = sheet.kind[:31]
    bold = Font(bold=True)
    ws.append([f"{sheet.title_en} {sheet.title_zh}"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(["Period 期间", sheet.period])
    for en, zh, value in sheet.facts:
        ws.append([f"{en} {zh}", value])
    ws.append(["", *(f"{c.en} {c.zh}" for c in sheet.columns)])
    row_no = 2 + len(sheet.facts) + 1  # counted here: ws.max_row scans every cell
    for c in ws[row_no]:
        c.font = bold
    for label, row in _lines(sheet):
        row_no += 1
        if row is None:
            ws.append([label])
            ws.cell(row_no, 1).font = bold
            continue
        values = []
        for c in sheet.columns:
            v = row.get(c.key)
            values.append(v if c.kind in NUMBER_FORMATS and v is not None else
                          cell(v, c.kind))
        ws.append([label, *values])
        for i, c in enumerate(sheet.columns, start=2):
            if c.kind in NUMBER_FORMATS:
                ws.cell(row_no, i).number_format = NUMBER_FORMATS[c.kind]
            if label:
                ws.cell(row_no, i).font = bold
