"""The running ledger totals (ledger_days) never disagree with the ledger:
after any mix of sales, reversals, adjustments and refunds they equal a
recomputation, and the month end read from them equals the ledger's lines
(hypothesis, on SQLite and PostgreSQL)."""

import itertools
from datetime import date
from decimal import Decimal as D

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.orm import Session

from tests.conftest import meter_applied, open_customer, play
from vending_app.core import documents, summaries
from vending_app.core.sales import SaleRequest

_runs = itertools.count(0)

events = st.lists(st.tuples(
    st.integers(min_value=1, max_value=28),  # day of the month
    st.integers(min_value=0, max_value=2),  # which customer
    st.integers(min_value=1000, max_value=60_000).map(lambda n: D(n) / 100),  # kWh
    st.sampled_from(["sell", "sell", "reverse", "adjust"]),
), min_size=1, max_size=8)


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(plan=events, refund=st.booleans(), left=st.integers(min_value=0, max_value=3000))
def test_running_totals_equal_a_recomputation(office, card, clock, plan, refund, left):
    core, n = office.core, next(_runs)
    year, month = 2031 + n // 12, n % 12 + 1
    clock.set(date(year, month, 1))
    if core.shifts.current(office.seller) is None:
        core.shifts.open(office.seller, "50.00")
    meters = [f"{700000 + 10 * n + i:012d}" for i in range(3)]
    accounts = [open_customer(office, m, team=("T1", "T2")[i % 2]) for i, m in enumerate(meters)]
    for day, who, kwh, action in sorted(plan, key=lambda e: e[0]):
        clock.set(date(year, month, day))
        play(core, office, card, meters[who], kwh, action)
        meter_applied(core, meters[who])
    if refund:  # the clerk's refund goes through no drawer
        core.accounts.close_account(office.clerk, accounts[0], {meters[0]: str(D(left) / 100)},
                                    "moving out")
    with core.db.read() as s:
        assert summaries.problems(s) == []
        start, end = date(year, month, 1), date(year, month, 28)
        lines = documents.ledger(s, start, end)
        for t in summaries.team_totals(s, start, end):
            mine = [ln for ln in lines if ln.team == t.team]
            assert t.lines == len(mine)
            assert t.amount == sum((ln.amount for ln in mine), D(0))
            assert t.sold_kwh == sum((ln.sold_kwh for ln in mine), D(0))
    with core.db.engine.connect() as conn:  # and a changed row is noticed
        conn.execute(text("UPDATE ledger_days SET amount = amount + 1"))
        assert summaries.problems(Session(bind=conn))
        conn.rollback()


def test_the_migration_counts_what_was_sold_before_it(office, card):
    """0010 back-fills the running totals of an office that already sold."""
    from db import migrate
    core = office.core
    core.shifts.open(office.seller, "50.00")
    meter = "000000777001"
    open_customer(office, meter)
    sale = core.sales.sell(office.seller, SaleRequest(meter, kwh=D("30")), card)
    rid = core.sales.request_reversal(office.seller, sale.receipt_no, "wrong meter")
    core.sales.decide_reversal(office.admin, rid, True)
    core.sales.sell(office.seller, SaleRequest(meter, kwh=D("12.5")), card)
    with core.db.read() as s:
        before = s.execute(text("SELECT day, team_id, SUM(amount), SUM(lines) FROM ledger_days "
                                "GROUP BY day, team_id ORDER BY day, team_id")).all()
    core.db.engine.dispose()
    migrate.downgrade(core.db.engine, "0009")
    migrate.upgrade(core.db.engine)
    with core.db.read() as s:
        assert summaries.problems(s) == []
        after = s.execute(text("SELECT day, team_id, SUM(amount), SUM(lines) FROM ledger_days "
                               "GROUP BY day, team_id ORDER BY day, team_id")).all()
    assert after == before and len(after) == 1 and after[0][3] == 3
