"""Every sheet as CSV and as XLSX (XlsxWriter): the same sections, subtotals
and total as the PDF, with numbers as numbers (Decimal) in the workbook."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import xlsxwriter

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
    """Written row by row (XlsxWriter's constant-memory mode, about three
    times openpyxl's write-only speed): an 18,000-line sheet costs its rows
    and nothing more. Text goes in as text, never as a formula or a link,
    whatever a customer's name starts with."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"constant_memory": True, "strings_to_formulas": False,
                                   "strings_to_urls": False})
    for one in (sheet, *sheet.appendix):  # a worksheet each
        _worksheet(wb, wb.add_worksheet(one.kind[:31]), one)
    wb.close()
    return buf.getvalue()


def _put(ws, r: int, c: int, value, fmt=None) -> None:
    if value is None or value == "":
        if fmt is not None:
            ws.write_blank(r, c, None, fmt)
    elif isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
        ws.write_number(r, c, value, fmt)
    else:
        ws.write_string(r, c, cell(value, "text"), fmt)


def _worksheet(wb, ws, sheet: Sheet) -> None:
    bold = wb.add_format({"bold": True})
    ws.write_string(0, 0, f"{sheet.title_en} {sheet.title_zh}",
                    wb.add_format({"bold": True, "font_size": 13}))
    _put(ws, 1, 0, "Period 期间")
    _put(ws, 1, 1, sheet.period)
    r = 2
    for en, zh, value in sheet.facts:
        _put(ws, r, 0, f"{en} {zh}")
        _put(ws, r, 1, value)
        r += 1
    for c, text in enumerate(f"{c.en} {c.zh}" for c in sheet.columns):
        ws.write_string(r, c + 1, text, bold)
    r += 1
    kinds = [(c.key, c.kind, NUMBER_FORMATS.get(c.kind)) for c in sheet.columns]
    plain = [wb.add_format({"num_format": f}) if f else None for _, _, f in kinds]
    strong = [wb.add_format({"bold": True, "num_format": f}) if f else bold
              for _, _, f in kinds]
    for label, row in _lines(sheet):
        if row is None:
            _put(ws, r, 0, label, bold)
        else:
            _put(ws, r, 0, label)
            formats = strong if label else plain
            for c, (key, kind, fmt) in enumerate(kinds):
                v = row.get(key)
                _put(ws, r, c + 1, v if fmt and v is not None else cell(v, kind), formats[c])
        r += 1
