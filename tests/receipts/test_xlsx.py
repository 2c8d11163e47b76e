"""Workbooks in and out of the customer import (receipts/table_file.py):
a workbook an office might bring (made by openpyxl the way spreadsheet
programs write them: shared strings, rich text, numbers, dates, booleans,
formulas, skipped rows and cells) reads as the text openpyxl's values give;
a table written here opens in openpyxl with every cell as written; a file
that is no workbook is refused plainly."""

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from receipts.table_file import _text, read_table, write_table
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


def as_text(rows: list[list]) -> list[list[str]]:
    """openpyxl's values as the import sees them, trailing empty rows dropped."""
    width = max(len(r) for r in rows)
    table = [[_text(v) for v in r] + [""] * (width - len(r)) for r in rows]
    while table and not any(table[-1]):
        table.pop()
    return table


def test_an_office_workbook_reads_as_openpyxl_reads_it(tmp_path):
    for path in (office_workbook(tmp_path / "office.xlsx"), SAMPLES / "customers.xlsx"):
        assert read_table(path) == as_text(openpyxl_values(path))
    rows = read_table(tmp_path / "office.xlsx")
    assert rows[3] == [""] * 6 and rows[2][1] == "Li Lei" and rows[5][4] == "2023-03-15"
    assert rows[1] == ["A-001", "Wang Fang", "110101195001010009", "12", "2024-03-01", "True"]
    assert rows[2][0] == "padded"


def test_a_written_table_opens_in_openpyxl_as_written(tmp_path):
    header, rows = ["name", "note", "n"], [["a <b> & \"c\"", "", "007"], ["spaced", "中文", 12],
                                         ["", "", ""], ["only"]]
    path = tmp_path / "t.xlsx"
    write_table(path, header, rows)
    expected = [["name", "note", "n"], ["a <b> & \"c\"", None, "007"], ["spaced", "中文", "12"],
                [None, None, None], ["only"]]
    assert openpyxl_values(path) == expected
    assert read_table(path) == as_text(expected)
    assert load_workbook(path).sheetnames == ["customers"]


def test_a_file_that_is_no_workbook_is_refused(tmp_path):
    fake = tmp_path / "fake.xlsx"
    fake.write_text("name,phone\n")
    with pytest.raises(ValidationError, match="cannot be opened as an XLSX workbook"):
        read_table(fake)
