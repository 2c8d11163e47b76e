"""Documents are checked the way a person reads them: rendered to PNG by
poppler's pdftoppm and their text extracted by pdftotext."""

from __future__ import annotations

import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def poppler():
    for tool in ("pdftoppm", "pdftotext"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is missing: scripts/test.sh installs poppler-utils")


def pdf_text(pdf: bytes, tmp_path: Path, name: str = "doc") -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def render_png(pdf: bytes, tmp_path: Path, name: str = "doc", dpi: int = 60) -> list[Path]:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(path), str(tmp_path / name)],
                   check=True)
    pages = sorted(tmp_path.glob(f"{name}-*.png"))
    assert pages, "pdftoppm rendered nothing"
    return pages


def inked(png: Path) -> float:
    """Share of the page that is not white: a rendered page has text on it."""
    from PySide6.QtGui import QImage
    img = QImage(str(png)).convertToFormat(QImage.Format.Format_Grayscale8)
    dark = sum(1 for y in range(0, img.height(), 2) for x in range(0, img.width(), 2)
               if img.pixelColor(x, y).value() < 128)
    return dark / ((img.height() // 2 + 1) * (img.width() // 2 + 1))


NUMBER = re.compile(r"-?\d[\d,]*\.\d\d\b")


def numbers(line: str) -> list[Decimal]:
    return [Decimal(n.replace(",", "")) for n in NUMBER.findall(line)]
