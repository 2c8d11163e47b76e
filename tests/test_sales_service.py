"""Selling through the services on a real database (SQLite and PostgreSQL)."""

from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from db.models import Charge, Meter, Sale, SaleStatus
from tests.conftest import expected_cash, meter_applied, open_customer
from vending_app.core.card_station import CardWriteError
from vending_app.core.errors import LimitExceeded, StateError
from vending_app.core.sales import SaleRequest

M1 = "000000000001"


@pytest.fixture
def selling(office):
    open_customer(office, M1)
    office.core.shifts.open(office.seller, "100.00")
    return office


def sell(office, card, applied=True, **kw):
    meter = kw.pop("meter", M1)
    result = office.core.sales.sell(office.seller, SaleRequest(meter, **kw), card)
    if applied:
        meter_applied(office.core, meter)
    return result


def test_ladder_follows_the_billing_year_and_tariff_versions(selling, card, clock):
    core, admin = selling.core, selling.admin
    core.catalog.add_tariff_version(admin, "RES", date(2026, 7, 1), "2160:0.5783,4200:0.6283,*:0.8783")
    clock.set(date(2026, 3, 5))
    assert sell(selling, card, kwh="2000").quote.total == D("1056.60")
    clock.set(date(2026, 8, 1))  # new version, same billing year: cumulative 2000 counts
    q = sell(selling, card, kwh="300").quote
    assert [(t.kwh, t.price) for t in q.tier_lines] == [(D("160.00"), D("0.5783")),
                                                        (D("140.00"), D("0.6283"))]
    assert q.total == D("180.49")
    clock.set(date(2027, 1, 2))  # a new billing year starts at tier 1 again
    assert sell(selling, card, kwh="100").quote.tier_lines[0].price == D("0.5783")


def test_same_request_twice_gives_one_sale(selling, card):
    req = SaleRequest(M1, kwh="50", request_key="payment-0001")
    first = selling.core.sales.sell(selling.seller, req, card)
    again = selling.core.sales.sell(selling.seller, req, card)
    assert again.replayed and again.sale_id == first.sale_id and again.receipt_no == first.receipt_no
    assert len(card.orders) == 1
    with selling.core.db.read() as s:
        assert s.scalar(select(func.count(Sale.id))) == 1


def test_receipt_numbers_are_consecutive(selling, card):
    receipts = [sell(selling, card, kwh="10").receipt_no for _ in range(3)]
    assert receipts == ["S01-00000001", "S01-00000002", "S01-00000003"]


def test_interrupted_write_leaves_a_pending_sale_that_blocks_the_meter(selling, card):
    card.fail_next = True
    with pytest.raises(CardWriteError):
        sell(selling, card, kwh="10", request_key="interrupted-1")
    core = selling.core
    [pending] = core.sales.pending_sales()
    with pytest.raises(StateError, match="not settled"):
        sell(selling, card, kwh="10")
    # the card proves it never got the purchase: the sequence is free again
    core.sales.abandon(selling.seller, pending, "card read: purchase 1 absent")
    r = sell(selling, card, kwh="10")
    assert r.purchase_seq == 1 and r.receipt_no == "S01-00000001"


def test_interrupted_write_that_reached_the_card_commits(selling, card):
    card.fail_next = True
    with pytest.raises(CardWriteError):
        sell(selling, card, kwh="10", request_key="interrupted-2")
    [pending] = selling.core.sales.pending_sales()
    r = selling.core.sales.commit(selling.seller, pending)
    assert r.purchase_seq == 1 and r.receipt_no == "S01-00000001"
    assert selling.core.sales.find_by_request("interrupted-2").sale_id == pending


def test_start_settles_what_the_meter_proved_and_lists_the_rest(selling, card):
    core = selling.core
    open_customer(selling, "000000000002", name="Han Meimei")
    for meter in (M1, "000000000002"):
        card.fail_next = True
        with pytest.raises(CardWriteError):
            sell(selling, card, applied=False, kwh="10", meter=meter)
    meter_applied(core, M1)  # the meter's report shows purchase 1 applied: it was on the card
    [left] = core.sales.recover_pending(selling.seller)
    assert (left.meter_number, left.customer_name, left.purchase_seq) == (
        "000000000002", "Han Meimei", 1)
    with core.db.read() as s:
        assert s.scalar(select(Sale.status).join(Meter, Sale.meter_id == Meter.id)
                        .where(Meter.number == M1)) == SaleStatus.COMMITTED


def test_limits(selling, card):
    core, admin = selling.core, selling.admin
    with pytest.raises(LimitExceeded, match="at least"):
        sell(selling, card, kwh="1")
    core.catalog.set_parameter(admin, "sale.max_amount", "100.00")
    with pytest.raises(LimitExceeded, match="at most 100.00"):
        sell(selling, card, kwh="1000")
    core.catalog.set_parameter(admin, "sale.max_amount", "20000.00")
    core.catalog.set_parameter(admin, "meter.credit_cap_kwh", "300")
    sell(selling, card, kwh="200")
    with pytest.raises(LimitExceeded, match="at most 100.00 kWh can be sold"):
        sell(selling, card, kwh="150")
    core.catalog.set_parameter(admin, "meter.credit_cap_kwh", "0")
    core.catalog.set_parameter(admin, "shift.vending_limit", "200.00")
    with pytest.raises(LimitExceeded, match="This shift may take at most 200.00"):
        sell(selling, card, kwh="200")
    with core.db.read() as s:
        assert s.scalar(select(func.count(Sale.id))) == 1


def test_monthly_charge_is_taken_once_a_month(selling, card, clock):
    core, admin = selling.core, selling.admin
    core.catalog.add_tariff_version(admin, "RES", date(2026, 1, 1), "2160:0.5283,4200:0.5783,*:0.8283",
                                    fixed_monthly_charge="5.00")
    clock.set(date(2026, 3, 5))
    assert sell(selling, card, kwh="10").quote.fixed_charge == D("5.00")
    assert sell(selling, card, kwh="10").quote.fixed_charge == D("0.00")
    clock.set(date(2026, 4, 1))
    assert sell(selling, card, kwh="10").quote.fixed_charge == D("5.00")


def test_arrears_are_recovered_until_paid(selling, card):
    core = selling.core
    acc = core.accounts.search(selling.clerk, M1)[0].account_no
    core.accounts.add_charge(selling.clerk, acc, "old arrears", "8.00", "10")
    assert sell(selling, card, kwh="100").quote.recovered_amount == D("5.28")
    assert sell(selling, card, kwh="100").quote.recovered_amount == D("2.72")
    assert sell(selling, card, kwh="100").quote.recovered_amount == D("0.00")
    with core.db.read() as s:
        assert s.scalar(select(Charge.outstanding)) == D("0.00")


def test_flat_price_quota_needs_approval_and_does_not_carry_over(selling, card, clock):
    core = selling.core
    acc = core.accounts.search(selling.clerk, M1)[0].account_no
    qid = core.adjustments.request_quota(selling.clerk, acc, "50", "0.3000", "subsidised household",
                                         date(2026, 1, 1))
    assert sell(selling, card, kwh="10").quote.flat_kwh == 0  # not approved yet
    core.adjustments.decide_quota(selling.admin, qid, approve=True)
    assert sell(selling, card, kwh="30").quote.flat_kwh == D("30.00")
    q = sell(selling, card, kwh="30").quote
    assert q.flat_kwh == D("20.00") and q.tier_kwh == D("10.00")
    assert sell(selling, card, kwh="30").quote.flat_kwh == 0  # used up this month
    clock.set(date(2026, 4, 2))
    assert sell(selling, card, kwh="80").quote.flat_kwh == D("50.00")  # fresh, not 50 + leftovers


def test_reversal_needs_an_administrator_and_frees_the_sequence(selling, card):
    core = selling.core
    r = sell(selling, card, kwh="100", tendered="60", applied=False)
    rid = core.sales.request_reversal(selling.seller, r.receipt_no, "customer changed mind")
    with core.db.read() as s:
        assert s.get(Sale, r.sale_id).status == SaleStatus.COMMITTED
    core.sales.decide_reversal(selling.admin, rid, approve=True)
    with core.db.read() as s:
        assert s.get(Sale, r.sale_id).status == SaleStatus.REVERSED
        assert s.scalar(select(Meter.purchase_seq)) == 0
    x = core.shifts.x_report(selling.seller)
    assert x.sales_amount == D("52.83") and x.reversals_amount == D("52.83")
    assert expected_cash(selling, selling.seller) == D("100.00")
    assert sell(selling, card, kwh="10").purchase_seq == 1


def test_a_purchase_the_meter_applied_cannot_be_reversed(selling, card):
    core = selling.core
    r = sell(selling, card, kwh="100")  # the meter applied it
    with pytest.raises(StateError, match="already applied"):
        core.sales.request_reversal(selling.seller, r.receipt_no, "too late for this")


def test_adjustment_is_approved_then_vended_at_no_charge(selling, card):
    core = selling.core
    aid = core.adjustments.request_adjustment(selling.clerk, M1, "25", "meter fault compensation")
    with pytest.raises(StateError, match="not approved"):
        core.adjustments.vend_adjustment(selling.seller, aid, card)
    core.adjustments.decide_adjustment(selling.admin, aid, approve=True)
    r = core.adjustments.vend_adjustment(selling.seller, aid, card)
    assert r.quote.total == 0 and card.orders[-1].secondary_kwh == D("25.00")
    again = core.adjustments.vend_adjustment  # vended once only
    with pytest.raises(StateError):
        again(selling.seller, aid, card)
    assert core.shifts.x_report(selling.seller).sales_amount == 0


def test_a_card_carries_at_most_four_unapplied_purchases(selling, card):
    for _ in range(4):
        sell(selling, card, kwh="10", applied=False)
    assert [e.seq for e in card.orders[-1].entries] == [1, 2, 3, 4]
    with pytest.raises(StateError, match="insert it in the meter first"):
        sell(selling, card, kwh="10", applied=False)
    meter_applied(selling.core, M1)
    assert [e.seq for e in card.orders[-1].entries] == [1, 2, 3, 4]
    sell(selling, card, kwh="10")
    assert [e.seq for e in card.orders[-1].entries] == [5]
