#!/usr/bin/env python3
"""Build the operator's manual (docs/manual/<language>/*.md) as HTML and PDF,
in English and Simplified Chinese.

    .venv/bin/python scripts/build_manual.py               # into vending_app/manual/build/
    .venv/bin/python scripts/build_manual.py --out DIR --language zh_CN

The HTML is what the window's F1 opens (vending_app/manual); the PDF is
drawn with reportlab in the font the station's receipts embed (receipts/fonts.py),
so the Chinese prints the same on any computer.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reportlab.lib import colors  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.platypus import (  # noqa: E402
    Image,
    ListFlowable,
    ListItem,
    PageBreak,
    Paragraph,
    Preformatted,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from receipts import fonts  # noqa: E402
from vending_app.manual import BUILT, LANGUAGES, SOURCES, read_blocks, write_html  # noqa: E402
from vending_app.manual.markdown import Block, inline_html  # noqa: E402

TITLES = {"en": "Vending station: the operator's manual",
          "zh_CN": "售电系统操作手册"}
WIDTH = A4[0] - 36 * mm


def styles(language: str) -> dict[str, ParagraphStyle]:
    font = fonts.register()
    wrap = {"wordWrap": "CJK"} if language == "zh_CN" else {}
    base = ParagraphStyle("body", fontName=font, fontSize=10, leading=15, spaceAfter=5, **wrap)
    return {
        "body": base,
        "h1": ParagraphStyle("h1", parent=base, fontSize=20, leading=26, spaceAfter=10,
                             textColor=colors.HexColor("#1f4e99"), keepWithNext=1),
        "h2": ParagraphStyle("h2", parent=base, fontSize=14, leading=19, spaceBefore=10,
                             keepWithNext=1),
        "h3": ParagraphStyle("h3", parent=base, fontSize=11.5, leading=16, spaceBefore=6,
                             keepWithNext=1),
        "quote": ParagraphStyle("quote", parent=base, backColor=colors.HexColor("#fff4d6"),
                                borderPadding=5, leftIndent=6, rightIndent=6, spaceBefore=4,
                                spaceAfter=9),
        "code": ParagraphStyle("code", parent=base, fontSize=9, leading=12, leftIndent=8,
                               backColor=colors.HexColor("#f2f2f2")),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=12, spaceAfter=0),
    }


def pdf_markup(text: str, font: str) -> str:
    """Inline Markdown as reportlab's paragraph markup."""
    return (inline_html(text).replace("<code>", f'<font name="{font}" color="#8a1c1c">')
            .replace("</code>", "</font>"))


def image(path: str) -> Image | Spacer:
    if not Path(path).is_file():
        return Spacer(1, 1)
    img = Image(path)
    scale = min(1.0, WIDTH / img.imageWidth, 110 * mm / img.imageHeight)
    img.drawWidth, img.drawHeight = img.imageWidth * scale, img.imageHeight * scale
    return img


def table(b: Block, st: dict) -> Table:
    font = st["body"].fontName
    rows = [[Paragraph(pdf_markup(c, font), st["cell"]) for c in r] for r in b.items]
    t = Table(rows, colWidths=[WIDTH * 0.25] + [WIDTH * 0.75 / max(1, len(rows[0]) - 1)]
              * (len(rows[0]) - 1), repeatRows=1)
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                           ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef8")),
                           ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return t


def flowables(b: Block, st: dict, first: bool) -> list:
    font = st["body"].fontName
    if b.kind == "heading":
        p = Paragraph(f'<a name="{b.anchor}"/>{pdf_markup(b.text, font)}', st[f"h{b.level}"])
        p._bookmark = (b.text, b.level, b.anchor)
        return ([] if first or b.level > 1 else [PageBreak()]) + [p]
    if b.kind in ("bullets", "numbers"):
        items = [ListItem(Paragraph(pdf_markup(i, font), st["body"])) for i in b.items]
        return [ListFlowable(items, bulletType="1" if b.kind == "numbers" else "bullet",
                             bulletFontName=font, leftIndent=14)]
    if b.kind == "table":
        return [table(b, st), Spacer(1, 6)]
    if b.kind == "code":
        return [Preformatted(b.text, st["code"])]
    if b.kind == "image":
        return [image(b.anchor), Spacer(1, 6)]
    style = st["quote"] if b.kind == "quote" else st["body"]
    return [Paragraph(pdf_markup(b.text, font), style)]


class ManualDoc(SimpleDocTemplate):
    """Chapters and sections become the PDF's outline (its bookmarks)."""

    def afterFlowable(self, flowable) -> None:  # noqa: N802 - reportlab's name
        mark = getattr(flowable, "_bookmark", None)
        if mark and mark[1] <= 2:
            text, level, key = mark
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=level - 1, closed=level > 1)


def write_pdf(language: str, out: Path, sources: Path = SOURCES) -> Path:
    st = styles(language)
    blocks = read_blocks(language, sources)
    path = out / language / "manual.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    story = [Paragraph(TITLES[language], st["h1"]), Spacer(1, 8)]
    for n, b in enumerate(blocks):
        story += flowables(b, st, first=n == 0)
    doc = ManualDoc(str(path), pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                    topMargin=16 * mm, bottomMargin=16 * mm, title=TITLES[language],
                    author="vending-station", lang="zh-CN" if language == "zh_CN" else "en")
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return path


def _footer(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFont(fonts.register(), 8)
    canvas.drawRightString(A4[0] - 18 * mm, 9 * mm, str(doc.page))
    canvas.restoreState()


def stale(language: str, out: Path, html_only: bool) -> bool:
    built = [out / language / "index.html"] + ([] if html_only else [out / language / "manual.pdf"])
    if not all(p.is_file() for p in built):
        return True
    inputs = list((SOURCES / language).glob("*.md")) + list((ROOT / "docs" / "screenshots")
                                                             .glob(f"{language}-*.png"))
    newest = max((p.stat().st_mtime for p in inputs), default=0)
    return newest > min(p.stat().st_mtime for p in built)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, default=BUILT, help="default: %(default)s")
    p.add_argument("--language", choices=LANGUAGES, action="append")
    p.add_argument("--html-only", action="store_true", help="no PDF (no font needed)")
    p.add_argument("--if-stale", action="store_true",
                   help="only when a source or a picture is newer than what was built")
    args = p.parse_args(argv)
    for lang in args.language or LANGUAGES:
        if args.if_stale and not stale(lang, args.out, args.html_only):
            continue
        print(write_html(lang, args.out))
        if not args.html_only:
            print(write_pdf(lang, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
