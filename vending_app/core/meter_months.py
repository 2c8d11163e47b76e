"""What each customer's meter counted per local calendar month
(``meter_months``): line loss's "consumed" without re-reading a year of
reports for every trend.

A meter's register at a moment is interpolated between its authentic
reports either side, or taken from the nearest within ``NEAR``, using only
the reports within ``MARGIN`` of the period (line loss's rule). For a
calendar month that makes the meter's consumption (register at the end less
register at the start) a function of its reports and the office's time zone
only: it is kept per meter and month, exact (the Decimal as text).

A stored report can change only the months whose window (the month widened
by ``MARGIN`` on each side) holds it: ``refresh`` recomputes those few, in
the transaction that stores the report. The months are local months:
``meter_months_basis`` names the zone they were built for, and a table built
for another zone (or never built) is rebuilt before it is read (``ensure``).
``problems`` (``db check``) recomputes every row and compares.

Team sums come from SQL as floats with their error bound: a sum whose cents
the bound cannot change is those cents; one the bound could tip (a sum
within about 1e-9 kWh of half a cent) is added again exactly, in line loss's
own order, so the figures are line loss's to the last digit.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from decimal import Decimal

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from db.models import Customer, Meter, MeterMonth, MeterMonthBasis, MeterReading, SupplyTeam

NEAR = timedelta(days=3)
MARGIN = timedelta(days=62)
CENT = Decimal("0.01")
HALF_CENT = Decimal("0.005")
ERROR_UNIT = 2.0 ** -50  # 8 x the double's unit roundoff, and far above Decimal's 1e-27


def register(times: list[datetime], points: list[tuple[datetime, Decimal]],
             when: datetime) -> Decimal | None:
    """The register at ``when`` from readings sorted by time (``times``: theirs)."""
    i = bisect_right(times, when)
    if i and times[i - 1] == when:
        return points[i - 1][1]
    if 0 < i < len(points):
        (t0, v0), (t1, v1) = points[i - 1], points[i]
        share = Decimal((when - t0).total_seconds()) / Decimal((t1 - t0).total_seconds())
        return v0 + (v1 - v0) * share
    if i and when - times[i - 1] <= NEAR:
        return points[i - 1][1]
    if i < len(points) and times[i] - when <= NEAR:
        return points[i][1]
    return None


def through(times: list[datetime], points: list, t0: datetime, t1: datetime) -> Decimal | None:
    """Register at ``t1`` less register at ``t0``, from the readings within
    MARGIN of the period; None if either end cannot be said."""
    lo, hi = bisect_left(times, t0 - MARGIN), bisect_right(times, t1 + MARGIN)
    near, near_times = points[lo:hi], times[lo:hi]
    a, b = register(near_times, near, t0), register(near_times, near, t1)
    return None if a is None or b is None else b - a


def zone_name(tz: tzinfo) -> str:
    """The zone as kept in the basis: its name, or its fixed offset."""
    key = getattr(tz, "key", None)
    if key:
        return str(key)
    offset = tz.utcoffset(None)
    return repr(tz) if offset is None else f"UTC{offset.total_seconds() / 3600:+g}"


def bounds(month: date, tz: tzinfo) -> tuple[datetime, datetime]:
    """The month's first and next month's first local midnight, in UTC."""
    nxt = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return (datetime.combine(month, time(), tz).astimezone(UTC),
            datetime.combine(nxt, time(), tz).astimezone(UTC))


def months_near(lo: datetime, hi: datetime, tz: tzinfo) -> list[date]:
    """The months whose window could hold a reading between ``lo`` and ``hi``."""
    first, last = (lo - MARGIN).astimezone(tz).date(), (hi + MARGIN).astimezone(tz).date()
    n = first.year * 12 + first.month - 2  # a month early: a window's end is inclusive
    out = []
    while True:
        month = date(n // 12, n % 12 + 1, 1)
        t0, t1 = bounds(month, tz)
        if t0 - MARGIN > hi or month > last:
            return out
        if t1 + MARGIN >= lo:
            out.append(month)
        n += 1


def _rows(meter_id: int, times: list, points: list, months: Iterable[date],
          tz: tzinfo) -> list[dict]:
    out = []
    for month in months:
        d = through(times, points, *bounds(month, tz))
        if d is not None:
            out.append(dict(meter_id=meter_id, month=month, consumed=str(d), approx=float(d)))
    return out


def _readings(s: Session, meter_id: int | None = None, lo=None, hi=None):
    q = select(MeterReading.meter_id, MeterReading.read_at, MeterReading.cumulative_kwh) \
        .where(MeterReading.authentic.is_(True))
    if meter_id is not None:
        q = q.where(MeterReading.meter_id == meter_id, MeterReading.read_at >= lo,
                    MeterReading.read_at <= hi)
    return s.execute(q.order_by(MeterReading.meter_id, MeterReading.read_at, MeterReading.id))


def _per_meter(rows) -> Iterable[tuple[int, list, list]]:
    """(meter, times, points) from rows ordered by meter and time."""
    current, times, points = None, [], []
    for mid, at, kwh in rows:
        if mid != current:
            if current is not None:
                yield current, times, points
            current, times, points = mid, [], []
        times.append(at)
        points.append((at, kwh))
    if current is not None:
        yield current, times, points


def basis(s: Session, lock: str = "") -> str | None:
    """The zone the table holds. ``lock``: "share" (a report's upkeep: they do
    not wait on each other) or "update" (a rebuild: waits for them, and they
    for it, so that none is lost between the rebuild's read and its commit)."""
    q = select(MeterMonthBasis.zone).where(MeterMonthBasis.id == 1)
    if lock:
        q = q.with_for_update(read=lock == "share")
    return s.scalar(q)


# A report's upkeep, built once: Core statements on the session's connection
# (the ORM's per-statement work was most of its cost).
_MM, _MR = MeterMonth.__table__, MeterReading.__table__
_ZONE = select(MeterMonthBasis.__table__.c.zone).where(MeterMonthBasis.__table__.c.id == 1) \
    .with_for_update(read=True)
_NEAR_READINGS = select(_MR.c.read_at, _MR.c.cumulative_kwh).where(
    _MR.c.meter_id == bindparam("meter"), _MR.c.authentic.is_(True),
    _MR.c.read_at >= bindparam("lo"), _MR.c.read_at <= bindparam("hi")) \
    .order_by(_MR.c.read_at, _MR.c.id)
_FORGET = _MM.delete().where(_MM.c.meter_id == bindparam("meter"),
                             _MM.c.month >= bindparam("first"), _MM.c.month <= bindparam("last"))


def refresh(s: Session, meter_id: int, at: datetime, tz: tzinfo) -> None:
    """After a report of ``meter_id`` read at ``at`` was stored (or its
    authenticity changed): recompute the months it can change. Nothing if the
    table holds another zone's months (it is rebuilt before it is read). The
    basis row is read FOR SHARE: reports do not wait on each other, a rebuild
    (FOR UPDATE) waits for them."""
    conn = s.connection()
    if conn.execute(_ZONE).scalar() != zone_name(tz):
        return
    months = months_near(at, at, tz)
    lo, hi = bounds(months[0], tz)[0] - MARGIN, bounds(months[-1], tz)[1] + MARGIN
    points = [(t, kwh) for t, kwh in conn.execute(_NEAR_READINGS,
                                                  {"meter": meter_id, "lo": lo, "hi": hi})]
    conn.execute(_FORGET, {"meter": meter_id, "first": months[0], "last": months[-1]})
    rows = _rows(meter_id, [t for t, _ in points], points, months, tz)
    if rows:
        conn.execute(_MM.insert(), rows)


def expected(s: Session, tz: tzinfo) -> Iterable[dict]:
    """Every row the table should hold, recomputed from the reports."""
    for mid, times, points in _per_meter(_readings(s)):
        yield from _rows(mid, times, points, months_near(times[0], times[-1], tz), tz)


def rebuild(s: Session, tz: tzinfo) -> None:
    """Recompute every row for ``tz`` (after reports were loaded around the
    card path, or when the office's zone is not the one it was built for)."""
    zone = basis(s, "update")
    s.execute(delete(MeterMonth))
    chunk = []
    for row in expected(s, tz):
        chunk.append(row)
        if len(chunk) == 20_000:
            s.execute(insert(MeterMonth), chunk)
            chunk = []
    if chunk:
        s.execute(insert(MeterMonth), chunk)
    if zone is None:
        s.add(MeterMonthBasis(id=1, zone=zone_name(tz)))
    else:
        s.execute(update(MeterMonthBasis).where(MeterMonthBasis.id == 1)
                  .values(zone=zone_name(tz)))
    s.flush()


def ensure(db, tz: tzinfo) -> None:
    """Rebuild first if the table was built for another zone, or never."""
    with db.read() as s:
        if basis(s) == zone_name(tz):
            return
    with db.write() as s:
        if basis(s, "update") != zone_name(tz):  # another station may have just done it
            rebuild(s, tz)


def problems(s: Session, tz: tzinfo, limit: int = 20) -> list[str]:
    """Where the kept months disagree with a recomputation from the reports."""
    if basis(s) != zone_name(tz):
        return []  # another zone's months: rebuilt before they are read
    kept = {(m, _date(mo)): (Decimal(c), a) for m, mo, c, a in s.execute(
        select(MeterMonth.meter_id, MeterMonth.month, MeterMonth.consumed, MeterMonth.approx))}
    wanted = {(r["meter_id"], r["month"]): (Decimal(r["consumed"]), r["approx"])
              for r in expected(s, tz)}
    out = [f"meter {m}, month {mo:%Y-%m}: kept {kept.get((m, mo), ('none',))[0]}, "
           f"the reports give {wanted.get((m, mo), ('none',))[0]}"
           for m, mo in sorted(set(kept) | set(wanted))
           if kept.get((m, mo)) != wanted.get((m, mo))]
    return out[:limit]


def team_months(s: Session, first: date, last: date) -> dict[tuple[str, date], tuple]:
    """(team code, month) -> (consumed kWh to the cent, meters counted), for
    the months from ``first`` to ``last``: exactly line loss's figures."""
    term = MeterMonth.approx * Meter.multiplier
    rows = s.execute(
        select(SupplyTeam.code, MeterMonth.month, func.sum(term), func.sum(func.abs(term)),
               func.count())
        .select_from(MeterMonth).join(Meter, Meter.id == MeterMonth.meter_id)
        .join(Customer, Customer.id == Meter.customer_id)
        .join(SupplyTeam, SupplyTeam.id == Customer.team_id)
        .where(MeterMonth.month >= first, MeterMonth.month <= last)
        .group_by(SupplyTeam.code, MeterMonth.month))
    out = {}
    for code, month, total, size, n in rows:
        cents = to_cents(total, size, n)
        out[(code, _date(month))] = (exact_sum(s, code, _date(month)) if cents is None
                                     else cents, n)
    return out


def to_cents(total: float, size: float, n: int) -> Decimal | None:
    """The cents of a float sum of ``n`` terms whose magnitudes add up to
    ``size``, if its error bound cannot change them; else None.

    Bound: each term is a double of an exact Decimal (one rounding), times an
    integer (one more), summed in any order (n - 1 more), each at most u =
    2**-53 of ``size``; line loss's own Decimal sum (28 digits) is within
    5e-28 * (n + 1) * size of the exact one. ERROR_UNIT * (n + 4) * size
    covers both. If the float sum is farther than that from every half cent
    (and from zero, whose sign the cents keep), both round to the same cents."""
    value = Decimal(total)
    bound = Decimal(ERROR_UNIT * (n + 4) * size)
    cents = value.quantize(CENT)
    if abs(value) <= bound or HALF_CENT - abs(value - cents) <= bound:
        return None
    return cents


def exact_sum(s: Session, code: str, month: date) -> Decimal:
    """The team's month added up as line loss adds it: meter by meter, in
    Decimal, in the meters' order."""
    energy = None
    for mult, consumed in s.execute(
            select(Meter.multiplier, MeterMonth.consumed)
            .join(MeterMonth, MeterMonth.meter_id == Meter.id)
            .join(Customer, Customer.id == Meter.customer_id)
            .join(SupplyTeam, SupplyTeam.id == Customer.team_id)
            .where(SupplyTeam.code == code, MeterMonth.month == month).order_by(Meter.id)):
        energy = (energy or Decimal(0)) + Decimal(consumed) * mult
    return energy.quantize(CENT)


def _date(v) -> date:
    return v if isinstance(v, date) else date.fromisoformat(str(v))
