"""Every sheet as CSV and as XLSX (openpyxl): the same sections, subtotals
and total as the PDF, with numbers as numbers (Decimal) in the workbook."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
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
    """Written row by row (openpyxl's write-only mode): no cell objects are
    kept, so an 18,000-line sheet costs its rows and nothing more."""
    wb = Workbook(write_only=True)
    for one in (sheet, *sheet.appendix):  # a worksheet each
        _worksheet(wb, wb.create_sheet(), one)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _worksheet(wb: Workbook, ws, sheet: Sheet) -> None:
    ws.title = sheet.kind[:31]
    bold = Font(bold=True)

    def styled(value, font=None, number_format=None) -> WriteOnlyCell:
        c = WriteOnlyCell(ws, value=value)
        if font is not None:
            c.font = font
        if number_format is not None:
            c.number_format = number_format
        return c

    ws.append([styled(f"{sheet.title_en} {sheet.title_zh}", Font(bold=True, size=13))])
    ws.append(["Period 期间", sheet.period])
    for en, zh, value in sheet.facts:
        ws.append([f"{en} {zh}", value])
    ws.append([styled(v, bold) for v in ["", *(f"{c.en} {c.zh}" for c in sheet.columns)]])
    formats = [NUMBER_FORMATS.get(c.kind) for c in sheet.columns]
    # One styled cell per column, reused: a row is written out as it is
    # appended, so a cell's style is looked up once, not once a row.
    plain = [styled(None, None, f) if f else None for f in formats]
    strong = [styled(None, bold, f) for f in formats]
    for label, row in _lines(sheet):
        if row is None:
            ws.append([styled(label, bold)])
            continue
        values = []
        for c, fmt, template in zip(sheet.columns, formats, strong if label else plain,
                                    strict=True):
            v = row.get(c.key)
            v = v if fmt and v is not None else cell(v, c.kind)
            if template is not None:
                template.value, v = v, template
            values.append(v)
        ws.append([label, *values])
