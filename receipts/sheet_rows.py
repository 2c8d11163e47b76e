"""A sheet's rows as one flowable that draws straight on the canvas.

A dekad sheet of the whole office is 18,000 lines over some 400 pages:
laid out as table cells, each a paragraph, it took most of a minute.
Every row here is one line of text of the same height, so a page break is
a division (``split``) and a page is one text object and one grid
(``draw``): the time grows with the rows and nothing else.

A page's cells are written as PDF text operators by ``Ink``: the same
operators, byte for byte, that reportlab's text object writes for
``setFont``, ``setTextOrigin`` and ``textOut``, without its per-call work
(a cell's width measured twice, its text split into font subsets one
character at a time): printable ASCII is its own code in the font's first
subset, and other text is split once per document and remembered. It
drew a whole office's dekad sheet in about half the time.
"""

from __future__ import annotations

import weakref

from reportlab.lib import colors
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics
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
        part = type(self)
        return [part(self.rows[:fit], self.widths, tuple(self.right), self.font, self.head,
                     self.shaded),
                part(self.rows[fit:], self.widths, tuple(self.right), self.font, self.head,
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
        ink = Ink.of(c, self.font)
        ops = ["BT", "1 0 0 1 0 0 Tm"]  # what beginText() starts with
        if self.head:  # column by column, English over Chinese
            en_y, zh_y = fp_str(top - ROW + 2.5), fp_str(top - 2 * ROW + 2.5)
            for i, (en, zh) in enumerate(self.head):
                for text, at_y in ((en, en_y), (zh, zh_y)):
                    if text:
                        ink.cell(ops, text, xs[i], at_y, self.widths[i], False)
        y = top - head
        for row in self.rows:
            y -= ROW
            ink.row(ops, row, xs, self.widths, self.right, y + 2.5)
        ops.append("ET")
        c._code.append(" ".join(ops))  # what drawText() does with a text object's code
        c.setStrokeColor(colors.grey)
        c.setLineWidth(0.25)
        ys = [top - head - ROW * n for n in range(len(self.rows) + 1)]
        c.grid(xs, ([top] if head else []) + ys)


class Ink:
    """One document's cell text as PDF operators (see the module's note)."""

    _by_doc: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    @classmethod
    def of(cls, canv, font: str) -> Ink:
        """The document's ink: the font's subsets are the document's own."""
        inks = cls._by_doc.setdefault(canv._doc, {})
        if font not in inks:
            inks[font] = cls(canv, font)
        return inks[font]

    def __init__(self, canv, font: str):
        self.font, self.doc, self.escape = pdfmetrics.getFont(font), canv._doc, canv._escape
        state = self.font._assignState(self.doc)
        self.ascii = all(state.assignments.get(n) == n for n in range(32, 127))
        self.split: dict[str, list[tuple[int, str]]] = {}
        self.names: dict[int, str] = {}
        self.sizes: dict[float, str] = {}
        self.lefts: dict[float, str] = {}

    def pieces(self, value: str) -> list[tuple[int, str]]:
        """(subset, escaped codes) as ``TTFont.splitString`` gives them."""
        if self.ascii and value.isascii() and value.isprintable():
            return [(0, self.escape(value.encode("ascii")))]
        found = self.split.get(value)
        if found is None:
            found = self.split[value] = [(subset, self.escape(codes)) for subset, codes
                                         in self.font.splitString(value, self.doc)]
        return found

    def row(self, ops: list[str], values: list[str], xs: list[float], widths: list[float],
            right, y: float) -> None:
        """A row of cells on the baseline ``y``; ``right``: the right-aligned columns."""
        at_y = fp_str(y)
        for i, value in enumerate(values):
            if value:
                self.cell(ops, value, xs[i], at_y, widths[i], i in right)

    def cell(self, ops: list[str], value: str, x: float, at_y: str, width: float,
             right: bool) -> None:
        """One cell's text: a long one shrinks (at most to MIN_SIZE) to fit."""
        room = width - 2 * PAD
        w = self.font.stringWidth(value, SIZE)
        size = SIZE if w <= room else max(MIN_SIZE, SIZE * room / w)
        if size != SIZE:
            w = self.font.stringWidth(value, size)
        at_x = fp_str(x + width - PAD - w) if right else self._left(x + PAD)
        ops.append(f"1 0 0 1 {at_x} {at_y} Tm")
        current = -1  # setFont() forgets the subset: every cell names its font
        for subset, codes in self.pieces(value):
            if subset != current:
                ops.append(f"{self._name(subset)} {self._size(size)}")
                current = subset
            ops.append(f"({codes}) Tj")

    def _left(self, x: float) -> str:
        text = self.lefts.get(x)
        if text is None:
            text = self.lefts[x] = fp_str(x)
        return text

    def _name(self, subset: int) -> str:
        name = self.names.get(subset)
        if name is None:  # also puts the subset in the document
            name = self.names[subset] = self.font.getSubsetInternalName(subset, self.doc)
        return name

    def _size(self, size: float) -> str:
        text = self.sizes.get(size)
        if text is None:  # setFont()'s leading: 1.2 times the size
            text = self.sizes[size] = f"{fp_str(size)} Tf {fp_str(size * 1.2)} TL"
        return text
