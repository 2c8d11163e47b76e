"""Opening, pairing, searching and closing accounts."""

from decimal import Decimal as D

import pytest
from sqlalchemy import select

from db.models import Charge, Meter, MeterStatus, Refund
from tests.conftest import new_id_number, open_customer
from vending_app.core.errors import StateError, ValidationError
from vending_app.core.sales import SaleRequest


def test_close_account_refunds_what_is_left_at_the_last_prices(office, card):
    core = office.core
    acc = open_customer(office, "000000000001")
    core.accounts.pair_meter(office.clerk, acc, "000000000002", "three_phase_ct", "150/5")
    core.shifts.open(office.seller, "0")
    core.sales.sell(office.seller, SaleRequest("000000000001", kwh="100"), card)  # 52.83
    core.sales.sell(office.seller, SaleRequest("000000000002", kwh="100"), card)  # carry 0.10
    core.accounts.add_charge(office.clerk, acc, "meter seal fee", "3.00", "50")
    with pytest.raises(ValidationError, match="000000000002"):
        core.accounts.close_account(office.clerk, acc, {"000000000001": "40"}, "moving out")
    refunds = core.accounts.close_account(
        office.clerk, acc, {"000000000001": "40", "000000000002": "1.00"}, "moving out")
    by_meter = {r.meter_number: r for r in refunds}
    # 40 kWh of a 100 kWh purchase at 52.83: 21.132 -> 21.13, the fee is kept from it
    assert by_meter["000000000001"].gross == D("21.13")
    assert by_meter["000000000001"].charges_deducted == D("3.00")
    assert by_meter["000000000001"].paid == D("18.13")
    # 1.00 secondary x 30 + 0.10 carried = 30.10 primary kWh, priced at the same sale
    assert by_meter["000000000002"].kwh == D("30.10")
    assert by_meter["000000000002"].gross == D("15.90")  # 30.10 x 0.5283, rounded down
    with core.db.read() as s:
        assert {m.status for m in s.scalars(select(Meter))} == {MeterStatus.CLOSED}
        assert s.scalar(select(Charge.outstanding)) == 0
        assert len(s.scalars(select(Refund)).all()) == 2
    with pytest.raises(StateError):
        core.accounts.close_account(office.clerk, acc, {}, "twice over")
    # the freed meter may serve a new account
    new = core.accounts.open_account(office.clerk, "New Owner", new_id_number(), "13700000000",
                                     "1 Well Road", "T1", "RESID")
    core.accounts.pair_meter(office.clerk, new, "000000000001", "single_phase")


def test_search_by_each_key(office):
    core = office.core
    acc = open_customer(office, "000000000777", name="Wang Xiaoming")
    row = core.accounts.search(office.clerk, acc)[0]
    for text in ["Xiaoming", "wang", "000000000777", "0000000007", row.id_number, "1380013", acc]:
        found = core.accounts.search(office.seller, text)
        assert [r.account_no for r in found] == [acc], text
        assert found[0].meters == ("000000000777",)
    assert core.accounts.search(office.clerk, "nobody-like-this") == []


def test_search_wildcards_are_literal(office):
    open_customer(office, "000000000778", name="Wang Xiaoming")
    assert office.core.accounts.search(office.clerk, "%") == []
    assert office.core.accounts.search(office.clerk, "_") == []
