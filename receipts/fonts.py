"""The font the documents are drawn in: one TrueType font that has both the
Latin and the CJK characters, embedded (subset) in every PDF so a document
prints the same anywhere.

The station ships WenQuanYi Micro Hei inside its package (copied from
Debian's fonts-wqy-microhei by scripts/build_resources.py; Apache 2.0 /
GPLv3 with the font exception, so it may ship with the station, its licence
beside it); without it, the system's copy or a Windows CJK font is used.
VENDING_CJK_FONT names another TrueType file (.ttf or .ttc) to use instead.
"""

from __future__ import annotations

import os
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from vending_app import resources
from vending_app.core.errors import StateError

FONT = "StationCJK"
PACKAGED = "wqy-microhei.ttc"
CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simsun.ttc",
)


def font_path() -> Path:
    wanted = os.environ.get("VENDING_CJK_FONT")
    packaged = str(resources.path("fonts", PACKAGED))
    for candidate in ([wanted] if wanted else []) + [packaged, *CANDIDATES]:
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
