"""The meters' monthly purchases (purchase_months) never disagree with the
sales: after any mix of sales (some dated before the meter's last),
reversals, adjustments and refunds they equal a recomputation, the spans
the suspicious-customer rules read from them equal a walk over the sales,
and ``db check`` notices a row changed behind its back (hypothesis, on
SQLite and PostgreSQL)."""

import itertools
import threading
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from db.models import Meter, PurchaseMonth, RefundKind, Sale, SaleKind, SaleStatus
from tests.conftest import meter_applied, open_customer, play
from vending_app.core import purchase_months
from vending_app.core.sales import SaleRequest

_runs = itertools.count(0)

events = st.lists(st.tuples(
    st.integers(min_value=0, max_value=75),  # days after the plan's first day
    st.integers(min_value=0, max_value=2),  # which customer
    st.integers(min_value=1000, max_value=30_000).map(lambda n: D(n) / 100),  # kWh
    st.sampled_from(["sell", "sell", "sell", "reverse", "adjust", "refund"]),
), min_size=1, max_size=10)


def walk(s, start: date, end: date) -> dict[int, purchase_months.Run]:
    """What the rules used to compute: every purchase of the span, in order."""
    days: dict[int, list[date]] = {}
    for m, d in s.execute(select(Sale.meter_id, Sale.business_date).where(
            Sale.kind == SaleKind.SALE, Sale.status == SaleStatus.COMMITTED,
            Sale.business_date >= start, Sale.business_date <= end)
            .order_by(Sale.meter_id, Sale.business_date)):
        days.setdefault(m, []).append(d)
    return {m: purchase_months.Run(len(v), v[-1], max(((b - a).days for a, b in zip(
        v, v[1:], strict=False)), default=None)) for m, v in days.items()}


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(plan=events, in_order=st.booleans(),
       spans=st.lists(st.tuples(st.integers(0, 80), st.integers(0, 80)), min_size=1,
                      max_size=4))
def test_monthly_purchases_equal_a_recomputation(office, card, clock, plan, in_order, spans):
    core, n = office.core, next(_runs)
    first = date(2033 + n // 4, 3 * (n % 4) + 1, 20)
    clock.set(first)
    if core.shifts.current(office.seller) is None:
        core.shifts.open(office.seller, "50.00")
    meters = [f"{710000 + 10 * n + i:012d}" for i in range(3)]
    for i, m in enumerate(meters):
        open_customer(office, m, team=("T1", "T2")[i % 2])
    for offset, who, kwh, action in (sorted(plan, key=lambda e: e[0]) if in_order else plan):
        clock.set(first + timedelta(days=offset))
        play(core, office, card, meters[who], kwh, action)
        if action == "refund":  # the card still holds it: taken back and paid
            core.refunds.take_back(office.seller, card, meters[who], RefundKind.ON_DEMAND,
                                   "moving out")
        meter_applied(core, meters[who])
    with core.db.read() as s:
        assert purchase_months.problems(s) == []
        ids = set(s.scalars(select(Meter.id).where(Meter.number.in_(meters))))
        for a, b in spans:
            start, end = first + timedelta(days=min(a, b)), first + timedelta(days=max(a, b))
            runs = purchase_months.purchase_runs(s, start, end)
            assert {m: r for m, r in runs.items() if m in ids} == {
                m: r for m, r in walk(s, start, end).items() if m in ids}
            bought = purchase_months.bought(s, start, end)
            assert {m: k for m, k in bought.items() if m in ids} == {
                m: k for m, k in _bought(s, start, end).items() if m in ids}


def _bought(s, start: date, end: date) -> dict[int, D]:
    out: dict[int, D] = {}
    for m, kwh in s.execute(select(Sale.meter_id, Sale.primary_kwh).where(
            Sale.kind == SaleKind.SALE, Sale.status == SaleStatus.COMMITTED,
            Sale.business_date >= start, Sale.business_date <= end)):
        out[m] = out.get(m, D(0)) + kwh
    return out


def test_db_check_notices_a_changed_month_and_rebuild_mends_it(office, card):
    core = office.core
    core.shifts.open(office.seller, "50.00")
    meter = "000000777101"
    open_customer(office, meter)
    core.sales.sell(office.seller, SaleRequest(meter, kwh=D("30")), card)
    assert core.safety.check(office.admin).ok
    with core.db.write() as s:
        s.execute(text("UPDATE purchase_months SET longest_gap = longest_gap + 1"))
    report = core.safety.check(office.admin)
    assert not report.ok
    assert any("monthly purchases of meter" in p for p in report.problems)
    with core.db.write() as s:
        purchase_months.rebuild(s)
    assert core.safety.check(office.admin).ok


def test_the_migration_counts_what_was_bought_before_it(office, card, clock):
    """0012 back-fills the months of an office that already sold."""
    from db import migrate
    core = office.core
    clock.set(date(2034, 1, 30))
    core.shifts.open(office.seller, "50.00")
    meter = "000000777201"
    open_customer(office, meter)
    for day, kwh in ((date(2034, 1, 30), "30"), (date(2034, 2, 3), "12.5"),
                     (date(2034, 2, 20), "7")):
        clock.set(day)
        core.sales.sell(office.seller, SaleRequest(meter, kwh=D(kwh)), card)
        meter_applied(core, meter)
    order = "SELECT month, purchases, kwh, longest_gap, gap_before FROM purchase_months ORDER BY month"
    with core.db.read() as s:
        before = [tuple(str(v) for v in r) for r in s.execute(text(order))]
    core.db.engine.dispose()
    migrate.downgrade(core.db.engine, "0010")
    migrate.upgrade(core.db.engine)
    with core.db.read() as s:
        assert purchase_months.problems(s) == []
        after = [tuple(str(v) for v in r) for r in s.execute(text(order))]
    assert after == before
    assert after == [("2034-01-01", "1", "3000", "0", "None"),
                     ("2034-02-01", "2", "1950", "17", "4")]


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_a_sale_committed_while_another_counter_recounts_its_meter_keeps_its_month(office, card):
    """PostgreSQL, two counters at once: B's reversal recounts a meter
    (its old purchase taken away) and has not committed; A commits a new
    sale of the same meter meanwhile. A waits for B's recount, then counts
    its sale into the month B rebuilt. Before, A's update of the month
    found B's deleted row and the sale was lost from its month."""
    core, number = office.core, "000000880001"
    core.shifts.open(office.seller, "0")
    open_customer(office, number)
    old = core.sales.sell(office.seller, SaleRequest(number, kwh="10"), card)
    meter_applied(core, number)
    new_id, _ = core.sales.reserve(office.seller, SaleRequest(number, kwh="12"))
    errors: list[BaseException] = []

    def counter_a():
        try:
            with core.db.write() as a:
                a.execute(text("SET LOCAL lock_timeout = '20s'"))  # a wait fails, not hangs
                sale = a.get(Sale, new_id)
                sale.status = SaleStatus.COMMITTED
                a.flush()
                purchase_months.record_sale(a, sale)
        except BaseException as e:  # noqa: BLE001 - reported by the test below
            errors.append(e)

    with core.db.write() as b:  # counter B: the reversal's recount, not committed yet
        b.scalar(select(Sale).where(Sale.receipt_no == old.receipt_no)).status = \
            SaleStatus.REVERSED
        meter_id = b.scalar(select(Meter.id).where(Meter.number == number))
        purchase_months.recount_meter(b, meter_id)
        a_thread = threading.Thread(target=counter_a)
        a_thread.start()
        a_thread.join(1.0)
        assert a_thread.is_alive(), "A must wait for B's recount of the same meter"
    a_thread.join(30)
    assert not errors, errors
    with core.db.read() as s:
        assert purchase_months.problems(s) == []
        assert s.execute(select(PurchaseMonth.purchases, PurchaseMonth.kwh).where(
            PurchaseMonth.meter_id == meter_id)).all() == [(1, D("12.00"))]
