"""The refund on demand (F4) as a newcomer met it, through the real card
stack: Enter shows what would be taken off the card and paid, a second
Enter does it, Esc leaves the card and the books as they were; the reason
is cleared after a refund; on F2 the amount typed while the card is read
again is kept; the history is newest first and says why a purchase number
comes again after the refund. SQLite only: the books' side of the refund is
tested on both databases in tests/cards/test_refund_preview.py."""

from decimal import Decimal as D

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from cards.station import PcscCardStation
from db.models import Refund, Sale, SaleStatus
from tests.ui.conftest import activate, banner, idle, sign_in

pytestmark = pytest.mark.parametrize("backend", ["sqlite"])


def two_sales(desk) -> None:
    """20 and 10 kWh sold onto the card (not applied), before the window is up."""
    core, office = desk.core, desk.office
    core.shifts.open(office.seller, "100")
    desk.slot.insert(desk.card)
    for kwh in ("20", "10"):
        core.cards.sell(office.seller, PcscCardStation(desk.keys), kwh=kwh)
    desk.slot.remove()


def books(core):
    with core.db.read() as s:
        return (s.scalar(select(func.count(Refund.id))),
                list(s.scalars(select(Sale.status).order_by(Sale.id))))


def keys_at_focus(qtbot, window, text: str) -> None:
    """Typed as on a desk: each key goes where the focus is, if anywhere."""
    for ch in text:
        qtbot.keyClicks(QApplication.focusWidget() or window, ch)


def test_enter_shows_the_refund_a_second_enter_does_it_esc_cancels(station_app, desk, qtbot):
    two_sales(desk)
    core = desk.core
    window = sign_in(qtbot, station_app, "seller")
    refund = window.open_page("refund")
    activate(qtbot, window)
    desk.slot.insert(desk.card)  # put in on F4: read there, the sale screen not shown
    qtbot.waitUntil(lambda: "Card of Li Lei" in banner(refund), timeout=15000)
    idle(qtbot, refund)
    reason = refund.fields[0].widget
    qtbot.keyClick(reason, Qt.Key.Key_Return)  # no reason: asked first, nothing shown
    assert "reason" in banner(refund).lower() and refund.plan is None and not refund.busy
    assert reason.hasFocus() and not refund.cancel_button.isVisible()
    qtbot.keyClicks(reason, "customer moving out")
    before, card = books(core), desk.card.read_bytes()
    qtbot.keyClick(reason, Qt.Key.Key_Return)
    idle(qtbot, refund)
    said = banner(refund)
    assert f"Li Lei (account {desk.account}), meter 000000000001" in said, said
    assert "purchases 1 to 2 (receipts S01-00000001, S01-00000002)" in said, said
    assert "30.00 kWh" in said and "Pay back ¥15.85" in said, said
    assert [r.purchase_seq for r in refund.results.rows] == [1, 2]
    assert refund.submit.text() == "Confirm refund, pay back ¥15.85 [Enter]"
    assert refund.cancel_button.isVisible() and refund.submit.hasFocus()
    assert books(core) == before and desk.card.read_bytes() == card  # only shown

    qtbot.keyClick(refund.submit, Qt.Key.Key_Escape)
    assert "Refund cancelled: nothing was taken off the card" in banner(refund)
    assert refund.plan is None and reason.hasFocus() and not refund.cancel_button.isVisible()
    assert books(core) == before and desk.card.read_bytes() == card

    qtbot.keyClick(reason, Qt.Key.Key_Return)  # shown again, then confirmed
    idle(qtbot, refund)
    assert refund.plan is not None and books(core) == before
    qtbot.keyClick(refund.submit, Qt.Key.Key_Return)
    idle(qtbot, refund)
    assert "Purchases 1-2 (30.00 kWh) taken off the card" in banner(refund), banner(refund)
    assert refund.results.rows[0].paid == D("15.85")
    assert books(core) == (1, [SaleStatus.REFUNDED, SaleStatus.REFUNDED])
    assert reason.text() == "" and reason.hasFocus()  # the next refund needs its own reason
    assert refund.submit.text() == "Show the refund [Enter]"

    # F2 right after: the card is read again; what is typed meanwhile is the amount
    qtbot.keyClick(window, Qt.Key.Key_F2)
    sale = window.page("sale")
    assert window.current() is sale and sale.busy  # the read is under way
    keys_at_focus(qtbot, window, "10")
    idle(qtbot, sale)
    assert sale.buy_edit.text() == "10" and sale.view is not None
    qtbot.waitUntil(lambda: sale.quote is not None, timeout=10000)  # priced once read
    qtbot.keyClick(sale.buy_edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(sale.tendered_edit, "10")
    with qtbot.waitSignal(sale.sold, timeout=20000):
        qtbot.keyClick(sale.tendered_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: sale.history.rowCount() == 3, timeout=10000)
    # newest first by time; the number given back by the refund is said to be reused
    rows = [sale.history.index(i, 2).data() for i in range(3)]
    assert rows == ["1 (reused after the refund of S01-00000001)", "2", "1"], rows
    assert sale.history.value(0, "receipt_no") == "S01-00000003"
    assert "gives the meter's purchase numbers back" in sale.history.item(0, 2).toolTip()


def test_a_card_taken_out_drops_the_refund_shown(station_app, desk, qtbot):
    two_sales(desk)
    window = sign_in(qtbot, station_app, "seller")
    refund = window.open_page("refund")
    activate(qtbot, window)
    desk.slot.insert(desk.card)
    qtbot.waitUntil(lambda: "Card of Li Lei" in banner(refund), timeout=15000)
    idle(qtbot, refund)
    qtbot.keyClicks(refund.fields[0].widget, "moving out")
    qtbot.keyClick(refund.fields[0].widget, Qt.Key.Key_Return)
    idle(qtbot, refund)
    assert refund.plan is not None
    desk.slot.remove()
    qtbot.waitUntil(lambda: "nothing was refunded" in banner(refund), timeout=10000)
    assert refund.plan is None and refund.results.rowCount() == 0
    qtbot.keyClick(refund.submit, Qt.Key.Key_Return)  # no card: refused, nothing paid
    idle(qtbot, refund)
    assert books(desk.core)[0] == 0
