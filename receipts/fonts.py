"""The font the documents are drawn in: one TrueType font that has both the
Latin and the CJK characters, embedded (subset) in every PDF so a document
prints the same anywhere.

The install step provides WenQuanYi Micro Hei (Debian's fonts-wqy-microhei,
Apache 2.0 / GPLv3 with the font exception, so it may ship with the
station). VENDING_CJK_FONT names another TrueType file (.ttf or .ttc) to use
instead.
"""

from __future__ import annotations

import os
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from vending_app.core.errors import StateError

FONT = "StationCJK"
CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simsun.ttc",
)


def font_path() -> Path:
    wanted = os.environ.get("VENDING_CJK_FONT")
    for candidate in ([wanted] if wanted else []) + list(CANDIDATES):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    raise StateError("No font with Chinese characters was found for printing: install the "
                     "fonts-wqy-microhei package, or set VENDING_CJK_FONT to a TrueType font.")


def register() -> str:
    """Register the font with reportlab once; returns its name."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        path = font_path()
        kwargs = {"subfontIndex": 0} if path.suffix.lower() == ".ttc" else {}
        pdfmetrics.registerFont(TTFont(FONT, str(path), **kwargs))
    return FONT
