"""The operator's manual: where the window finds it, and its HTML page.

The manual is written in Markdown (docs/manual/<language>/*.md, one chapter
per role) and built by scripts/build_manual.py into this package's
``build/`` folder: ``build/<language>/index.html`` (with its pictures) and
``build/<language>/manual.pdf``. The install step runs that script, so an
installed station carries the built manual as package data and needs neither
the sources nor a network. A source checkout that has not built it yet
builds the HTML on first use (it takes milliseconds) into the user's cache
folder; the PDF is only made by the script.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from vending_app.manual.markdown import Block, inline_html, parse

PACKAGE = Path(__file__).resolve().parent
BUILT = PACKAGE / "build"
SOURCES = PACKAGE.parents[1] / "docs" / "manual"
LANGUAGES = ("en", "zh_CN")
STYLE = """body { font-family: sans-serif; font-size: 14px; max-width: 820px; margin: auto; }
h1 { font-size: 24px; border-bottom: 2px solid #1f6feb; margin-top: 32px; }
h2 { font-size: 18px; margin-top: 24px; } h3 { font-size: 15px; }
table { border-collapse: collapse; } td, th { border: 1px solid #999; padding: 4px 8px; }
code, pre { font-family: monospace; background: #f2f2f2; }
blockquote { background: #fff4d6; border-left: 4px solid #d29922; padding: 4px 12px; }"""


def chapters(language: str, sources: Path = SOURCES) -> list[Path]:
    return sorted((sources / language).glob("*.md"))


def read_blocks(language: str, sources: Path = SOURCES) -> list[Block]:
    blocks: list[Block] = []
    for path in chapters(language, sources):
        for b in parse(path.read_text(encoding="utf-8")):
            if b.kind == "image":  # relative to the chapter's file
                b.anchor = str((path.parent / b.anchor).resolve())
            blocks.append(b)
    return blocks


def _block_html(b: Block) -> str:
    if b.kind == "heading":
        tag = f"h{b.level}"
        return f'<{tag} id="{b.anchor}"><a name="{b.anchor}"></a>{inline_html(b.text)}</{tag}>'
    if b.kind in ("bullets", "numbers"):
        tag = "ul" if b.kind == "bullets" else "ol"
        return f"<{tag}>" + "".join(f"<li>{inline_html(i)}</li>" for i in b.items) + f"</{tag}>"
    if b.kind == "table":
        head, *rows = b.items
        cells = "".join(f"<th>{inline_html(c)}</th>" for c in head)
        body = "".join("<tr>" + "".join(f"<td>{inline_html(c)}</td>" for c in r) + "</tr>"
                       for r in rows)
        return f"<table><tr>{cells}</tr>{body}</table>"
    if b.kind == "code":
        return f"<pre>{inline_html(b.text).replace('<code>', '').replace('</code>', '')}</pre>"
    if b.kind == "quote":
        return f"<blockquote>{inline_html(b.text)}</blockquote>"
    if b.kind == "image":
        return f'<p><img src="img/{Path(b.anchor).name}" width="600" alt="{b.text}"></p>'
    return f"<p>{inline_html(b.text)}</p>"


def write_html(language: str, out: Path, sources: Path = SOURCES) -> Path:
    """The manual in ``language`` as one HTML page with its pictures under
    ``out/<language>/``; returns the page."""
    blocks = read_blocks(language, sources)
    folder = out / language
    (folder / "img").mkdir(parents=True, exist_ok=True)
    for b in blocks:
        if b.kind == "image" and Path(b.anchor).is_file():
            shutil.copyfile(b.anchor, folder / "img" / Path(b.anchor).name)
    title = next((b.text for b in blocks if b.kind == "heading"), "Manual")
    lang = "zh-CN" if language == "zh_CN" else "en"
    page = (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{inline_html(title)}</title><style>{STYLE}</style></head><body>\n"
            + "\n".join(_block_html(b) for b in blocks) + "\n</body></html>\n")
    path = folder / "index.html"
    path.write_text(page, encoding="utf-8")
    return path


def _stale(built: Path, language: str) -> bool:
    """A checkout's sources newer than what was built from them."""
    sources = chapters(language)
    return bool(sources) and max(p.stat().st_mtime for p in sources) > built.stat().st_mtime


def html_page(language: str) -> Path | None:
    """The manual's page in ``language`` (English when there is none in
    it), built on first use in a source checkout; None when there is none."""
    for lang in dict.fromkeys((language if language in LANGUAGES else "en", "en")):
        built = BUILT / lang / "index.html"
        if built.is_file() and not _stale(built, lang):
            return built
        if chapters(lang):
            import platformdirs
            cache = platformdirs.user_cache_path("vending-station", appauthor=False) / "manual"
            return write_html(lang, cache)
    return None
