"""The meters' kept months (meter_months) never disagree with their reports:
after reports stored in any order, authentic or not, far apart or next to a
month's end, they equal a recomputation, and line loss read from them equals
line loss re-reading every report, digit for digit (hypothesis, on SQLite
and PostgreSQL)."""

import itertools
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal as D
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from db.models import Meter, MeterMonth, MeterReading
from tests.conftest import TZ, open_customer
from vending_app.core import meter_months
from vending_app.core.station import StationCore

_runs = itertools.count(0)
DAY = 24 * 3600
# local month starts from 2025-12 to 2026-09, as seconds after the first
EDGES = [int((datetime(2025 + (11 + i) // 12, (11 + i) % 12 + 1, 1, tzinfo=TZ)
              - datetime(2025, 12, 1, tzinfo=TZ)).total_seconds()) for i in range(10)]
NEAR_EDGE = [0, 1, -1, 3 * DAY, 3 * DAY + 1, -3 * DAY, -3 * DAY - 1, 62 * DAY, 62 * DAY + 1,
             -62 * DAY, -62 * DAY - 1]
moments = st.one_of(
    st.integers(min_value=-70 * DAY, max_value=360 * DAY),  # anywhere, so far apart too
    st.builds(lambda e, d: e + d, st.sampled_from(EDGES), st.sampled_from(NEAR_EDGE)))
reports = st.lists(st.tuples(
    st.integers(min_value=0, max_value=3),  # which meter
    moments,
    st.integers(min_value=0, max_value=99_999_999).map(lambda n: D(n).scaleb(-2)),  # register
    st.sampled_from([True, True, True, False]),  # authentic
), min_size=0, max_size=24)


def _meters(office, n: int) -> list[int]:
    """Four meters (T1, T2, T1, T2), multipliers 1, 40, 1, 40 (the numbers are
    new for every example: the examples share one database)."""
    numbers = [f"{800000 + 10 * n + i:012d}" for i in range(4)]
    for i, number in enumerate(numbers):
        open_customer(office, number, team=("T1", "T2")[i % 2], ct=("1", "40")[i % 2],
                      meter_type=("single_phase", "three_phase_ct")[i % 2])
    with office.core.db.read() as s:
        return [s.scalar(select(Meter.id).where(Meter.number == m)) for m in numbers]


def _store(core, meter_id: int, at: datetime, kwh: D, authentic: bool) -> None:
    """What store_report does with a report: the row, then its meter's months."""
    with core.db.write() as s:
        s.execute(insert(MeterReading).values(
            meter_id=meter_id, card_id=None, read_at=at, station_code="S01", authentic=authentic,
            counter=1, last_seq=0, remaining_kwh=D(0), cumulative_kwh=kwh, events=0, trips=0,
            meter_time=at, key_version=1, illegal_cards=0))
        meter_months.refresh(s, meter_id, at, core.clock().tzinfo)


def _same(a, b) -> bool:
    return a == b and [str(x) for x in vars(a).values()] == [str(x) for x in vars(b).values()]


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(plan=reports)
def test_kept_months_equal_a_recomputation_and_line_loss_is_unchanged(office, plan):
    core, n = office.core, next(_runs)
    tz = core.clock().tzinfo
    with core.db.write() as s:  # the last example's reports are not this one's
        s.execute(delete(MeterMonth))
        s.execute(delete(MeterReading))
    meter_months.ensure(core.db, tz)
    meters = _meters(office, n)
    start = datetime(2025, 12, 1, tzinfo=TZ).astimezone(UTC)
    for which, seconds, kwh, authentic in plan:  # in the plan's order: not by time
        _store(core, meters[which], start + timedelta(seconds=seconds), kwh, authentic)
    with core.db.read() as s:
        assert meter_months.problems(s, tz) == []
        kept = meter_months.team_months(s, date(2025, 10, 1), date(2026, 9, 1))
        event(f"team months counted: {min(len(kept), 5)}{'+' if len(kept) >= 5 else ''}")
        for (code, month), (cents, _) in kept.items():  # the exact path says the same
            assert meter_months.exact_sum(s, code, month) == cents
    new = core.line_loss.trend_rows(2026, 9, 12)
    old = core.line_loss.trend_rows(2026, 9, 12, from_reports=True)
    assert len(new) == len(old) == 24
    assert all(_same(a, b) for a, b in zip(new, old, strict=True)), (new, old)


def test_a_changed_row_is_noticed_and_a_rebuild_mends_it(office):
    core, tz = office.core, office.core.clock().tzinfo
    meter_months.ensure(core.db, tz)
    m = _meters(office, 900)[1]
    start = datetime(2026, 1, 10, tzinfo=UTC)
    for day, kwh in ((0, "100.00"), (40, "180.50"), (75, "260.25")):
        _store(core, m, start + timedelta(days=day), D(kwh), True)
    assert core.safety.check(office.admin).ok
    with core.db.write() as s:
        s.execute(update(MeterMonth).where(MeterMonth.meter_id == m)
                  .values(consumed="1", approx=1.0))
    report = core.safety.check(office.admin)  # db check recomputes them
    assert "meters' months for line loss (recomputed)" in report.checks
    assert [p for p in report.problems if p.startswith(f"meter {m}, month 2026-02: kept 1,")]
    with core.db.engine.connect() as conn:
        conn.execute(delete(MeterMonth))
        assert meter_months.problems(Session(bind=conn), tz)  # a missing row too
        conn.rollback()
    with core.db.write() as s:
        meter_months.rebuild(s, tz)
    with core.db.read() as s:
        assert meter_months.problems(s, tz) == []
        assert s.scalar(select(MeterMonth.consumed).where(
            MeterMonth.meter_id == m, MeterMonth.month == date(2026, 2, 1))) is not None


def test_another_zone_rebuilds_its_own_months(office, db):
    """The months are local months: a station in another zone rebuilds them
    for its zone before it reads them, and the figures are that zone's."""
    core = office.core
    meter_months.ensure(core.db, core.clock().tzinfo)
    m = _meters(office, 901)[0]
    for at, kwh in ((datetime(2026, 1, 20, tzinfo=UTC), "0.00"),
                    (datetime(2026, 2, 28, 20, tzinfo=UTC), "0.00"),  # nothing used till then
                    (datetime(2026, 3, 20, tzinfo=UTC), "1000.00")):  # 1000 kWh in 460 hours
        _store(core, m, at, D(kwh), True)
    shanghai = core.line_loss.trend_rows(2026, 2, 1, team="T1")[0]
    athens = ZoneInfo("Europe/Athens")  # February ends at 22:00 UTC there, 16:00 in Shanghai
    other = StationCore(db, "S01", clock=lambda: datetime.combine(date(2026, 3, 5), time(10),
                                                                  athens))
    there = other.line_loss.trend_rows(2026, 2, 1, team="T1")[0]
    with db.read() as s:
        assert meter_months.basis(s) == "Europe/Athens"
        assert meter_months.problems(s, athens) == []
    assert _same(there, other.line_loss.trend_rows(2026, 2, 1, team="T1", from_reports=True)[0])
    assert there.consumed_kwh - shanghai.consumed_kwh == D("4.35")  # 2 of the 460 hours
    assert _same(shanghai, core.line_loss.trend_rows(2026, 2, 1, team="T1")[0])
    with db.read() as s:
        assert meter_months.basis(s) == "Asia/Shanghai"  # rebuilt back


def test_cents_the_float_bound_could_tip_are_added_exactly():
    assert meter_months.to_cents(12.344, 100.0, 3) == D("12.34")
    assert meter_months.to_cents(-7.0, 7.0, 1) == D("-7.00")
    assert meter_months.to_cents(12.345, 100.0, 3) is None  # on a half cent
    assert meter_months.to_cents(12.3450000000001, 1e6, 50_000) is None  # within the bound
    assert meter_months.to_cents(0.0, 5.0, 2) is None  # zero: its sign is the exact sum's


def test_the_months_a_report_can_change():
    tz = TZ
    at = datetime(2026, 5, 15, tzinfo=UTC)
    months = meter_months.months_near(at, at, tz)
    assert months == [date(2026, m, 1) for m in (3, 4, 5, 6, 7)]
    for month in months:
        t0, t1 = meter_months.bounds(month, tz)
        assert t0 - meter_months.MARGIN <= at <= t1 + meter_months.MARGIN
    edge = meter_months.bounds(date(2026, 3, 1), tz)[1] + meter_months.MARGIN  # inclusive end
    assert date(2026, 3, 1) in meter_months.months_near(edge, edge, tz)
