"""A sheet's rows as one flowable that draws straight on the canvas.

A dekad sheet of the whole office is 18,000 lines over some 400 pages:
laid out as table cells, each a paragraph, it took most of a minute.
Every row here is one line of text of the same height, so a page break is
a division (``split``) and a page is one text object and one grid
(``draw``): the time grows with the rows and nothing else.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

SIZE, ROW, PAD, MIN_SIZE = 7.5, 10.0, 3.0, 4.5
SHADE = colors.Color(0.93, 0.93, 0.93)


class Rows(Flowable):
    """Rows of text cells under an optional two-line header (repeated on
    every page the rows run on); ``shaded`` greys the rows (subtotals)."""

    def __init__(self, rows: list[list[str]], widths: list[float], right: tuple[int, ...],
                 font: str, head: list[tuple[str, str]] | None = None, shaded: bool = False):
        super().__init__()
        self.rows, self.widths, self.right, self.font = rows, widths, set(right), font
        self.head, self.shaded = head, shaded

    def _head_height(self) -> float:
        return 2 * ROW if self.head else 0.0

    def wrap(self, avail_width, avail_height):
        self.width = sum(self.widths)
        self.height = self._head_height() + ROW * len(self.rows)
        return self.width, self.height

    def split(self, avail_width, avail_height):
        fit = int((avail_height - self._head_height()) // ROW)
        if fit < 1 or fit >= len(self.rows):
            return [] if fit < 1 else [self]
        return [Rows(self.rows[:fit], self.widths, tuple(self.right), self.font, self.head,
                     self.shaded),
                Rows(self.rows[fit:], self.widths, tuple(self.right), self.font, self.head,
                     self.shaded)]

    def draw(self):
        c, top = self.canv, self.height
        xs = [0.0]
        for w in self.widths:
            xs.append(xs[-1] + w)
        head = self._head_height()
        c.setFillColor(SHADE)
        if head:
            c.rect(0, top - head, self.width, head, stroke=0, fill=1)
        if self.shaded:
            c.rect(0, 0, self.width, top - head, stroke=0, fill=1)
        c.setFillColor(colors.black)
        text = c.beginText()
        if self.head:
            for i, (en, zh) in enumerate(self.head):
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
        ys = [top - head - ROW * n for n in range(len(self.rows) + 1)]
        c.grid(xs, ([top] if head else []) + ys)

    def _cell(self, text, value: str, x: float, y: float, width: float, right: bool) -> None:
        if not value:
            return
        room = width - 2 * PAD
        w = stringWidth(value, self.font, SIZE)
        size = SIZE if w <= room else max(MIN_SIZE, SIZE * room / w)  # a long name shrinks
        text.setFont(self.font, size)
        if size != SIZE:
            w = stringWidth(value, self.font, size)
        text.setTextOrigin(x + width - PAD - w if right else x + PAD, y)
        text.textOut(value)
