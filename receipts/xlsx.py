"""The first worksheet of an XLSX workbook read as values, and a table
written as one, straight from and to the file's XML.

openpyxl builds an object per shared string and per cell and reads a sheet
without a recorded size twice; a 50,000-customer file (700,000 cells) took
it half a minute, longer than the import itself. Here each row is read once
by lxml (a dependency already, openpyxl's accelerator) and each cell's value
is the one openpyxl would give in read-only, values-only mode: shared and
inline strings (rich text joined, phonetic runs left out), numbers (int or
float), booleans, formula results, errors as their text, and numbers under
a date format as datetimes (openpyxl's own date rules). Rows the file skips
come back empty, every row as wide as the widest (openpyxl pads them to the
size the file records, which spreadsheet programs and the writer here
record).
"""

from __future__ import annotations

import gc
import posixpath
import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.cell import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import (
    CALENDAR_MAC_1904,
    CALENDAR_WINDOWS_1900,
    from_excel,
    from_ISO8601,
)

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
N = f"{{{MAIN}}}"
T, R, V, IS, C, ROW = N + "t", N + "r", N + "v", N + "is", N + "c", N + "row"
DIGITS = "0123456789"
# XML 1.0 cannot carry these; openpyxl refuses them, a writer here drops them
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class NotAWorkbook(Exception):
    """The file is no XLSX workbook (or a damaged one)."""


def _parse(data: bytes):
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True,
                                                  huge_tree=True))


def _first_sheet(z: zipfile.ZipFile) -> str:
    """The path of the workbook's first worksheet inside the zip."""
    book = _parse(z.read("xl/workbook.xml"))
    sheet = book.find(f"{N}sheets/{N}sheet")
    rel_id = sheet.get(f"{{{REL}}}id")
    rels = _parse(z.read("xl/_rels/workbook.xml.rels"))
    target = next(r.get("Target") for r in rels if r.get("Id") == rel_id)
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join("xl", target))


def _epoch(z: zipfile.ZipFile):
    pr = _parse(z.read("xl/workbook.xml")).find(f"{N}workbookPr")
    mac = pr is not None and pr.get("date1904", "").lower() in ("1", "true")
    return CALENDAR_MAC_1904 if mac else CALENDAR_WINDOWS_1900


def _text_of(item) -> str:
    """A shared or inline string: its plain text, or its runs' (not rPh)."""
    parts = []
    for child in item:
        if child.tag == T:
            parts.append(child.text or "")
        elif child.tag == R:
            parts.extend(t.text or "" for t in child if t.tag == T)
    return "".join(parts)


def _shared_strings(z: zipfile.ZipFile) -> list[str]:
    try:
        f = z.open("xl/sharedStrings.xml")
    except KeyError:
        return []
    out = []
    with f:
        for _, si in etree.iterparse(f, tag=f"{N}si", resolve_entities=False, huge_tree=True):
            out.append(_text_of(si))
            si.clear()
    return out


def _date_styles(z: zipfile.ZipFile) -> dict[int, bool]:
    """Style index -> whether it shows a date (False: a duration)."""
    try:
        styles = _parse(z.read("xl/styles.xml"))
    except KeyError:
        return {}
    custom = {int(f.get("numFmtId")): f.get("formatCode", "")
              for f in styles.iterfind(f"{N}numFmts/{N}numFmt")}
    out = {}
    for i, xf in enumerate(styles.iterfind(f"{N}cellXfs/{N}xf")):
        fmt_id = int(xf.get("numFmtId", 0))
        code = custom.get(fmt_id, BUILTIN_FORMATS.get(fmt_id, "General"))
        if is_date_format(code):
            out[i] = not is_timedelta_format(code)
    return out


class _Values:
    """Turns one cell into the value openpyxl would read."""

    def __init__(self, strings: list[str], dates: dict[int, bool], epoch):
        self.strings, self.dates, self.epoch = strings, dates, epoch

    def of(self, c):
        kind = c.get("t", "n")
        for child in c:  # <v>, <is> or <f> (a formula, whose result is the <v>)
            if child.tag == V:
                return None if child.text is None else self._value(kind, child.text, c)
            if child.tag == IS and kind == "inlineStr":
                return _text_of(child)
        return None

    def _value(self, kind: str, text: str, c):
        if kind == "s":
            return self.strings[int(text)]
        if kind == "n":
            return self._number(text, c.get("s"))
        if kind == "b":
            return bool(int(text))
        if kind == "d":
            return from_ISO8601(text)
        return text  # str (a formula's text), e (an error)

    def _number(self, text: str, style):
        number = float(text) if ("." in text or "E" in text or "e" in text) else int(text)
        if style is not None and int(style) in self.dates:
            return from_excel(number, self.epoch, timedelta=not self.dates[int(style)])
        return number


class _Columns:
    """A cell's 0-based column: from its reference's letters, or the next."""

    def __init__(self):
        self.known: dict[str, int] = {}

    def of(self, ref: str | None, after: int) -> int:
        if not ref:
            return after + 1
        letters = ref.rstrip(DIGITS)
        col = self.known.get(letters)
        if col is None:
            col = self.known[letters] = column_index_from_string(letters) - 1
        return col


def _sheet_rows(f, values: _Values) -> Iterator[tuple[int, list]]:
    """(1-based row number, values) for each row the sheet holds."""
    number, columns, value = 0, _Columns(), values.of
    for _, row in etree.iterparse(f, tag=ROW, resolve_entities=False, huge_tree=True):
        r = row.get("r")
        number = int(r) if r else number + 1
        cells: list = []
        col = -1
        for c in row:
            if c.tag != C:
                continue
            col = columns.of(c.get("r"), col)
            if col >= len(cells):
                cells.extend([None] * (col + 1 - len(cells)))
            cells[col] = value(c)
        yield number, cells
        row.clear()
        while row.getprevious() is not None:
            del row.getparent()[0]


def read_values(path: Path) -> list[list]:
    """Every row of the first worksheet, skipped rows as empty ones; each
    row padded with None to the widest."""
    was_on = gc.isenabled()
    gc.disable()  # many new lists and strings, no cycle among them: collecting is waste
    try:
        with zipfile.ZipFile(path) as z:
            values = _Values(_shared_strings(z), _date_styles(z), _epoch(z))
            rows: list[list] = []
            with z.open(_first_sheet(z)) as f:
                for number, cells in _sheet_rows(f, values):
                    if number > len(rows):  # a row out of order is left out, as openpyxl does
                        rows.extend([] for _ in range(len(rows), number - 1))
                        rows.append(cells)
    except (zipfile.BadZipFile, KeyError, StopIteration, AttributeError, ValueError, IndexError,
            etree.LxmlError) as e:
        raise NotAWorkbook(str(e)) from e
    finally:
        if was_on:
            gc.enable()
    width = max((len(r) for r in rows), default=0)
    for r in rows:
        r.extend([None] * (width - len(r)))
    return rows


_PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.styles+xml"/></Types>'),
    "_rels/.rels": (
        f'<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'),
    "xl/workbook.xml": (
        f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
        '<sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" Type="{REL}/worksheet" '
        f'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{REL}/styles" '
        'Target="styles.xml"/></Relationships>'),
    "xl/styles.xml": (
        f'<styleSheet xmlns="{MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/>'
        '</font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill>'
        '<patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/>'
        '<right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf '
        'numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1">'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        '</styleSheet>'),
}
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _row_xml(n: int, cells: Iterable[str], letters: list[str]) -> str:
    out = [f'<row r="{n}">']
    for i, text in enumerate(cells):
        if not text:
            continue
        while i >= len(letters):
            letters.append(get_column_letter(len(letters) + 1))
        text = escape(ILLEGAL.sub("", text))
        space = ' xml:space="preserve"' if text != text.strip() else ""
        out.append(f'<c r="{letters[i]}{n}" t="inlineStr"><is><t{space}>{text}</t></is></c>')
    out.append("</row>")
    return "".join(out)


def write_texts(path: Path, rows: Iterable[Iterable[str]], sheet: str = "Sheet1") -> None:
    """One worksheet of text cells (inline strings, the first row first),
    with its size recorded as spreadsheet programs record it."""
    rows = [list(r) for r in rows]
    width = max((len(r) for r in rows), default=0)
    size = f"A1:{get_column_letter(max(width, 1))}{max(len(rows), 1)}"
    letters: list[str] = []
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for name, xml in _PARTS.items():
            z.writestr(name, HEAD + xml.replace("{name}", escape(sheet, {'"': "&quot;"})))
        with z.open("xl/worksheets/sheet1.xml", "w") as f:
            f.write(f'{HEAD}<worksheet xmlns="{MAIN}"><dimension ref="{size}"/><sheetData>'
                    .encode())
            for n, cells in enumerate(rows, start=1):
                f.write(_row_xml(n, cells, letters).encode())
            f.write(b"</sheetData></worksheet>")
