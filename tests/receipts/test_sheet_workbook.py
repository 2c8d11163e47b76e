"""A sheet's workbook holds every cell of the sheet: text as text (a name
that starts like a formula or a link stays a name), figures as numbers
with their format, subtotals and the total in bold; a long sheet's rows
all arrive in order."""

import io
from decimal import Decimal as D

from openpyxl import load_workbook

from receipts.export import sheet_xlsx
from tests.receipts.test_sheet_first_page import long_sheet
from vending_app.core.documents import Section

HOSTILE = ("=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-2", "@SUM(A1)",
           "http://example.com/a", "x\x01y", "")


def test_every_row_and_figure_reaches_the_workbook():
    sheet = long_sheet(900)
    wb = load_workbook(io.BytesIO(sheet_xlsx(sheet)))
    ws = wb["dekad_team"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "Dekad sales detail by team 旬售电明细表(按供电所)"
    assert ws["A1"].font.b and ws["A1"].font.sz == 13
    head = rows.index(next(r for r in rows if r[1] == "Date 日期"))
    body = [r for r in rows[head + 1:] if r[0] is None]
    sheet_rows = [row for s in sheet.sections for row in s.rows]
    assert len(body) == len(sheet_rows) == 900
    for got, want in zip(body, sheet_rows, strict=True):
        assert got[2] == want["receipt_no"] and got[5] == want["customer"]
        assert D(str(got[7])) == want["sold_kwh"]
        assert D(str(got[10])).quantize(D("0.001")) == want["amount"].quantize(D("0.001"))
    total = next(r for r in ws.iter_rows() if r[0].value == "Total 合计")
    assert total[10].font.b and total[10].number_format == "#,##0.00"
    assert D(str(total[10].value)).quantize(D("0.01")) == sheet.total["amount"].quantize(D("0.01"))


def test_text_that_looks_like_a_formula_or_a_link_stays_text():
    sheet = long_sheet(3, teams=1)
    rows = tuple(dict(sheet.sections[0].rows[0], customer=name, receipt_no=f"R{i}")
                 for i, name in enumerate(HOSTILE))
    sheet = type(sheet)(**{**sheet.__dict__, "sections": (Section("T1", rows, {}),)})
    ws = load_workbook(io.BytesIO(sheet_xlsx(sheet)))["dekad_team"]
    names = {r[2].value: r[5] for r in ws.iter_rows() if r[2].value in {f"R{i}" for i in
                                                                       range(len(HOSTILE))}}
    for i, name in enumerate(HOSTILE):
        cell = names[f"R{i}"]
        assert cell.data_type != "f" and not cell.hyperlink, (name, cell.data_type)
        # a control character is kept in the workbook's own escape (_xHHHH_)
        assert cell.value == (name.replace("\x01", "_x0001_") or None), (name, cell.value)
