"""The ledger's running totals (``ledger_days``): booked in the same
transaction as what they count, and checked against the ledger.

Every path that commits a sale or an adjustment, approves a reversal or
pays a refund calls ``record`` once, inside its transaction, with the row
it has just made final; ``record`` keeps the meters' monthly purchases
(``purchase_months``) as well. A customer who moves to another team takes their
history along (``move_customer``). ``problems`` is what ``db check`` runs.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from sqlalchemy import Insert, bindparam, func, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from db.models import (
    Customer,
    LedgerDay,
    Refund,
    Reversal,
    Sale,
    SaleKind,
    SaleStatus,
    SupplyArea,
    SupplyTeam,
)
from db.models.summary import MEASURES
from db.summary_sql import backfill_sql, recompute_sql
from vending_app.core import purchase_months
from vending_app.core.money import ZERO


@dataclass(frozen=True)
class Delta:
    """What one event adds to its day's row (negative: takes away)."""
    lines: int = 0
    sales: int = 0
    sold_kwh: Decimal = ZERO
    flat_kwh: Decimal = ZERO
    adjustment_kwh: Decimal = ZERO
    amount: Decimal = ZERO
    reversed: Decimal = ZERO
    refunded: Decimal = ZERO
    through_shifts: Decimal = ZERO
    off_drawer: Decimal = ZERO
    committed_kwh: Decimal = ZERO


def record(s: Session, event: Sale | Reversal | Refund, station_id: int) -> None:
    """Book a committed sale or adjustment, an approved reversal or a refund
    (``station_id``: the station doing it; only spreads the rows)."""
    if isinstance(event, Refund):
        paid, drawer = event.amount, event.shift_id is not None
        _book(s, event.business_date, _team(s, event.customer_id), station_id, Delta(
            lines=1, sold_kwh=-event.kwh, amount=-paid, refunded=paid,
            through_shifts=-paid if drawer else ZERO,
            off_drawer=paid if not drawer and paid > 0 else ZERO))
        _unsell(s, event, station_id)
        if event.first_seq is not None:
            purchase_months.recount_meter(s, event.meter_id)
        return
    if isinstance(event, Reversal):
        sale = s.get(Sale, event.sale_id)
        team, total, drawer = _team(s, sale.customer_id), sale.total_amount, event.shift_id
        _book(s, event.business_date, team, station_id, Delta(
            lines=1, sold_kwh=-sale.tier_kwh, flat_kwh=-sale.flat_kwh, amount=-total,
            reversed=total, through_shifts=-total if drawer is not None else ZERO,
            off_drawer=total if drawer is None and total > 0 else ZERO))
        _book(s, sale.business_date, team, station_id, Delta(committed_kwh=-sale.primary_kwh))
        purchase_months.recount_meter(s, sale.meter_id)
        return
    _book(s, event.business_date, _team(s, event.customer_id), station_id, _sale_delta(event))
    purchase_months.record_sale(s, event)


def _unsell(s: Session, refund: Refund, station_id: int) -> None:
    """A refund on demand takes its purchases off the card: the energy of
    those sales was never delivered (the refunded sales' own lines stay)."""
    if refund.first_seq is None:
        return
    for sale in s.scalars(select(Sale).where(
            Sale.meter_id == refund.meter_id, Sale.status == SaleStatus.REFUNDED,
            Sale.purchase_seq >= refund.first_seq, Sale.purchase_seq <= refund.last_seq)):
        _book(s, sale.business_date, _team(s, sale.customer_id), station_id,
              Delta(committed_kwh=-sale.primary_kwh))


def _sale_delta(sale: Sale) -> Delta:
    if sale.kind == SaleKind.ADJUSTMENT:
        return Delta(lines=1, adjustment_kwh=sale.adjustment_kwh)
    if sale.kind != SaleKind.SALE:
        return Delta()  # a balance moved from a replaced meter is no ledger line
    total = sale.total_amount
    return Delta(lines=2 if sale.flat_kwh else 1, sales=1, sold_kwh=sale.tier_kwh,
                 flat_kwh=sale.flat_kwh, amount=total,
                 through_shifts=total if sale.shift_id is not None else ZERO,
                 committed_kwh=sale.primary_kwh if sale.status == SaleStatus.COMMITTED else ZERO)


def _team(s: Session, customer_id: int) -> int:
    return s.get(Customer, customer_id).team_id


def _book(s: Session, day: date, team_id: int, station_id: int, delta: Delta) -> None:
    """Add ``delta`` to the row, making it if it is the day's first."""
    values = {f.name: getattr(delta, f.name) for f in fields(delta)}
    if not any(values.values()):
        return
    s.execute(_upsert(s.get_bind().dialect.name),
              {"day": day, "team_id": team_id, "station_id": station_id, **values})


_UPSERTS: dict[str, Insert] = {}


def _upsert(dialect: str) -> Insert:
    """The one statement that books a delta, built once per dialect: a sale
    books one, and building it anew (fourteen columns twice over) cost more
    than running it."""
    if dialect not in _UPSERTS:
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        table = LedgerDay.__table__
        names = [f.name for f in fields(Delta)]
        stmt = insert(table).values({c: bindparam(c) for c in ["day", "team_id", "station_id",
                                                               *names]})
        _UPSERTS[dialect] = stmt.on_conflict_do_update(
            index_elements=["day", "team_id", "station_id"],
            set_={name: table.c[name] + stmt.excluded[name] for name in names})
    return _UPSERTS[dialect]


def move_customer(s: Session, customer_id: int, old_team_id: int, new_team_id: int,
                  station_id: int) -> None:
    """Call before or after changing a customer's team, in the same
    transaction: the reports list a customer's history under their team."""
    if old_team_id == new_team_id:
        return
    rows = s.execute(text(recompute_sql(by_station=False, customer=True)),
                     {"customer_id": customer_id}).all()
    scale = _scales()
    for day, _team_id, *sums in rows:
        amounts = {name: _unit(v, scale[name]) for name, v in zip(MEASURES, sums, strict=True)}
        _book(s, _date(day), old_team_id, station_id,
              Delta(**{k: -v for k, v in amounts.items()}))
        _book(s, _date(day), new_team_id, station_id, Delta(**amounts))


def _scales() -> dict[str, int]:
    return {name: getattr(LedgerDay.__table__.c[name].type, "places", 0) for name in MEASURES}


def _unit(stored, places: int):
    return int(stored or 0) if not places else Decimal(int(stored or 0)).scaleb(-places)


def _date(v) -> date:
    return v if isinstance(v, date) else date.fromisoformat(str(v))


def rebuild(s: Session) -> None:
    """Recompute every running total from the ledger (after rows were loaded
    around the sale path: a bulk import, the benches' synthetic office)."""
    s.execute(text("DELETE FROM ledger_days"))
    s.execute(text(backfill_sql()))
    purchase_months.rebuild(s)


def problems(s: Session, limit: int = 20) -> list[str]:
    """Where the running totals disagree with a recomputation from the ledger
    (compared per day and team, in stored units)."""
    sums = ", ".join(f"SUM({m})" for m in MEASURES)
    kept = _by_key(s.execute(text(f"SELECT day, team_id, {sums} FROM ledger_days "
                                  "GROUP BY day, team_id")))
    wanted = _by_key(s.execute(text(recompute_sql(by_station=False))))
    zero = (0,) * len(MEASURES)
    out = [f"ledger totals of team {team} on {day}: kept {kept.get((day, team), zero)}, "
           f"the ledger gives {wanted.get((day, team), zero)}"
           for day, team in sorted(set(kept) | set(wanted))
           if kept.get((day, team), zero) != wanted.get((day, team), zero)]
    return out[:limit]


def _by_key(rows) -> dict[tuple[date, int], tuple[int, ...]]:
    return {(_date(d), t): tuple(int(x or 0) for x in v) for d, t, *v in rows}


@dataclass(frozen=True)
class TeamTotals:
    """A team's ledger over a period, from the running totals."""
    area: str
    team: str
    lines: int
    sales: int
    sold_kwh: Decimal
    flat_kwh: Decimal
    adjustment_kwh: Decimal
    amount: Decimal
    reversed: Decimal
    refunded: Decimal
    through_shifts: Decimal
    off_drawer: Decimal


def team_totals(s: Session, start: date, end: date) -> list[TeamTotals]:
    """Per team with a ledger line in the period, ordered by area and team."""
    c = LedgerDay.__table__.c
    names = [f.name for f in fields(TeamTotals)][2:]
    rows = s.execute(
        select(SupplyArea.code, SupplyTeam.code, *[func.sum(c[n]) for n in names])
        .join(SupplyTeam, SupplyTeam.id == c.team_id)
        .join(SupplyArea, SupplyArea.id == SupplyTeam.area_id)
        .where(c.day >= start, c.day <= end)
        .group_by(SupplyArea.code, SupplyTeam.code).having(func.sum(c.lines) != 0)
        .order_by(SupplyArea.code, SupplyTeam.code))
    return [TeamTotals(area, team, *(ZERO if v is None else v for v in sums))
            for area, team, *sums in rows]


def committed_kwh(s: Session, start: date, end: date) -> dict[str, Decimal]:
    """Primary kWh of the sales of the period still committed, per team code
    (what line loss counts as sold)."""
    c = LedgerDay.__table__.c
    return {team: kwh for team, kwh in s.execute(
        select(SupplyTeam.code, func.sum(c.committed_kwh))
        .join(SupplyTeam, SupplyTeam.id == c.team_id)
        .where(c.day >= start, c.day <= end).group_by(SupplyTeam.code))}
