"""The meters' monthly purchases (``purchase_months``): kept in the same
transaction as the sale, reversal or refund that changes them, checked
against the sales by ``db check``, and read by the suspicious-customer
rules instead of every sale of two years.

A purchase is a committed sale (adjustments and transfers are no
purchase). The rules ask about spans of days that rarely start or end on a
month's edge: the whole months inside a span come from here, the days at
either end from the sales themselves (``bought``, ``purchase_runs``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import (
    Date,
    Integer,
    bindparam,
    case,
    delete,
    func,
    insert,
    select,
    text,
    type_coerce,
    update,
)
from sqlalchemy.orm import Session

from db.models import Meter, PurchaseMonth, Sale, SaleKind, SaleStatus
from db.purchase_sql import COLUMNS, fill_sql, recompute_sql

ZERO = Decimal(0)


def month_of(day: date) -> date:
    return day.replace(day=1)


def _dialect(s: Session) -> str:
    return s.get_bind().dialect.name


def _is_purchase(sale: Sale) -> bool:
    return sale.kind == SaleKind.SALE and sale.status == SaleStatus.COMMITTED


# --- keeping it --------------------------------------------------------------
def record_sale(s: Session, sale: Sale) -> None:
    """A sale has just been committed. The usual sale is the meter's latest
    purchase: a look-up of the meter's last purchase before it (an index
    seek) and one statement add it to its month; a sale dated before one of
    the meter's purchases re-counts the meter."""
    if not _is_purchase(sale):
        return
    _lock_meter(s, sale.meter_id)
    before = s.scalar(_LAST_BEFORE, {"meter_id": sale.meter_id, "sale_id": sale.id})
    day, month = sale.business_date, month_of(sale.business_date)
    if before is not None and before > day:
        recount_meter(s, sale.meter_id)
        return
    gap = None if before is None else (day - before).days
    if before is not None and before >= month:  # the month has its row: before is its last day
        s.execute(_ADD, {"in_month": month, "of_meter": sale.meter_id,
                         "add_kwh": sale.primary_kwh, "day": day, "gap": gap})
        return
    s.execute(_FIRST, {"p_month": month, "p_meter_id": sale.meter_id,
                       "p_kwh": sale.primary_kwh, "p_first_day": day, "p_last_day": day,
                       "p_prev_day": before, "p_gap_before": gap})


# The sale's three statements, built once (a sale runs two of them).
_c = PurchaseMonth.__table__.c
_LAST_BEFORE = (select(Sale.business_date).where(
    Sale.meter_id == bindparam("meter_id"), Sale.kind == SaleKind.SALE,
    Sale.status == SaleStatus.COMMITTED, Sale.id != bindparam("sale_id"))
    .order_by(Sale.business_date.desc()).limit(1))
_ADD = (update(PurchaseMonth.__table__)
        .where(_c.month == bindparam("in_month"), _c.meter_id == bindparam("of_meter"))
        .values(purchases=_c.purchases + 1, kwh=_c.kwh + bindparam("add_kwh", type_=_c.kwh.type),
                last_day=bindparam("day", type_=Date),
                longest_gap=case((_c.longest_gap < bindparam("gap", type_=Integer),
                                  bindparam("gap", type_=Integer)), else_=_c.longest_gap)))
_FIRST = insert(PurchaseMonth.__table__).values(
    {**{name: bindparam(f"p_{name}", type_=_c[name].type)
        for name in ("month", "meter_id", "kwh", "first_day", "last_day", "prev_day",
                     "gap_before")},
     "purchases": 1, "longest_gap": 0})


def _lock_meter(s: Session, meter_id: int) -> None:
    """One upkeep of a meter's months at a time. On PostgreSQL a sale's
    commit at one counter and a reversal's recount at another could
    otherwise interleave: the recount deletes the month's row, the sale's
    update then finds no row when the recount commits, and the sale is
    lost from its month. The meter's row is locked last in both (after the
    sale or the reversal), as everywhere else. SQLite writes one
    transaction at a time already."""
    if _dialect(s) != "sqlite":
        s.execute(select(Meter.id).where(Meter.id == meter_id).with_for_update())


def recount_meter(s: Session, meter_id: int) -> None:
    """Count the meter's months again from its sales (after a reversal or a
    refund took purchases away, or a sale came in out of order)."""
    s.flush()
    _lock_meter(s, meter_id)
    s.execute(delete(PurchaseMonth.__table__).where(PurchaseMonth.meter_id == meter_id))
    s.execute(text(fill_sql(_dialect(s), meter=True)), {"meter_id": meter_id})


def rebuild(s: Session) -> None:
    """Recount every meter (after sales were loaded around the sale path)."""
    s.execute(text("DELETE FROM purchase_months"))
    s.execute(text(fill_sql(_dialect(s))))


def problems(s: Session, limit: int = 20) -> list[str]:
    """Where ``purchase_months`` disagrees with a recomputation from the sales
    (compared by the database, in stored units: the office's millions of
    rows never come to the station)."""
    dialect, names = _dialect(s), ", ".join(COLUMNS)
    kept, wanted = f"SELECT {names} FROM purchase_months", recompute_sql(dialect)
    differ = s.execute(text(
        f"SELECT month, meter_id FROM (SELECT * FROM ({kept}) k1 EXCEPT "
        f"SELECT * FROM ({wanted}) w1) a UNION "
        f"SELECT month, meter_id FROM (SELECT * FROM ({wanted}) w2 EXCEPT "
        f"SELECT * FROM ({kept}) k2) b ORDER BY meter_id, month LIMIT {int(limit)}")).all()
    out = []
    for month, meter in differ:
        where = {"meter_id": meter}
        have = _by_month(s.execute(text(f"{kept} WHERE meter_id = :meter_id"), where))
        should = _by_month(s.execute(text(recompute_sql(dialect, meter=True)), where))
        out.append(f"monthly purchases of meter {meter} in {month}: kept "
                   f"{have.get(str(month))}, the sales give {should.get(str(month))}")
    return out


def _by_month(rows) -> dict[str, tuple]:
    return {str(m): tuple(None if v is None else str(v) if i in (2, 3, 5) else int(v)
                                for i, v in enumerate(rest)) for m, _meter, *rest in rows}


# --- reading it ----------------------------------------------------------------
@dataclass(frozen=True)
class Run:
    """A meter's purchases over a span of days."""
    count: int
    last: date
    longest: int | None  # most days between two of them in the span; None: only one


def _whole_months(start: date, end: date) -> tuple[date, date]:
    """The first and last month lying wholly inside [start, end] (the first
    after the last when there is none)."""
    first = month_of(start) if start.day == 1 else _next_month(start)
    after = end + timedelta(days=1)
    last = month_of(end) if after.day == 1 else _prev_month(end)
    return first, last


def _next_month(day: date) -> date:
    return (month_of(day) + timedelta(days=32)).replace(day=1)


def _prev_month(day: date) -> date:
    return month_of(month_of(day) - timedelta(days=1))


EPOCH = date(2000, 1, 1)


def day_number(column, dialect: str):
    """Whole days since 2000-01-01, in SQL, on both databases."""
    if dialect == "sqlite":
        return type_coerce(func.julianday(column) - 2451544.5, Integer)
    return type_coerce(column - bindparam("epoch", EPOCH, type_=Date), Integer)


def _edges(first: date, last: date, start: date, end: date) -> list[tuple[date, date]]:
    """The spans of [start, end] outside the whole months first..last (the
    head, then the tail; an empty one has its start after its end)."""
    if first > last:  # no whole month: all of it is an edge
        return [(start, end), (end + timedelta(days=1), end)]
    return [(start, first - timedelta(days=1)), (_next_month(last), end)]


def _purchases(a: date, b: date):
    sales = Sale.__table__.c
    return (sales.kind == SaleKind.SALE.value, sales.status == SaleStatus.COMMITTED.value,
            sales.business_date >= a, sales.business_date <= b)


def bought(s: Session, start: date, end: date) -> dict[int, Decimal]:
    """Primary kWh of the purchases of [start, end], per meter with one.
    Added in stored hundredths; the days at the edges are read one by one,
    so that the database walks them by day, not by meter."""
    first, last = _whole_months(start, end)
    sales, c = Sale.__table__.c, PurchaseMonth.__table__.c
    parts = [select(sales.meter_id, type_coerce(sales.primary_kwh, Integer))
             .where(*_purchases(a, b)) for a, b in _edges(first, last, start, end) if a <= b]
    if first <= last:
        parts.append(select(c.meter_id, type_coerce(func.sum(c.kwh), Integer))
                     .where(c.month >= first, c.month <= last).group_by(c.meter_id))
    out: dict[int, int] = {}
    for part in parts:
        for m, kwh in s.execute(part).all():
            out[m] = out.get(m, 0) + int(kwh)
    places = PurchaseMonth.__table__.c.kwh.type.places
    return {m: Decimal(v).scaleb(-places) for m, v in out.items()}

@dataclass(frozen=True)
class _Part:
    count: int
    first: int | None  # day number; None: whole months, whose way in is ``entry``
    last: int
    longest: int | None
    entry: int | None = None  # whole months: the longest gap from a purchase inside the span


def purchase_runs(s: Session, start: date, end: date) -> dict[int, Run]:
    """Per meter with a purchase in [start, end]: how many, the last, and
    the longest gap between two of them (as a walk over the purchases in
    day order would find it)."""
    first, last = _whole_months(start, end)
    head, tail = (_runs(s, a, b) for a, b in _edges(first, last, start, end))
    middle = _months(s, first, last, start) if first <= last else {}
    out = {}
    for m in set(head) | set(middle) | set(tail):
        parts = [p for p in (head.get(m), middle.get(m), tail.get(m)) if p is not None]
        gaps = [p.longest for p in parts if p.longest is not None]
        gaps += [p.entry for p in parts if p.entry is not None]
        gaps += [b.first - a.last for a, b in zip(parts, parts[1:], strict=False)
                 if b.first is not None]
        count = sum(p.count for p in parts)
        out[m] = Run(count, EPOCH + timedelta(days=parts[-1].last),
                     max(gaps) if count > 1 else None)
    return out


def _runs(s: Session, a: date, b: date) -> dict[int, _Part]:
    """The purchases of [a, b] (as day numbers), per meter."""
    if a > b:
        return {}
    sales = Sale.__table__.c
    rows = sorted((m, int(d)) for m, d in s.execute(
        select(sales.meter_id, day_number(sales.business_date, _dialect(s)))
        .where(*_purchases(a, b))).all())
    out: dict[int, _Part] = {}
    for m, day in rows:
        p = out.get(m)
        if p is None:
            out[m] = _Part(1, day, day, None)
        else:
            gap = day - p.last
            out[m] = _Part(p.count + 1, p.first, day, gap if p.longest is None
                           else max(p.longest, gap))
    return out


def _months(s: Session, first: date, last: date, start: date) -> dict[int, _Part]:
    c = PurchaseMonth.__table__.c
    rows = s.execute(select(c.meter_id, func.sum(c.purchases), func.max(c.last_day),
                            func.max(c.longest_gap),
                            func.max(case((c.prev_day >= start, c.gap_before))))
                     .where(c.month >= first, c.month <= last).group_by(c.meter_id)).all()
    return {m: _Part(int(n), None, (lastday - EPOCH).days, int(inside), None if entry is None
                     else int(entry)) for m, n, lastday, inside, entry in rows}
