"""For any month of sales, reversals and adjustments: the three dekad
sheets add up to the month-end totals, which add up to what went through
the sellers' shifts (hypothesis, on the real database)."""

import itertools
from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db.models import Role
from tests.conftest import PASSWORD, expected_cash, meter_applied, open_customer
from vending_app.core.sales import SaleRequest

FIELDS = ("sold_kwh", "flat_kwh", "adjustment_kwh", "amount")
_months = itertools.count(0)

events = st.lists(st.tuples(
    st.integers(min_value=1, max_value=31),  # day (clipped to the month's length)
    st.integers(min_value=0, max_value=1),  # which seller
    st.integers(min_value=0, max_value=3),  # which customer
    st.integers(min_value=1000, max_value=90_000).map(lambda n: D(n) / 100),  # kWh
    st.sampled_from(["sell", "sell", "sell", "reverse", "adjust"]),
), min_size=1, max_size=10)


@pytest.fixture
def backend():
    return "sqlite"


@pytest.fixture
def shop(office):
    core = office.core
    core.auth.create_operator(office.admin, "seller2", "Zhou Seller", Role.SELLER, PASSWORD)
    sellers = [office.seller, core.auth.login("seller2", PASSWORD)]
    meters = [f"{900 + i:012d}" for i in range(4)]
    accounts = [open_customer(office, m, team="T1" if i % 2 else "T2") for i, m in enumerate(meters)]
    qid = core.adjustments.request_quota(office.clerk, accounts[0], "40", "0.3000", "subsidy",
                                         date(2030, 1, 1))
    core.adjustments.decide_quota(office.admin, qid, True)
    return office, sellers, meters


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(plan=events)
def test_dekads_add_up_to_the_month_which_adds_up_to_the_shifts(shop, card, clock, plan):
    office, sellers, meters = shop
    core = office.core
    n = next(_months)
    year, month = 2030 + n // 12, n % 12 + 1
    last = (date(year + month // 12, month % 12 + 1, 1) - date.resolution).day
    clock.set(date(year, month, 1))
    for seller in sellers:
        if core.shifts.current(seller) is not None:  # left open by a failed example
            core.shifts.close(seller, str(expected_cash(office, seller)))
        core.shifts.open(seller, "50.00")
    for day, who, cust, kwh, action in sorted(plan, key=lambda e: e[0]):
        clock.set(date(year, month, min(day, last)))
        if action == "adjust":
            aid = core.adjustments.request_adjustment(office.clerk, meters[cust], str(kwh),
                                                         "meter fault compensation")
            core.adjustments.decide_adjustment(office.admin, aid, True)
            core.adjustments.vend_adjustment(sellers[who], aid, card)
        else:
            sale = core.sales.sell(sellers[who], SaleRequest(meters[cust], kwh=kwh), card)
            if action == "reverse":
                rid = core.sales.request_reversal(sellers[who], sale.receipt_no,
                                                     "sold to the wrong meter")
                core.sales.decide_reversal(office.admin, rid, True)
        meter_applied(core, meters[cust])
    moved = D(0)
    for seller in sellers:
        fig = core.shifts.close(seller, str(expected_cash(office, seller)))
        moved += fig.sales_amount - fig.reversals_amount - fig.refunds_amount

    dekads = [core.documents.dekad_sheet(office.finance, year, month, i) for i in (1, 2, 3)]
    month_end = core.documents.month_end(office.finance, year, month)
    for f in FIELDS:
        assert sum(d.total[f] for d in dekads) == month_end.total[f]
        for d in dekads:
            assert d.total[f] == sum(sec.subtotal[f] for sec in d.sections)
            for sec in d.sections:
                assert sec.subtotal[f] == sum(r[f] for r in sec.rows)
    assert month_end.total["amount"] == moved
    assert month_end.total["sales"] == sum(
        1 for d in dekads for sec in d.sections for r in sec.rows if r["item"].startswith("sale"))
