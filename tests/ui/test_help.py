"""F1 opens the operator's manual at the page the clerk is on, in the
window's language, in the station's own help window."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.ui.conftest import activate, sign_in


def press_f1(qtbot, window):
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: getattr(window, "help_window", None) is not None
                    and window.help_window.isVisible(), timeout=5000)
    return window.help_window.browser.source()


# The help window reads no database: one backend is enough.
pytestmark = pytest.mark.parametrize("backend", ["sqlite"])


def test_f1_opens_the_section_of_the_page_on_screen(station_app, qtbot):
    window = sign_in(qtbot, station_app, "admin", keys=False)
    for page, anchor in [("tariffs", "tariffs"), ("approvals", "approvals"),
                         ("database", "database")]:
        window.open_page(page)
        url = press_f1(qtbot, window)
        assert url.fragment() == anchor
        assert Path(url.toLocalFile()).parent.name == "en"
        html = window.help_window.browser.toPlainText()
        assert "The administrator" in html
    station_app.relabel("zh_CN")  # the operator switches the window to Chinese
    window = station_app.window
    window.open_page("approvals")
    url = press_f1(qtbot, window)
    assert url.fragment() == "approvals"
    assert Path(url.toLocalFile()).parent.name == "zh_CN"
    assert "管理员的设置与密钥" in window.help_window.browser.toPlainText()
    station_app.relabel("en")


def test_f1_for_the_seller_opens_the_sale(station_app, qtbot):
    window = sign_in(qtbot, station_app, "seller", keys=False)
    assert press_f1(qtbot, window).fragment() == "sale"  # the seller's home page
    window.open_page("shift")
    assert press_f1(qtbot, window).fragment() == "shift"
