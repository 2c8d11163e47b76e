"""Report sheets (dekad detail, month-end assessment, shift X/Z) as PDF on
A4: a title block, the table in sections with their subtotals, the total,
notes, a line chart where the sheet has one, signature lines, and the
sheets appended to it (the month end's line-loss table). Every figure comes from the Sheet: nothing is
added up here.

A whole office's dekad sheet is some 400 pages and takes seconds; the
window shows its first page at once from ``first_page_only`` (the same
page, drawn from the rows that can reach it) while the whole document is
drawn, and calls off a drawing it no longer wants (``stop``)."""

from __future__ import annotations

import io
import math
from dataclasses import replace
from datetime import datetime
from xml.sax.saxutils import escape

from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from receipts import fonts
from receipts.formatting import cell
from receipts.sheet_rows import MIN_SIZE, PAD, ROW, SIZE, Rows
from vending_app.core.documents import Sheet

CHUNK = 40  # rows per table block: long sheets stay linear to lay out
NUMERIC = ("money", "kwh", "int")


def _style(font: str, size: float, align: int = 0, leading: float | None = None):
    return ParagraphStyle(f"s{size}{align}", fontName=font, fontSize=size,
                          leading=leading or size + 3, alignment=align)


class DrawingStopped(Exception):  # noqa: N818 - not an error: the caller asked for it
    """The drawing was called off (``stop`` was set): nobody wants it now."""


class _Enough(Exception):  # noqa: N818 - the pages asked for are drawn
    pass


class _Document(SimpleDocTemplate):
    """Checks at the end of every page whether to go on: not when ``stop``
    is set, nor past ``pages`` pages."""

    def __init__(self, buf, pages: int | None, stop, **kwargs):
        super().__init__(buf, **kwargs)
        self.pages_wanted, self.stop = pages, stop

    def handle_pageEnd(self):  # noqa: N802 - reportlab's name
        if self.stop is not None and self.stop.is_set():
            raise DrawingStopped
        super().handle_pageEnd()
        if self.pages_wanted is not None and self.page >= self.pages_wanted:
            raise _Enough


def sheet_pdf(sheet: Sheet, printed_at: datetime | None = None, first_page_only: bool = False,
              stop=None) -> bytes:
    """The sheet as a PDF; ``first_page_only``: just its first page, as the
    whole document draws it, in a fraction of the time. ``stop`` (a
    ``threading.Event``) calls the drawing off: DrawingStopped."""
    font = fonts.register()
    wide = any(len(s.columns) > 5 for s in (sheet, *sheet.appendix))
    pagesize = landscape(A4) if wide else A4
    margin = 12 * mm
    width = pagesize[0] - 2 * margin
    if first_page_only:
        sheet = first_rows(sheet, math.ceil(pagesize[1] / ROW))
    story = _story(sheet, font, width, with_header=True)
    for extra in sheet.appendix:
        story += [PageBreak(), *_story(extra, font, width, with_header=False)]
    stamp = (printed_at or datetime.now().astimezone()).strftime("%Y-%m-%d %H:%M")

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(font, 7)
        whose = f" · {sheet.subtitle}" if sheet.subtitle else ""
        canvas.drawString(margin, 6 * mm,
                          f"{sheet.title_en}{whose} · {sheet.period} · printed {stamp}")
        canvas.drawRightString(pagesize[0] - margin, 6 * mm, f"page {doc.page}")
        canvas.restoreState()

    buf = io.BytesIO()
    doc = _Document(buf, 1 if first_page_only else None, stop, pagesize=pagesize,
                    leftMargin=margin, rightMargin=margin, topMargin=margin,
                    bottomMargin=12 * mm, title=f"{sheet.title_en} {sheet.period}")
    try:
        doc.build(story, onFirstPage=footer, onLaterPages=footer)
    except _Enough:  # the first page is drawn; the rest is not wanted
        doc.canv.save()
    return buf.getvalue()


def first_rows(sheet: Sheet, budget: int) -> Sheet:
    """The sheet cut to the rows that can reach its first page (``budget``,
    more than a page holds): the rest is not formatted, measured or laid
    out. Nothing after a cut row can reach page one, nor can the appendix
    (it starts on a page of its own). A section whose later rows must wrap
    is drawn wrapped in the whole document; its first page draws the rows
    it has, which fit."""
    kept, left = [], budget
    for section in sheet.sections:
        if left <= 0:
            break
        kept.append(replace(section, rows=section.rows[:left]))
        left -= len(section.rows)
    return replace(sheet, sections=tuple(kept), appendix=())


def _story(sheet: Sheet, font: str, width: float, with_header: bool) -> list:
    title, small = _style(font, 14, 1), _style(font, 8.5)
    story = [Paragraph(sheet.header, _style(font, 11, 1))] if with_header else []
    story += [Paragraph(f"{sheet.title_en} {sheet.title_zh}", title)]
    if sheet.subtitle:
        story.append(Paragraph(escape(sheet.subtitle), _style(font, 12, 1)))
    story.append(Paragraph(f"Period 期间: {sheet.period}", small))
    for en, zh, value in sheet.facts:
        story.append(Paragraph(f"{en} {zh}: {value}", small))
    story.append(Spacer(1, 3 * mm))
    wide_keys = {"customer": 2.2, "item": 2.2, "name": 1.6, "reasons": 6.0}
    weights = [wide_keys.get(c.key, 1.0) for c in sheet.columns]
    widths = [width * w / sum(weights) for w in weights]
    right = tuple(i for i, c in enumerate(sheet.columns) if c.kind in NUMERIC)

    def cells(row: dict) -> list[str]:
        return [cell(row.get(c.key), c.kind) for c in sheet.columns]

    head = [(c.en, c.zh) for c in sheet.columns]
    for section in sheet.sections:
        if section.heading:  # a sheet of one table needs no heading over it
            story.append(Paragraph(section.heading, _style(font, 9.5)))
        rows = [cells(r) for r in section.rows]
        if fits(rows, widths, font):
            story.append(Rows(rows, widths, right, font, head))
        else:  # text that must wrap (reasons, long names): table cells
            story += wrapped(rows, head, widths, right, font)
        if section.subtotal:
            sub = {**section.subtotal, sheet.columns[0].key: "Subtotal 小计"}
            story.append(Rows([cells(sub)], widths, right, font, shaded=True))
        story.append(Spacer(1, 2 * mm))
    if sheet.total:
        total = {**sheet.total, sheet.columns[0].key: "Total 合计"}
        story.append(Rows([cells(total)], widths, right, font, shaded=True))
    return story + _tail(sheet, font, width, small)


def _tail(sheet: Sheet, font: str, width: float, small) -> list:
    """What follows the tables: notes, the chart, the signature lines."""
    story = [Paragraph(note, small) for note in sheet.notes]
    if sheet.chart is not None:
        story += [Spacer(1, 4 * mm), Paragraph(sheet.chart.title, small),
                  line_chart(sheet.chart, width, font)]
    if sheet.signatures:
        story.append(Spacer(1, 8 * mm))
        sig = [[Paragraph(f"{en} {zh}: ________________", small) for en, zh in sheet.signatures]]
        story.append(KeepTogether(Table(sig, colWidths=[width / len(sheet.signatures)] *
                                        len(sheet.signatures))))
    return story


def line_chart(chart, width: float, font: str) -> Drawing:
    """A line per series; gaps where a value is missing."""
    height = 60 * mm
    d = Drawing(width, height)
    plot = HorizontalLineChart()
    plot.x, plot.y, plot.width, plot.height = 30, 30, width - 140, height - 45
    plot.data = [tuple(None if v is None else float(v) for v in values)
                 for _, values in chart.series] or [(0,)]
    plot.categoryAxis.categoryNames = list(chart.labels)
    plot.categoryAxis.labels.fontName = plot.valueAxis.labels.fontName = font
    plot.categoryAxis.labels.fontSize = plot.valueAxis.labels.fontSize = 7
    plot.valueAxis.valueMin = 0
    palette = [colors.HexColor(c) for c in ("#1f77b4", "#d62728", "#2ca02c", "#9467bd",
                                            "#ff7f0e", "#8c564b")]
    for i in range(len(plot.data)):
        plot.lines[i].strokeColor = palette[i % len(palette)]
        plot.lines[i].strokeWidth = 1.5
    d.add(plot)
    legend = Legend()
    legend.x, legend.y = width - 100, height - 20
    legend.fontName, legend.fontSize = font, 8
    legend.colorNamePairs = [(palette[i % len(palette)], name)
                             for i, (name, _) in enumerate(chart.series)]
    d.add(legend)
    return d


def fits(rows: list[list[str]], widths: list[float], font: str) -> bool:
    """Every cell on one line (a long one shrunk at most to MIN_SIZE). A
    cell of no more characters than the widest glyph fits into its room
    is not measured: most of a long sheet's are short."""
    room = [w - 2 * PAD for w in widths]
    face = getattr(pdfmetrics.getFont(font), "face", None)
    widest = max(getattr(face, "charWidths", {}).values(), default=0)
    sure = [int(r // (max(widest, 1000) / 1000 * MIN_SIZE)) for r in room]
    return all(len(v) <= n or stringWidth(v, font, MIN_SIZE) <= r for row in rows
               for v, r, n in zip(row, room, sure, strict=True))


def wrapped(rows: list[list[str]], head, widths, right, font) -> list:
    """Rows as table cells that wrap, in blocks of CHUNK (linear to lay out)."""
    styles = [_style(font, SIZE, 2 if i in right else 0) for i in range(len(widths))]
    header = [Paragraph(f"{en}<br/>{zh}", styles[0]) for en, zh in head]
    body = [[Paragraph(v, st) for v, st in zip(row, styles, strict=True)] for row in rows]
    out = []
    for start in range(0, max(len(body), 1), CHUNK):
        t = Table([header, *body[start:start + CHUNK]], colWidths=widths, repeatRows=0)
        t.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), font), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ("TOPPADDING", (0, 0), (-1, -1), 0.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
            ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.93, 0.93, 0.93))]))
        out.append(t)
    return out
