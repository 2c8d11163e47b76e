"""The seller's whole sale by keyboard, through the real card stack."""

from decimal import Decimal as D

from PySide6.QtCore import Qt
from sqlalchemy import select

from db.models import Sale, SaleStatus
from tests.ui.conftest import M1, banner, idle, sign_in


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
    assert sale.kwh_edit.hasFocus() or sale.focusWidget() is sale.kwh_edit

    qtbot.keyClicks(sale.kwh_edit, "100")
    qtbot.waitUntil(lambda: "52.83" in sale.quote_label.text(), timeout=10000)
    assert "tier 1" in sale.quote_label.text()
    qtbot.keyClick(sale.kwh_edit, Qt.Key.Key_Tab)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)  # past the amount, to tendered
    qtbot.keyClicks(window.focusWidget(), "60")
    with qtbot.waitSignal(sale.sold, timeout=20000) as sold:
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Return)
    result = sold.args[0]
    assert (result.receipt_no, result.change) == ("S01-00000001", D("7.17"))
    assert "S01-00000001" in banner(sale)
    with core.db.read() as s:
        assert s.scalar(select(Sale.status)) == SaleStatus.COMMITTED
    desk.slot.remove()
    qtbot.waitUntil(lambda: "next customer" in banner(sale), timeout=15000)
    assert not sale.kwh_edit.isEnabled()
