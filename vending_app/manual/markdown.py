"""The small part of Markdown the operator's manual is written in, read into
blocks that both the HTML page (the window's help) and the PDF draw.

Headings (``#`` to ``###``, with an optional ``{#anchor}`` at the end: the
window's F1 opens sections by these anchors), paragraphs, bullet and
numbered lists, tables, fenced code, block quotes (a warning or a tip) and a
picture alone in its paragraph. Inline: ``**bold**`` and ```code```. That is
all the manual needs, and it keeps the station free of a Markdown package.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

HEADING = re.compile(r"^(#{1,3})\s+(.*?)\s*(?:\{#([\w-]+)\})?\s*$")
IMAGE = re.compile(r"^!\[([^\]]*)\]\(([^)\s]+)\)$")
BULLET = re.compile(r"^\s*[-*]\s+(.*)$")
NUMBERED = re.compile(r"^\s*\d+[.)]\s+(.*)$")
BOLD = re.compile(r"\*\*(.+?)\*\*")
CODE = re.compile(r"`([^`]+)`")


@dataclass
class Block:
    kind: str  # heading, para, bullets, numbers, table, code, quote, image
    text: str = ""
    level: int = 0
    anchor: str = ""
    items: list = field(default_factory=list)  # list items, or table rows (lists of cells)


def _wide(ch: str) -> bool:
    return ord(ch) >= 0x2E80  # CJK and full-width punctuation: no space between lines


def join(parts: list[str]) -> str:
    """Lines of one paragraph as one line: a space between English words,
    none between Chinese characters."""
    out = ""
    for part in (p.strip() for p in parts):
        if out and part and not (_wide(out[-1]) or _wide(part[0])):
            out += " "
        out += part
    return out


def slug(text: str) -> str:
    return re.sub(r"[^\w]+", "-", text.lower()).strip("-") or "section"


def parse(source: str) -> list[Block]:
    """The blocks of a Markdown text, in order."""
    blocks: list[Block] = []
    lines = source.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip() or line.lstrip().startswith("<!--"):
            i += 1
        elif line.startswith("```"):
            i = _fence(lines, i, blocks)
        elif m := HEADING.match(line):
            blocks.append(Block("heading", m.group(2), len(m.group(1)),
                                m.group(3) or slug(m.group(2))))
            i += 1
        else:
            i = _run(lines, i, blocks)
    return blocks


def _fence(lines: list[str], i: int, blocks: list[Block]) -> int:
    end = i + 1
    while end < len(lines) and not lines[end].startswith("```"):
        end += 1
    blocks.append(Block("code", "\n".join(lines[i + 1:end])))
    return end + 1


def _run(lines: list[str], i: int, blocks: list[Block]) -> int:
    """A paragraph, list, table or quote: the lines up to the next blank one."""
    end = i
    while end < len(lines) and lines[end].strip() and not lines[end].startswith(("```", "#")):
        end += 1
    chunk = lines[i:end]
    first = chunk[0].strip()
    if first.startswith("|"):
        rows = [[c.strip() for c in r.strip().strip("|").split("|")] for r in chunk
                if not re.match(r"^\s*\|[\s:|-]+\|\s*$", r)]
        blocks.append(Block("table", items=rows))
    elif BULLET.match(chunk[0]) or NUMBERED.match(chunk[0]):
        blocks.append(_list(chunk))
    elif first.startswith(">"):
        blocks.append(Block("quote", join([r.strip().lstrip(">") for r in chunk])))
    elif (m := IMAGE.match(first)) and len(chunk) == 1:
        blocks.append(Block("image", m.group(1), anchor=m.group(2)))
    else:
        blocks.append(Block("para", join(chunk)))
    return end


def _list(chunk: list[str]) -> Block:
    ordered = bool(NUMBERED.match(chunk[0])) and not BULLET.match(chunk[0])
    items: list[str] = []
    for row in chunk:
        m = (NUMBERED if ordered else BULLET).match(row)
        if m:
            items.append(m.group(1).strip())
        elif items:  # a continuation line of the item above
            items[-1] = join([items[-1], row])
    return Block("numbers" if ordered else "bullets", items=items)


def inline_html(text: str) -> str:
    out = html.escape(text, quote=False)
    out = CODE.sub(r"<code>\1</code>", out)
    return BOLD.sub(r"<b>\1</b>", out)


def headings(blocks: list[Block], level: int | None = None) -> list[Block]:
    return [b for b in blocks if b.kind == "heading" and (level is None or b.level == level)]
