"""The window, driven by pytest-qt (offscreen), over the real stack: a real
database (SQLite and PostgreSQL), pcscd + vpcd with the virtual card, and
the station's own sign-in."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt

from cards.station import PcscCardStation
from db.engine import Database
from tests.conftest import PASSWORD, open_customer
from vending_app.ui.controller import Controller
from vending_app.ui.tasks import on_card_thread, on_database_thread

PASSPHRASE = "counter-key-passphrase"
M1 = "000000000001"


UI_CODE = str(Path(__file__).resolve().parents[2] / "vending_app" / "ui")


def _no_database_on_the_gui_thread() -> None:
    """A transaction begun by the window's own code on the GUI thread
    freezes the counter while it runs: refuse it. (The test's own set-up and
    checks, also on this thread, may query the database.) Off the GUI
    thread, only the database's thread and the card's (a sale is one core
    call that does both) may."""
    if threading.current_thread() is not threading.main_thread():
        if not (on_database_thread() or on_card_thread()):
            raise AssertionError(f"database call on {threading.current_thread().name}: "
                                 f"run it through the task runner")
        return
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_filename.startswith(UI_CODE):
            raise AssertionError(f"database call on the GUI thread from "
                                 f"{frame.f_code.co_filename}:{frame.f_lineno} "
                                 f"({frame.f_code.co_name}): run it through the task runner")
        frame = frame.f_back


def _card_io_on_the_card_thread() -> None:
    """Card I/O only on the card executor's thread: on the GUI thread it
    freezes the counter for a whole card exchange, and on the database's
    thread it waits behind (and holds up) the database work. (The test's own
    set-up, on the main thread, may use the card.)"""
    if threading.current_thread() is threading.main_thread():
        frame = sys._getframe(2)
        while frame is not None:
            if frame.f_code.co_filename.startswith(UI_CODE):
                raise AssertionError(f"card I/O on the GUI thread from "
                                     f"{frame.f_code.co_filename}:{frame.f_lineno} "
                                     f"({frame.f_code.co_name}): run it as a card job")
            frame = frame.f_back
    elif not on_card_thread():
        raise AssertionError(f"card I/O on {threading.current_thread().name}: only the "
                             f"card executor's thread may start it")


@pytest.fixture(autouse=True)
def gui_thread_check():
    """On in the whole UI suite: the database off the GUI thread, the card
    on its own thread."""
    Database.thread_check = _no_database_on_the_gui_thread
    PcscCardStation.thread_check = _card_io_on_the_card_thread
    yield
    Database.thread_check = None
    PcscCardStation.thread_check = None


@pytest.fixture
def settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "station.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def desk(office, slot, pcsc_ready, tmp_path, monkeypatch):
    """An office with keys, one customer whose card is issued (and in a file
    the virtual card serves), printing off; no card in the reader."""
    core = office.core
    core.keys.create_version(office.admin, PASSPHRASE)
    keys = core.keys.unlock(office.admin, PASSPHRASE)
    core.catalog.set_parameter(office.admin, "printer.invoice", "none")
    account = open_customer(office, M1)
    card = tmp_path / "card.json"
    slot.insert(card)
    core.cards.issue_card(office.clerk, M1, PcscCardStation(keys))
    slot.remove()
    monkeypatch.setenv("VENDING_KEY_PASSPHRASE", PASSPHRASE)
    return Desk(office, slot, card, keys, account)


class Desk:
    def __init__(self, office, slot, card, keys, account):
        self.office, self.slot, self.card, self.keys, self.account = (
            office, slot, card, keys, account)
        self.core = office.core


@pytest.fixture
def station_app(desk, settings, qtbot):
    controller = Controller(desk.core, settings, language="en")
    controller.start()
    yield controller
    controller.stop()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def sign_in(qtbot, controller, login: str, password: str = PASSWORD, keys: bool = True):
    """Type the login and password and press Enter, as at the counter."""
    dialog = controller.login
    qtbot.keyClicks(dialog.login, login)
    qtbot.keyClick(dialog.login, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: controller.window is not None, timeout=10000)
    window = controller.window
    activate(qtbot, window)
    if keys:
        qtbot.waitUntil(lambda: controller.session.keys is not None, timeout=10000)
    return window


def activate(qtbot, window) -> None:
    """Shortcuts (F2, F8, Ctrl+L...) go to the active window, as on a desk."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)


def idle(qtbot, page, timeout: int = 20000) -> None:
    qtbot.waitUntil(lambda: not page.busy and not page.session.tasks.busy, timeout=timeout)


def banner(page) -> str:
    return "" if page.banner.isHidden() else page.banner.text()


def read_card(qtbot, window, desk, image=None, **vanish):
    """Insert the card (or ``image``) and wait until the sale screen has read it."""
    sale = window.page("sale")
    with qtbot.waitSignal(sale.card_read, timeout=15000):
        desk.slot.insert(image or desk.card, **vanish)
    assert window.current() is sale
    idle(qtbot, sale)
    return sale


def type_sale(qtbot, sale, buy: str, cash: str | None = None) -> None:
    """The counter's keystrokes: the amount, one Tab, the cash, Enter. The
    cash is the quoted total when not given (the clerk reads it off the screen)."""
    activate(qtbot, sale.window())
    assert sale.buy_edit.hasFocus(), "the card read puts the focus in the amount"
    qtbot.keyClicks(sale.buy_edit, buy)
    qtbot.waitUntil(lambda: sale.quote is not None or "color:#b71c1c" in sale.quote_label.text(),
                    timeout=10000)
    qtbot.keyClick(sale.buy_edit, Qt.Key.Key_Tab)
    assert sale.tendered_edit.hasFocus(), "one Tab from the amount is the cash"
    if cash is None and sale.quote is not None:
        cash = str(sale.quote.total)
    qtbot.keyClicks(sale.tendered_edit, cash or "0")
    qtbot.keyClick(sale.tendered_edit, Qt.Key.Key_Return)
