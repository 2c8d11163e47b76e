"""The wheel as an office's IT would install it: built from the repository
(scripts/build_wheel.sh), installed into a fresh virtual environment outside
the checkout, and run from there in a fresh home: the demo office's sale on
the virtual reader with its invoice (a PDF with Chinese text), and the
window started in Chinese (offscreen). Everything it reads comes from the
installed package: the translation, the style sheet, the document font.

About two minutes on an idle machine, most of it pip installing Qt into the
new environment (from pip's cache after the first time)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.install import counter
from tests.install.conftest import sh

WINDOW = r'''
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import vending_app
import vending_app.ui.controller as controller
print("package:", vending_app.__file__, flush=True)
tries = iter(range(100))  # 20 s at most

def look():
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.windowTitle()]
    if not shown and next(tries, None) is not None:
        QTimer.singleShot(200, look)
        return
    for w in shown:
        print("window:", w.windowTitle(), flush=True)
    QApplication.quit()

real_run = controller.run

def run(core, language=None):
    QTimer.singleShot(200, look)
    return real_run(core, language)

controller.run = run
from vending_app.app import main
sys.exit(main(["--language", "zh_CN"]))
'''

# The first test waits for the shared build and install too (minutes on a busy machine).
pytestmark = pytest.mark.timeout(2400)


@pytest.fixture
def venv(installed_wheel) -> Path:
    return installed_wheel.venv


def test_the_installed_wheel_sells_and_prints_chinese(venv, pcsc_ready, tmp_path):
    env, cli = counter.home_env(tmp_path, venv / "bin"), str(venv / "bin/vending-station-cli")
    invoice = tmp_path / "invoice.pdf"
    try:
        said = sh(["bash", "-c", counter.script(cli, invoice)], env=env, cwd=tmp_path,
                  timeout=600).stdout
    finally:
        counter.take_out_card(cli, env, tmp_path)
    counter.check_sale(said, invoice)
    version = sh([cli, "--version"], env=env, cwd=tmp_path).stdout
    assert "vending-station 0.1.0" in version and "(current)" in version, version


def test_the_installed_wheel_starts_the_window_in_chinese(venv, tmp_path):
    env = counter.home_env(tmp_path, venv / "bin")
    env["QT_QPA_PLATFORM"] = "offscreen"
    cli = str(venv / "bin/vending-station-cli")
    for args in (["db", "upgrade"], ["demo", "seed", "--password", "demo-pass"],
                 ["--operator", "admin", "setup", "--name", "Demo counter"]):
        sh([cli, *args], env=env, cwd=tmp_path, timeout=120)
    said = sh([str(venv / "bin/python"), "-c", WINDOW], env=env, cwd=tmp_path, timeout=300).stdout
    assert f"package: {venv}" in said, said  # not the checkout's
    assert "window: 售电站S01：登录" in said, said


def test_the_wheel_carries_its_package_data(venv):
    files = sh([str(venv / "bin/python"), "-c",
                "from vending_app import resources as r; print(r.path())"], cwd=venv).stdout.strip()
    folder = Path(files)
    assert folder.is_relative_to(venv), folder
    for name in ("i18n/vending_zh_CN.qm", "i18n/vending_zh_CN.ts", "style.qss", "icon.svg",
                 "fonts/wqy-microhei.ttc", "fonts/wqy-microhei.copyright"):
        assert (folder / name).is_file(), name


def test_the_wheel_carries_the_manual_f1_opens(venv):
    """Without docs/ beside it, the installed station still has its manual,
    built, in both languages."""
    built = sh([str(venv / "bin/python"), "-c",
                "from vending_app import manual; print(manual.BUILT)"], cwd=venv).stdout.strip()
    folder = Path(built)
    assert folder.is_relative_to(venv), folder
    for lang in ("en", "zh_CN"):
        for name in ("index.html", "manual.pdf"):
            assert (folder / lang / name).is_file(), (lang, name)
