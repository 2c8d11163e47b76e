"""A plain table in a file, CSV (UTF-8, a BOM allowed) or XLSX (the first
worksheet): read as a header and rows of text, written the same way. A
workbook is read with python-calamine (a Rust reader: 50,000 customers in
about a second, where openpyxl took over twenty) and written with openpyxl's
write-only mode. The customer import and its export (core/moving_in.py) use it;
every cell is text here, so what the core checks is exactly what the file
holds."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from vending_app.core.errors import ValidationError


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a spreadsheet's 12 typed as a number
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return str(value).strip()


def read_table(path: Path) -> list[list[str]]:
    """Every row (the header first) as text; trailing empty rows dropped."""
    path = Path(path)
    if not path.is_file():
        raise ValidationError("There is no file {path}.", path=str(path))
    if path.suffix.lower() == ".xlsx":
        rows = _read_xlsx(path)
    elif path.suffix.lower() == ".csv":
        rows = _read_csv(path)
    else:
        raise ValidationError("{path} is neither a .csv nor an .xlsx file.", path=path.name)
    while rows and not any(rows[-1]):
        rows.pop()
    return rows


def _read_csv(path: Path) -> list[list[str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError("{path} is not UTF-8 text: save it from the spreadsheet as "
                              "'CSV UTF-8'.", path=path.name) from None
    return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]


def _read_xlsx(path: Path) -> list[list[str]]:
    try:
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
    except Exception:  # calamine raises its own kinds (and zip's) for a damaged or foreign file
        raise ValidationError("{path} cannot be opened as an XLSX workbook.",
                              path=path.name) from None
    return [[_text(v) for v in row] for row in rows]


def write_table(path: Path, header: Iterable[str], rows: Iterable[Iterable]) -> None:
    """The same table as ``read_table`` reads back; numbers go as text
    (account and meter numbers keep their leading zeros)."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("customers")
        ws.append(list(header))
        for row in rows:
            ws.append([_cell(v) for v in row])
        wb.save(path)
        return
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(list(header))
        w.writerows([_cell(v) for v in row] for row in rows)


def _cell(value) -> str:
    return "" if value is None else str(value) if not isinstance(value, Decimal) else f"{value:f}"


def rows_of(table: list[list[str]]) -> Iterator[tuple[int, list[str]]]:
    """(spreadsheet row number, cells) after the header, blank rows skipped."""
    for n, row in enumerate(table[1:], start=2):
        if any(row):
            yield n, row
