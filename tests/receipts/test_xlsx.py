"""The workbook reader and writer of receipts/xlsx.py against openpyxl: a
workbook an office might bring (made by openpyxl the way spreadsheet
programs write them: shared strings, rich text, numbers, dates, booleans,
formulas, skipped rows and cells) reads to exactly what openpyxl reads; a
table written here opens in openpyxl with every cell as written; a file
that is no workbook is refused plainly."""

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from receipts.table_file import read_table
from receipts.xlsx import NotAWorkbook, read_values, write_texts
from vending_app.core.errors import ValidationError

SAMPLES = Path(__file__).resolve().parents[2] / "vending_app" / "resources" / "samples"


def openpyxl_values(path: Path) -> list[list]:
    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        return [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    finally:
        wb.close()


def office_workbook(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["old_account_no", "name", "id_number", "remaining_kwh", "since", "paid"])
    ws.append(["A-001", "Wang Fang", "110101195001010009", 12, date(2024, 3, 1), True])
    ws.append([" padded ", CellRichText("Li ", TextBlock(InlineFont(b=True), "Lei")),
               "X123456", 12.5, datetime(2024, 3, 1, 8, 30), False])
    ws["B5"] = "after a skipped row"  # row 4 is not in the file
    ws["F5"] = "=1+1"
    ws["D6"] = 1e20
    ws["D6"].number_format = "0.00"
    ws["E6"] = 45000
    ws["E6"].number_format = "yyyy-mm-dd"  # a number shown as a date reads as one
    ws["A7"] = "中文 名字"
    wb.worksheets[0].title = "first"
    wb.create_sheet("second")["A1"] = "not read"
    wb.save(path)
    return path


def test_an_office_workbook_reads_as_openpyxl_reads_it(tmp_path):
    for path in (office_workbook(tmp_path / "office.xlsx"), SAMPLES / "customers.xlsx"):
        assert read_values(path) == openpyxl_values(path)
    rows = read_values(tmp_path / "office.xlsx")
    assert rows[3] == [None] * 6 and rows[2][1] == "Li Lei" and rows[5][4].year == 2023
    assert read_table(tmp_path / "office.xlsx")[1] == [
        "A-001", "Wang Fang", "110101195001010009", "12", "2024-03-01", "True"]


def test_a_written_table_opens_in_openpyxl_as_written(tmp_path):
    table = [["name", "note", "n"], ["a <b> & \"c\"", "", "007"], [" spaced ", "x\x01y", "中文"],
             ["", "", ""], ["only"]]
    path = tmp_path / "t.xlsx"
    write_texts(path, table, sheet="customers & co")
    expected = [["name", "note", "n"], ["a <b> & \"c\"", None, "007"],
                [" spaced ", "xy", "中文"], [None, None, None], ["only", None, None]]
    assert openpyxl_values(path) == expected == read_values(path)
    assert load_workbook(path).sheetnames == ["customers & co"]


def test_a_file_that_is_no_workbook_is_refused(tmp_path):
    fake = tmp_path / "fake.xlsx"
    fake.write_text("name,phone\n")
    with pytest.raises(NotAWorkbook):
        read_values(fake)
    with pytest.raises(ValidationError, match="cannot be opened as an XLSX workbook"):
        read_table(fake)
