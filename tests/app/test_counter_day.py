"""A day at the counter with the real application: started by the README's
command in a fresh home, under a real X server and window manager, signed
in with the demo card already in the reader, driven only by key presses.
Invoice preview on (the default). Screenshots of every step are kept under
test-output/screens/."""

from __future__ import annotations

import time

import pytest

from tests.app.desktop import Desktop, Station

pytestmark = pytest.mark.timeout(600)


@pytest.fixture
def desk(tmp_path, pcsc_ready, request):
    d = Desktop(tmp_path / "home", request.node.name.removeprefix("test_")[:48])
    yield d
    d.close()


def sign_in(desk: Desktop, login: str, login_title: str, main_title: str) -> str:
    """Login, Enter, password, Enter, on the sign-in window the start command shows;
    the card already in the reader is read once the keys have unlocked."""
    window = desk.window(login_title, 240)
    desk.shot("sign-in")
    desk.focus(window)
    desk.type(login)
    desk.keys("Return")
    desk.type("demo-pass")
    desk.keys("Return")
    main = desk.window(main_title)
    time.sleep(3)
    desk.shot("signed-in-card-read")
    return main


def open_shift(desk: Desktop, main: str) -> None:
    """F7, the float (the page opens in it), Enter; then F2 back to the sale."""
    desk.focus(main)
    desk.keys("F7")
    desk.type("100")
    desk.keys("Return")
    time.sleep(1.5)
    desk.shot("shift-open")
    desk.keys("F2")
    time.sleep(1)


def committed(station: Station) -> list[tuple]:
    return station.query("SELECT purchase_seq, primary_kwh, total_amount, tendered FROM sales "
                         "WHERE status = 'committed' ORDER BY purchase_seq")


def sell(desk: Desktop, station: Station, main: str, buy: str, cash: str, label: str,
         before: int) -> None:
    """Amount, one Tab, cash, Enter; the invoice preview comes up and is closed."""
    desk.focus(main)
    desk.type(buy)
    time.sleep(0.8)  # the live quote
    desk.keys("Tab")
    desk.type(cash)
    desk.shot(f"{label}-typed")
    desk.keys("Return")
    preview = desk.window("Invoice", 60)
    desk._wait(lambda: len(committed(station)) == before + 1, 30, "the sale in the books")
    desk.shot(f"{label}-invoice-preview")
    desk.focus(preview)
    desk.keys("Escape")
    desk.gone("Invoice")
    assert station.alive, "the station died after the invoice preview"
    desk.shot(f"{label}-sold")


def next_card(desk: Desktop, station: Station, *vanish: str) -> None:
    """The customer takes the card to the meter and back (the next sale)."""
    assert station.cli("card", "remove").returncode == 0
    time.sleep(1.5)
    r = station.cli("card", "insert", "customer", *vanish)
    assert r.returncode == 0, r.stderr
    time.sleep(2.5)


def test_a_seller_sells_by_keyboard_with_the_invoice_preview_on(desk):
    station = Station(desk, "--language", "en")
    main = sign_in(desk, "seller", "sign in", "Vending station S01 —")
    open_shift(desk, main)
    assert station.query("SELECT status FROM shifts") == [("open",)]
    sell(desk, station, main, "100", "60", "1-kwh", 0)
    assert committed(station)[-1][1:] == (10000, 5283, 6000)  # in hundredths

    next_card(desk, station)
    desk.keys("F6")
    sell(desk, station, main, "20", "20", "2-money", 1)
    assert committed(station)[-1][2:] == (2000, 2000)

    next_card(desk, station)
    desk.focus(main)
    desk.type("50")
    time.sleep(0.8)
    desk.keys("Tab")
    desk.type("10")
    desk.keys("Return")  # short: refused, the cash selected for the correction
    time.sleep(1)
    desk.shot("3-short-refused")
    assert len(committed(station)) == 2 and station.alive
    desk.type("30")
    desk.keys("Return")
    preview = desk.window("Invoice", 60)
    desk.focus(preview)
    desk.keys("Escape")
    desk.gone("Invoice")
    desk.shot("3-corrected-sold")
    assert len(committed(station)) == 3

    # The card is pulled right after the purchase reached it, and put back.
    next_card(desk, station, "--vanish-at", "5", "--vanish-mode", "after")
    desk.focus(main)
    desk.type("10")
    time.sleep(0.8)
    desk.keys("Tab")
    desk.type("10")
    desk.keys("Return")
    time.sleep(3)
    desk.shot("4-card-pulled")
    assert station.query("SELECT count(*) FROM sales WHERE status = 'pending'") == [(1,)]
    r = station.cli("card", "insert", "customer")
    assert r.returncode == 0, r.stderr
    desk._wait(lambda: len(committed(station)) == 4, 30, "the pulled sale settled")
    time.sleep(1)
    desk.shot("4-card-back-settled")

    desk.focus(main)
    desk.keys("ctrl+l")
    desk.window("sign in")
    desk.shot("signed-out")
    assert station.alive
    sales = committed(station)
    assert [s[0] for s in sales] == [1, 2, 3, 4]
    assert station.query("SELECT count(*) FROM sales WHERE status != 'committed'") == [(0,)]
    station.stop()


@pytest.fixture
def zh_desk(tmp_path, pcsc_ready, request):
    d = Desktop(tmp_path / "home", request.node.name.removeprefix("test_")[:48])
    yield d
    d.close()


def test_the_same_counter_in_chinese(zh_desk):
    desk = zh_desk
    station = Station(desk, "--language", "zh_CN")
    main = sign_in(desk, "seller", "登录", "售电站S01")
    open_shift(desk, main)
    desk.type("100")
    time.sleep(0.8)
    desk.keys("Tab")
    desk.type("50")
    desk.keys("Return")  # 52.83 due: short, refused
    time.sleep(1)
    desk.shot("short-refused")
    assert committed(station) == []
    desk.type("60")
    desk.shot("typed")
    desk.keys("Return")
    preview = desk.window("发票", 60)
    desk._wait(lambda: len(committed(station)) == 1, 30, "the sale in the books")
    desk.shot("invoice-preview")
    desk.focus(preview)
    desk.keys("Escape")
    desk.gone("发票")
    desk.shot("sold")
    assert committed(station)[0][1:] == (10000, 5283, 6000)
    desk.focus(main)
    desk.keys("ctrl+l")
    desk.window("登录")
    desk.shot("signed-out")
    assert station.alive
    station.stop()


def test_a_clerk_cannot_issue_a_card_over_the_live_card_in_the_reader(desk):
    station = Station(desk, "--language", "en")
    main = sign_in(desk, "clerk", "sign in", "Vending station S01 —")
    image = desk.home / ".local/share/vending-station/cards/customer.json"
    before = image.read_bytes()
    cards = "SELECT count(*) FROM cards"
    issued = station.query(cards)
    desk.focus(main)
    desk.keys("alt+a", "Down", "Return")  # Accounts, Pair meter and issue card
    time.sleep(1)
    desk.keys("Tab")  # the account stays empty: the meter is paired already
    desk.type("000000000002")
    desk.keys("F8")
    time.sleep(3)
    desk.shot("issue-refused")
    assert station.alive
    assert image.read_bytes() == before, "the live card was written over"
    assert station.query(cards) == issued
    assert station.query("SELECT count(*) FROM audit_events WHERE action = 'card_issue_refused'"
                         ) == [(1,)]
