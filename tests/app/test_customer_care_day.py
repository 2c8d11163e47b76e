"""Customer maintenance and the refund on demand with the real application,
under a real X server, driven only by key presses (as test_counter_day.py):
a clerk corrects a customer's name (Ctrl+E) and sees the history; a seller
sells, then takes the unapplied purchases back off the card (F4: shown, Esc,
shown again, confirmed), then sells again at once after F2. Screenshots
of every step are kept under test-output/screens/."""

from __future__ import annotations

import time

import pytest

from tests.app.desktop import Desktop, Station
from tests.app.test_counter_day import open_shift, sell, sign_in

pytestmark = pytest.mark.timeout(600)


@pytest.fixture
def desk(tmp_path, pcsc_ready, request):
    d = Desktop(tmp_path / "home", request.node.name.removeprefix("test_")[:48])
    yield d
    d.close()


def test_a_clerk_corrects_a_customer_and_a_seller_refunds_on_demand(desk):
    station = Station(desk, "--language", "en")
    main = sign_in(desk, "clerk", "sign in", "Vending station S01 —")
    [(account, name)] = station.query(
        "SELECT c.account_no, c.name FROM customers c JOIN meters m ON m.customer_id = c.id "
        "WHERE m.number = '000000000001'")
    desk.focus(main)
    desk.keys("ctrl+e")
    time.sleep(1)
    desk.type(account)
    desk.keys("Return")
    time.sleep(2)
    desk.shot("edit-loaded")
    desk.type(name + " Jr")  # the name is selected: typing replaces it
    desk.keys("Return")
    desk._wait(lambda: station.query("SELECT count(*) FROM customer_changes") == [(1,)], 30,
               "the correction in the books")
    time.sleep(1.5)
    desk.shot("edit-saved-history")
    assert station.query(f"SELECT name FROM customers WHERE account_no = '{account}'") == [
        (name + " Jr",)]
    desk.keys("ctrl+l")

    main = sign_in(desk, "seller", "sign in", "Vending station S01 —")
    open_shift(desk, main)
    before = len(station.query("SELECT id FROM sales WHERE status = 'committed'"))
    sell(desk, station, main, "20", "20", "sold", before)
    desk.focus(main)
    desk.keys("F4")
    time.sleep(1)
    desk.type("customer moving out")
    desk.keys("Return")  # shows what the refund would do, and waits
    time.sleep(3)
    desk.shot("refund-shown")
    assert station.query("SELECT count(*) FROM refunds") == [(0,)]
    desk.keys("Escape")  # cancelled: nothing written
    time.sleep(1)
    desk.shot("refund-cancelled")
    assert station.query("SELECT count(*) FROM refunds") == [(0,)]
    desk.keys("Return")  # the reason is still there: shown again
    time.sleep(3)
    desk.keys("Return")  # confirmed
    desk._wait(lambda: station.query("SELECT count(*) FROM refunds WHERE kind = 'on_demand' "
                                     "AND status = 'done'") == [(1,)], 60, "the refund paid")
    time.sleep(1)
    desk.shot("refund-paid")
    assert station.query("SELECT count(*) FROM sales WHERE status = 'refunded'")[0][0] >= 1
    assert station.query("SELECT count(*) FROM refunds WHERE status = 'pending'") == [(0,)]
    desk.keys("F2")  # back at the sale: the card read again, the amount typed at once kept
    before = len(station.query("SELECT id FROM sales WHERE status = 'committed'"))
    sell(desk, station, main, "10", "10", "sold-again", before)
    time.sleep(1)
    desk.shot("sale-after-refund")  # the history: newest first, the number reused said so
    desk.keys("F7", "shift+Tab", "Up", "Return")  # the X report (it opens on the close)
    time.sleep(2)
    desk.shot("x-report")
    assert station.alive
    station.stop()
