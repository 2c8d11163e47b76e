"""A long sheet's PDF: its first page alone (what the window previews while
the rest is drawn) is the whole document's first page; a drawing can be
called off; and the rows' text, written as PDF operators directly, is the
very bytes reportlab's text object wrote for them."""

import random
import subprocess
import threading
from datetime import date, datetime
from decimal import Decimal as D

import pytest
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

import receipts.sheet_pdf as sheet_pdf_module
from receipts.sheet_pdf import DrawingStopped, sheet_pdf
from receipts.sheet_rows import MIN_SIZE, PAD, ROW, SHADE, SIZE, Rows
from tests.receipts.conftest import pdf_text
from vending_app.core.documents import (
    DETAIL_COLUMNS,
    ITEM_NAMES,
    SIGNATURES,
    Section,
    Sheet,
    labelled,
)

PRINTED = datetime(2026, 11, 30, 17, 5)
HAN = [chr(c) for c in range(0x4E00, 0x4E00 + 600)]  # more than one font subset holds


def long_sheet(lines: int, teams: int = 3, seed: int = 7) -> Sheet:
    """A dekad sheet of ``lines`` lines in memory: Chinese names (some too
    long for their column), empty cells, figures right-aligned."""
    rnd = random.Random(seed)
    sections = []
    for t in range(teams):
        rows = []
        for i in range(lines // teams):
            kwh = D(rnd.randint(100, 50000)) / 100
            name = "".join(rnd.choice(HAN) for _ in range(rnd.choice((2, 3, 3, 22))))
            rows.append({"day": date(2026, 11, 21 + i % 10), "receipt_no": f"S01-{t}{i:07d}",
                         "item": ITEM_NAMES["sale" if i % 9 else "flat"],
                         "account_no": f"{i:08d}", "customer": name,
                         "meter": f"{rnd.randrange(10**12):012d}", "sold_kwh": kwh,
                         "flat_kwh": None, "adjustment_kwh": D(0), "amount": kwh / 2})
        subtotal = {"sold_kwh": sum(r["sold_kwh"] for r in rows),
                    "amount": sum(r["amount"] for r in rows)}
        sections.append(Section(labelled("Team", "供电所", f"T{t + 1}"), tuple(rows), subtotal))
    return Sheet(kind="dekad_team", title_en="Dekad sales detail by team",
                 title_zh="旬售电明细表(按供电所)", period="2026-11 D3",
                 header="Test Power Supply Office 测试供电所", columns=DETAIL_COLUMNS,
                 sections=tuple(sections),
                 total={"amount": sum(s.subtotal["amount"] for s in sections)},
                 signatures=SIGNATURES)


def pages(pdf: bytes) -> int:
    return pdf.count(b"/Type /Page\n")


def test_the_first_page_alone_is_the_whole_documents_first_page(poppler, tmp_path):
    sheet = long_sheet(300)
    whole = sheet_pdf(sheet, PRINTED)
    first = sheet_pdf(sheet, PRINTED, first_page_only=True)
    assert pages(whole) >= 4 and pages(first) == 1
    page_one = pdf_text(first, tmp_path, "first")
    assert "Test Power Supply Office" in page_one and "Receipt" in page_one and "T1" in page_one
    (tmp_path / "whole.pdf").write_bytes(whole)
    whole_one = subprocess.run(["pdftotext", "-layout", "-f", "1", "-l", "1",
                                str(tmp_path / "whole.pdf"), "-"], check=True,
                               capture_output=True, text=True).stdout
    assert page_one == whole_one
    short = long_sheet(12)  # a sheet of one page: the same document
    assert pages(sheet_pdf(short, PRINTED, first_page_only=True)) == 1 == pages(
        sheet_pdf(short, PRINTED))


def test_a_drawing_called_off_stops():
    stop = threading.Event()
    stop.set()
    with pytest.raises(DrawingStopped):
        sheet_pdf(long_sheet(300), PRINTED, stop=stop)


class TextObjectRows(Rows):
    """The rows drawn through reportlab's text object, as they were drawn
    before: the reference for the operators ``Ink`` writes."""

    def draw(self):
        c, top, head = self.canv, self.height, self._head_height()
        xs = [0.0]
        for w in self.widths:
            xs.append(xs[-1] + w)
        c.setFillColor(SHADE)
        if head:
            c.rect(0, top - head, self.width, head, stroke=0, fill=1)
        if self.shaded:
            c.rect(0, 0, self.width, top - head, stroke=0, fill=1)
        c.setFillColor(colors.black)
        text = c.beginText()
        for i, (en, zh) in enumerate(self.head or ()):
            self._cell(text, en, xs[i], top - ROW + 2.5, self.widths[i], False)
            self._cell(text, zh, xs[i], top - 2 * ROW + 2.5, self.widths[i], False)
        y = top - head
        for row in self.rows:
            y -= ROW
            for i, value in enumerate(row):
                self._cell(text, value, xs[i], y + 2.5, self.widths[i], i in self.right)
        c.drawText(text)
        c.setStrokeColor(colors.grey)
        c.setLineWidth(0.25)
        c.grid(xs, ([top] if head else []) + [top - head - ROW * n
                                              for n in range(len(self.rows) + 1)])

    def _cell(self, text, value, x, y, width, right):
        if not value:
            return
        room = width - 2 * PAD
        w = stringWidth(value, self.font, SIZE)
        size = SIZE if w <= room else max(MIN_SIZE, SIZE * room / w)
        text.setFont(self.font, size)
        if size != SIZE:
            w = stringWidth(value, self.font, size)
        text.setTextOrigin(x + width - PAD - w if right else x + PAD, y)
        text.textOut(value)


def test_the_rows_text_is_the_bytes_the_text_object_wrote(monkeypatch):
    monkeypatch.setattr(rl_config, "invariant", 1)  # no time stamps or random ids
    sheet = long_sheet(240)
    ours = sheet_pdf(sheet, PRINTED)
    monkeypatch.setattr(sheet_pdf_module, "Rows", TextObjectRows)
    reference = sheet_pdf(sheet, PRINTED)
    assert pages(ours) >= 3 and ours == reference
