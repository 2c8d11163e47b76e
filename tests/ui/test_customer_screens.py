"""Customer maintenance and the refund on demand in the window (offscreen),
through the real card stack: edit with its history, a suspended account
refused at the sale, a refund on demand taken off the card."""

from decimal import Decimal as D

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from db.models import Sale, SaleStatus
from tests.ui.conftest import M1, activate, banner, idle, read_card, sign_in, type_sale


def test_a_clerk_corrects_a_name_and_sees_the_history(station_app, desk, qtbot):
    window = sign_in(qtbot, station_app, "clerk", keys=False)
    page = window.open_page("edit_customer")
    qtbot.keyClicks(page.account, desk.account)
    qtbot.keyClick(page.account, Qt.Key.Key_Return)
    idle(qtbot, page)
    assert page.edits["name"].text() == "Li Lei" and page.edits["name"].hasFocus()
    page.edits["name"].clear()
    qtbot.keyClicks(page.edits["name"], "Li Leii")
    qtbot.keyClick(page.edits["name"], Qt.Key.Key_Return)
    idle(qtbot, page)
    qtbot.waitUntil(lambda: page.history.rowCount() == 1, timeout=10000)
    assert "corrected" in banner(page), banner(page)
    line = page.history.rows[0]
    assert (line.change, line.before, line.after) == ("correction", "Name: Li Lei",
                                                      "Name: Li Leii")
    assert desk.core.accounts.search(desk.office.clerk, desk.account)[0].name == "Li Leii"


def test_suspended_refused_at_the_sale_then_a_refund_on_demand(station_app, desk, qtbot):
    core, office = desk.core, desk.office
    core.customers.suspend(office.clerk, desk.account, "tamper check")
    window = sign_in(qtbot, station_app, "seller")
    core.shifts.open(office.seller, "100")
    sale = read_card(qtbot, window, desk)
    # said as the card is read, before an amount is typed or cash taken
    assert "suspended: no sales" in banner(sale) and not sale.buy_edit.isEnabled(), banner(sale)
    qtbot.keyClick(sale, Qt.Key.Key_Return)  # an Enter anyway sells nothing
    idle(qtbot, sale)
    assert not committed(core)
    core.customers.reactivate(office.clerk, desk.account, "checked")
    desk.slot.remove()
    core.sales.quote(office.seller, M1, kwh="1")  # sells again
    sale = read_card(qtbot, window, desk)
    type_sale(qtbot, sale, "20")
    idle(qtbot, sale)
    qtbot.waitUntil(lambda: bool(committed(core)), timeout=15000)
    refund = window.open_page("refund")
    activate(qtbot, window)
    qtbot.keyClicks(refund.fields[0].widget, "customer moving out")
    qtbot.keyClick(refund.fields[0].widget, Qt.Key.Key_Return)
    idle(qtbot, refund)
    assert "Refund to confirm" in banner(refund) and committed(core), banner(refund)
    qtbot.keyClick(refund.submit, Qt.Key.Key_Return)  # the second Enter: done
    idle(qtbot, refund)
    assert "Purchase 1 (20.00 kWh) taken off the card" in banner(refund), banner(refund)
    assert refund.results.rows[0].paid == D("10.57")
    assert committed(core) == [] and core.shifts.x_report(office.seller).refunds_amount == D(
        "10.57")
    sale = window.open_page("sale")  # back at the sale: the card is read again
    qtbot.waitUntil(lambda: sale.history.rowCount() == 1 and sale.history.value(
        0, "status") == "refunded", timeout=15000)
    idle(qtbot, sale)
    assert "Sold" not in banner(sale) and "not yet applied" not in banner(sale), banner(sale)
    assert "10.57" not in sale.total_label.text()  # the last sale's total is gone too
    window.open_page("refund")
    desk.slot.remove()  # the next customer's card: the last refund is not shown as theirs
    desk.slot.insert(desk.card)
    qtbot.waitUntil(lambda: refund.results.rowCount() == 0, timeout=10000)
    assert "Pay back" not in banner(refund)


def committed(core):
    with core.db.read() as s:
        return list(s.scalars(select(Sale.id).where(Sale.status == SaleStatus.COMMITTED)))


@pytest.mark.parametrize("login, opens", [("clerk", "edit_customer"), ("seller", "sales_search")])
def test_enter_on_a_found_customer_opens_them(station_app, desk, qtbot, login, opens):
    """F3, type, Down into the list, Enter: a clerk gets the customer's details
    and their history, a seller the customer's purchases."""
    window = sign_in(qtbot, station_app, login, keys=False)
    search = window.open_page("search")
    qtbot.keyClicks(search.query, "Li Lei")
    qtbot.waitUntil(lambda: search.model.rowCount() == 1, timeout=10000)
    idle(qtbot, search)
    activate(qtbot, window)
    qtbot.keyClick(search.query, Qt.Key.Key_Tab)  # from the search box into the list
    assert search.view.hasFocus()
    qtbot.keyClick(search.view, Qt.Key.Key_Down)
    qtbot.keyClick(search.view, Qt.Key.Key_Return)
    page = window.page(opens)
    qtbot.waitUntil(lambda: window.current() is page, timeout=5000)
    idle(qtbot, page)
    if opens == "edit_customer":
        assert page.account.text() == desk.account and page.edits["name"].text() == "Li Lei"
    else:
        assert page.values()["customer"] == desk.account, page.values()
