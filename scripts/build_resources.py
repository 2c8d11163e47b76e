"""The package data that is made, not written: the compiled translation
(.qm, from the .ts source) and the document font with its licence, put into
vending_app/resources/ so that an editable install, a wheel and the bundle
all carry them. The install step (scripts/bootstrap.sh) runs it, and so do
the builds of a wheel and of the bundle (scripts/build_bundle.sh).

    python scripts/build_resources.py          # compile, copy the font
    python scripts/build_resources.py --check  # exit 1 if something is missing

The font is WenQuanYi Micro Hei from Debian's fonts-wqy-microhei (Apache 2.0
/ GPLv3 with the font exception: it may ship with the station, with its
copyright file beside it).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = ROOT / "vending_app" / "resources"
FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
FONT_LICENCE = Path("/usr/share/doc/fonts-wqy-microhei/copyright")


def made() -> list[Path]:
    """What this script puts into the package."""
    return [RESOURCES / "i18n" / "vending_zh_CN.qm", RESOURCES / "fonts" / FONT.name,
            RESOURCES / "fonts" / "wqy-microhei.copyright"]


def copy_font() -> Path:
    if not FONT.is_file():
        raise SystemExit(f"{FONT} is missing: install the fonts-wqy-microhei package")
    target = RESOURCES / "fonts"
    target.mkdir(exist_ok=True)
    for source, name in ((FONT, FONT.name), (FONT_LICENCE, "wqy-microhei.copyright")):
        dest = target / name
        if not dest.exists() or dest.stat().st_size != source.stat().st_size:
            shutil.copyfile(source, dest)
    return target / FONT.name


def main(argv: list[str]) -> int:
    if argv[:1] == ["--check"]:
        missing = [str(p.relative_to(ROOT)) for p in made() if not p.is_file()]
        if missing:
            print("missing package data (run scripts/build_resources.py): " + ", ".join(missing),
                  file=sys.stderr)
        return 1 if missing else 0
    sys.path.insert(0, str(ROOT / "scripts"))
    import i18n  # the translation catalogue's own script

    print(f">> translations compiled: {i18n.compile_qm().relative_to(ROOT)}")
    print(f">> document font: {copy_font().relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
