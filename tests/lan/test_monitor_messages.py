"""Business monitoring and station messages between two stations sharing
one database (both backends)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from db.models import Role
from tests.conftest import PASSWORD, meter_applied, open_customer
from vending_app.core.errors import PermissionDenied
from vending_app.core.sales import SaleRequest
from vending_app.core.station import StationCore


@pytest.fixture
def second(office):
    core2 = StationCore(office.core.db, "S02", hasher=office.core.auth.hasher,
                        clock=office.core.clock)
    office.core.auth.create_operator(office.admin, "seller2", "Second Seller", Role.SELLER, PASSWORD)
    return core2, core2.auth.login("seller2", PASSWORD)


def test_the_monitor_shows_each_station_live_and_reads_the_books_only_when_they_move(
        office, card, second):
    core2, seller2 = second
    open_customer(office, "000000000041")
    core2.shifts.open(seller2, "20")
    r = core2.sales.sell(seller2, SaleRequest("000000000041", kwh="30"), card)
    meter_applied(core2, "000000000041")
    snap = office.core.stations.monitor(office.admin)
    s02 = {v.code: v for v in snap.stations}["S02"]
    assert s02.online and s02.operator == "seller2" and s02.shift_operator == "seller2"
    assert (s02.sales_today, s02.amount_today, s02.kwh_today) == (1, r.quote.total, Decimal("30.00"))
    assert snap.totals == (1, r.quote.total)
    # nothing happened since: the books are served from memory, presence is still read
    core2.stations.heartbeat(seller2, "selling")
    again = office.core.stations.monitor(office.admin)
    assert not again.recomputed and {v.code: v for v in again.stations}["S02"].activity == "selling"
    core2.sales.sell(seller2, SaleRequest("000000000041", kwh="10"), card)
    moved = office.core.stations.monitor(office.admin)
    assert moved.recomputed and {v.code: v for v in moved.stations}["S02"].sales_today == 2
    core2.auth.logout(seller2)
    gone = {v.code: v for v in office.core.stations.monitor(office.admin).stations}["S02"]
    assert gone.operator == "" and gone.activity == "signed out"
    with pytest.raises(PermissionDenied):
        core2.stations.monitor(seller2)


def test_a_notice_and_a_question_reach_the_other_station_with_read_receipts(office, second):
    core2, seller2 = second
    notice = office.core.messages.send(office.admin, "Tariff change",
                                       "New residential prices from the 1st.", kind="notice")
    assert core2.messages.unread(seller2) == 1
    with pytest.raises(PermissionDenied):  # a seller asks; only an administrator gives notice
        core2.messages.send(seller2, "x", "y", kind="notice")
    question = core2.messages.send(seller2, "Reader", "Our reader is slow: return it?",
                                   to_station="S01")
    assert office.core.messages.unread(office.clerk) == 1
    assert core2.messages.mark_read(seller2, [notice]) == 1
    assert core2.messages.mark_read(seller2, [notice]) == 0  # read once stays read
    assert core2.messages.unread(seller2) == 0
    mine = {m.id: m for m in office.core.messages.conversation(office.admin)}
    assert [(r.station, r.login) for r in mine[notice].read_by] == [("S02", "seller2")]
    assert mine[question].from_station == "S02" and not mine[question].read_here
    reply = office.core.messages.send(office.clerk, "Re: Reader", "Yes, bring it Monday.",
                                      to_station="S02", reply_to=question)
    theirs = {m.id: m for m in core2.messages.conversation(seller2)}
    assert theirs[reply].kind == "reply" and theirs[reply].reply_to == question


def test_a_notice_to_every_station_is_read_at_the_station_that_sent_it_too(office, second):
    """One counter (the demo, a small office): the administrator's notice to
    every station is read by the seller at the same counter."""
    core2, seller2 = second
    notice = office.core.messages.send(office.admin, "Tariff", "New prices from the 1st",
                                       kind="notice")
    assert office.core.messages.mark_read(office.seller, [notice]) == 1
    assert {m.id: m for m in office.core.messages.conversation(office.seller)}[notice].read_here
    # a question this station put to S02 is S02's to sign, not this station's
    question = office.core.messages.send(office.clerk, "Reader", "Is it free?", to_station="S02")
    with pytest.raises(PermissionDenied):
        office.core.messages.mark_read(office.seller, [question])
    assert core2.messages.mark_read(seller2, [question, notice]) == 2
