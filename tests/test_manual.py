"""The operator's manual: built as PDF and HTML in both languages, every
role's chapter in the PDF's text, and every page of the window mapped to a
section that both languages have."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = {
    "en": ["Getting started", "The seller's day", "The clerk's workflows",
           "The administrator's set-up and keys", "Finance's sheets", "When something fails"],
    "zh_CN": ["入门", "售电员的一天", "业务员的工作", "管理员的设置与密钥", "财务的报表",
              "出现故障时"],
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("manual")
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_manual.py"), "--out",
                           str(out)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return out


@pytest.mark.parametrize("language", list(CHAPTERS))
def test_the_pdf_has_every_role_chapter(built, language):
    pdf = built / language / "manual.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = " ".join(text.split())
    for title in CHAPTERS[language]:
        assert title in flat, f"{title!r} not in the {language} PDF"
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                           check=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", pages).group(1)) >= 6  # a chapter a page at least


def anchors(page: Path) -> set[str]:
    return set(re.findall(r'<a name="([\w-]+)">', page.read_text(encoding="utf-8")))


def test_every_window_page_opens_a_section_both_languages_have(built):
    from vending_app.ui.help import PAGE_SECTIONS, START
    from vending_app.ui.main_window import page_specs
    assert {s.key for s in page_specs()} <= set(PAGE_SECTIONS), "a page without a section"
    en, zh = anchors(built / "en" / "index.html"), anchors(built / "zh_CN" / "index.html")
    wanted = set(PAGE_SECTIONS.values()) | {START}
    assert wanted <= en, wanted - en
    assert wanted <= zh, wanted - zh
    assert en == zh, en ^ zh  # the two languages have the same sections
    for language in CHAPTERS:  # the pictures the page shows are beside it
        page = built / language / "index.html"
        for src in re.findall(r'<img src="([^"]+)"', page.read_text(encoding="utf-8")):
            assert (page.parent / src).is_file(), src
