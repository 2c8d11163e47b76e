"""The seller's whole sale by keyboard, through the real card stack."""

import os
from decimal import Decimal as D

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from db.models import Sale, SaleStatus
from tests.ui.conftest import M1, banner, idle, read_card, sign_in


def test_card_brings_up_sale_screen_and_keyboard_sells(station_app, desk, qtbot):
    core = desk.core
    core.shifts.open(desk.office.seller, "100.00")
    window = sign_in(qtbot, station_app, "seller")
    assert window.current().objectName() == "page_sale"

    desk.slot.insert(desk.card)  # the customer's card, anywhere in the app
    sale = window.page("sale")
    qtbot.waitUntil(lambda: sale.view is not None, timeout=15000)
    idle(qtbot, sale)
    assert sale.fields["meter"].text().startswith(M1)
    assert sale.fields["account"].text() == desk.account
    assert sale.buy_edit.hasFocus() or sale.focusWidget() is sale.buy_edit
    # the smallest sale is told as soon as the card is read, not at Enter
    assert sale.buy_label.text() == "Energy (kWh)\na sale from ¥1.00"
    assert "(a sale is at least ¥1.00)" in sale.buy_edit.toolTip()

    qtbot.keyClicks(sale.buy_edit, "100")
    qtbot.waitUntil(lambda: sale.total_label.text() == "¥52.83", timeout=10000)
    assert "tier 1" in sale.quote_label.text()
    qtbot.keyClick(sale.buy_edit, Qt.Key.Key_Tab)  # one Tab: the cash tendered
    assert sale.tendered_edit.hasFocus()
    qtbot.keyClicks(sale.tendered_edit, "50")
    assert sale.change_label.text() == "short by ¥2.83"
    qtbot.keyClick(sale.tendered_edit, Qt.Key.Key_Return)  # short: Enter does not sell
    assert "short by ¥2.83" in banner(sale) and not sale.busy
    assert sale.tendered_edit.hasFocus()
    qtbot.keyClicks(sale.tendered_edit, "60")  # the selection is typed over
    assert sale.change_label.text() == "¥7.17"
    with qtbot.waitSignal(sale.sold, timeout=20000) as sold:
        qtbot.keyClick(sale.tendered_edit, Qt.Key.Key_Return)
    result = sold.args[0]
    assert (result.receipt_no, result.change) == ("S01-00000001", D("7.17"))
    assert "S01-00000001" in banner(sale)
    qtbot.waitUntil(lambda: sale.history.rowCount() == 1, timeout=10000)
    assert sale.history.value(0, "receipt_no") == "S01-00000001"  # the history shows it
    with core.db.read() as s:
        assert s.scalar(select(Sale.status)) == SaleStatus.COMMITTED
    desk.slot.remove()
    qtbot.waitUntil(lambda: "next customer" in banner(sale), timeout=15000)
    assert not sale.buy_edit.isEnabled()


def test_signing_in_with_the_card_already_in_the_reader_reads_it_once_keys_unlock(
        station_app, desk, qtbot):
    """The keys unlock in the background at sign-in; the card waiting in the
    reader was read before they were there and the clerk saw "keys locked"
    while the status bar said "keys unlocked"."""
    desk.slot.insert(desk.card)
    qtbot.waitUntil(lambda: station_app.reader.card_in, timeout=15000)
    window = sign_in(qtbot, station_app, "seller", keys=False)
    sale = window.page("sale")
    qtbot.waitUntil(lambda: sale.view is not None or "locked" in banner(sale), timeout=20000)
    idle(qtbot, sale)
    assert "locked" not in banner(sale), banner(sale)
    assert sale.fields["meter"].text().startswith(M1)
    assert window.keys_label.text() == "keys unlocked"


def test_f2_reads_a_card_that_was_refused_while_the_keys_were_locked(station_app, desk, qtbot,
                                                                      monkeypatch):
    monkeypatch.delenv("VENDING_KEY_PASSPHRASE")
    window = sign_in(qtbot, station_app, "seller", keys=False)
    sale = window.page("sale")
    desk.slot.insert(desk.card)
    qtbot.waitUntil(lambda: "locked" in banner(sale), timeout=15000)
    keys = window.open_page("keys")
    qtbot.keyClicks(keys.passphrase, "counter-key-passphrase")
    qtbot.keyClick(keys.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: station_app.session.keys is not None, timeout=15000)
    idle(qtbot, keys)
    qtbot.keyClick(window, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: sale.view is not None, timeout=15000)
    assert "locked" not in banner(sale)


def test_money_mode_and_no_cash_counting(station_app, desk, qtbot):
    """F6 buys by money; an office that takes no cash at the counter sells on Enter."""
    core = desk.core
    core.catalog.set_parameter(desk.office.admin, "sale.count_cash", "no")
    core.shifts.open(desk.office.seller, "0")
    window = sign_in(qtbot, station_app, "seller")
    sale = read_card(qtbot, window, desk)
    assert not sale.tendered_edit.isVisible()
    qtbot.keyClick(sale.buy_edit, Qt.Key.Key_F6)
    assert sale.mode == "amount" and sale.buy_edit.hasFocus()
    qtbot.keyClicks(sale.buy_edit, "52.83")
    qtbot.waitUntil(lambda: sale.total_label.text() == "¥52.83", timeout=10000)
    with qtbot.waitSignal(sale.sold, timeout=20000) as sold:
        qtbot.keyClick(sale.buy_edit, Qt.Key.Key_Return)
    assert sold.args[0].quote.primary_kwh == D("100.00")


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)  # the database never sees it
def test_the_sale_screen_shows_the_kind_of_card(station_app, desk, qtbot, tmp_path):
    from cards.station import PcscCardStation
    from tests.conftest import open_customer
    office = desk.office
    open_customer(office, "000000000002", name="Han Meimei")
    memory = tmp_path / "sle4442.json"
    desk.slot.insert(memory, kind="sle4442")
    desk.core.cards.issue_card(office.clerk, "000000000002", PcscCardStation(desk.keys))
    desk.slot.remove()
    from tests.cards.conftest import make_meter
    meter = make_meter(desk.keys, "000000000002", tmp_path)
    assert meter.insert(memory, report_torn_at=10).accepted  # pulled mid-report at the meter
    desk.core.shifts.open(office.seller, "100.00")
    window = sign_in(qtbot, station_app, "seller")
    sale = read_card(qtbot, window, desk, image=memory)
    assert sale.fields["card"].text().endswith(", SLE4442 memory card")
    assert "The meter's report on this card is incomplete" in banner(sale)  # not a forgery:
    assert sale.buy_edit.isEnabled()  # the sale goes on
    if os.environ.get("VENDING_SHOT"):
        window.grab().save(os.environ["VENDING_SHOT"])
    desk.slot.remove()
    sale = read_card(qtbot, window, desk)
    assert sale.fields["card"].text().endswith(", CPU card")
