"""The application log from the window: a job's failure is written with its
traceback, the operator is not told that nothing changed when the station
cannot know it, an exception nothing caught is logged and shown while the
window stays, and the Diagnostics page shows the log and the last card
exchange."""

import pytest
import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import banner, idle, read_card, sign_in
from vending_app import applog
from vending_app.core.errors import ValidationError
from vending_app.ui import diagnostics


@pytest.fixture
def app_log(tmp_path):
    """The log as the window sets it up, in a folder of the test's (faulthandler
    stays pytest's; the hooks only where a test installs them)."""
    path = applog.setup("window", directory=tmp_path / "logs", native=False, hooks=False)
    yield path
    applog.shutdown()


def fail_search(qtbot, controller, desk, monkeypatch, error: BaseException):
    """Sign in as the clerk and search, with the search raising ``error``."""

    def search_that_breaks(actor, text, limit):
        raise error

    monkeypatch.setattr(desk.core.accounts, "search", search_that_breaks)
    window = sign_in(qtbot, controller, "clerk")
    page = window.open_page("search")
    with qtbot.waitSignal(page.finished, timeout=10000) as ended:
        page.query.setText("Li")
        page.search()
    assert ended.args == [False]
    idle(qtbot, page)
    return page


def test_a_job_that_breaks_is_logged_with_its_traceback(station_app, desk, qtbot, monkeypatch,
                                                        app_log):
    fail_search(qtbot, station_app, desk, monkeypatch, RuntimeError("index file truncated"))
    text = app_log.read_text(encoding="utf-8")
    assert "signed in at station S01: clerk (clerk)" in text
    assert "job SearchPage.search.<lambda> started" in text
    assert "job SearchPage.search.<lambda> failed: RuntimeError: index file truncated" in text
    assert "Traceback (most recent call last):" in text
    assert "in search_that_breaks" in text  # the frame that raised, from the worker thread


def test_an_unexpected_error_is_not_called_harmless(station_app, desk, qtbot, monkeypatch,
                                                    app_log):
    page = fail_search(qtbot, station_app, desk, monkeypatch, RuntimeError("index file truncated"))
    said = banner(page)
    assert "nothing was changed" not in said.lower()
    assert "RuntimeError: index file truncated" in said
    assert f"written to the log ({app_log})" in said
    assert "Check the sale history before trying again." in said


def test_a_refusal_is_logged_in_one_line_and_told_as_it_is(station_app, desk, qtbot,
                                                           monkeypatch, app_log):
    page = fail_search(qtbot, station_app, desk, monkeypatch,
                       ValidationError("Type at least {n} characters.", n=2))
    assert banner(page) == "Type at least 2 characters."
    text = app_log.read_text(encoding="utf-8")
    assert ("job SearchPage.search.<lambda> refused: ValidationError: "
            "Type at least 2 characters.") in text
    assert "Traceback" not in text


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_is_logged_and_shown_and_the_window_stays(
        station_app, desk, qtbot, app_log):
    window = sign_in(qtbot, station_app, "clerk", keys=False)
    diagnostics._box = None  # an earlier test's box went with its window
    applog.install_hooks()
    applog.on_uncaught(diagnostics.show_uncaught)

    def slot_that_breaks():
        raise KeyError("no such column")

    try:
        QTimer.singleShot(0, slot_that_breaks)
        qtbot.waitUntil(lambda: diagnostics._box is not None
                        and shiboken6.isValid(diagnostics._box) and diagnostics._box.isVisible(),
                        timeout=5000)
        assert "KeyError: 'no such column'" in diagnostics._box.text()
        assert "nothing was changed" not in diagnostics._box.text().lower()
        text = app_log.read_text(encoding="utf-8")
        assert "CRITICAL" in text and "uncaught exception" in text
        assert "in slot_that_breaks" in text
        assert window.isVisible() and QApplication.instance() is not None
    finally:
        applog.remove_listener(diagnostics.show_uncaught)
        if diagnostics._box is not None and shiboken6.isValid(diagnostics._box):
            diagnostics._box.close()


def test_diagnostics_shows_the_log_and_the_last_card_exchange(station_app, desk, qtbot,
                                                               app_log):
    window = sign_in(qtbot, station_app, "seller")
    read_card(qtbot, window, desk)
    window.actions_["diagnostics"].trigger()
    page = window.current()
    assert page is window.page("diagnostics")
    qtbot.waitUntil(lambda: page.folder.text() != "", timeout=10000)
    idle(qtbot, page)
    assert page.folder.text() == str(app_log.parent)
    assert "signed in at station S01: seller (seller)" in page.log_view.toPlainText()
    assert "job SalePage.read_card.job done" in page.log_view.toPlainText()
    trace = page.card_view.toPlainText().splitlines()
    assert trace[0].startswith("-- ")  # where the connection started: when, which reader
    assert trace[1].startswith("-> 00a4080c")  # select the card file
    assert trace[2] == "<- 9000"
    assert any(line.startswith("<- ") and line.endswith("(256 bytes) 9000") for line in trace)


def test_every_role_reaches_diagnostics(station_app, desk, qtbot, app_log):
    window = sign_in(qtbot, station_app, "finance", keys=False)
    assert window.findChild(type(window.actions_["diagnostics"]), "act_diagnostics") is not None
    assert window.open_page("diagnostics").title == "Diagnostics"
