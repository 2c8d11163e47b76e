"""Master meter against sub-meters (总表/分表), per supply team and period.

- master: what the team's master meters measured, their register at the
  period's two ends (interpolated between the readings either side, or
  the last reading within three days) times the multiplier;
- sold: primary kWh sold to the team's customers in the period;
- consumed: what the customers' own meters counted, from their reports
  (write-backs) at the two ends, the same way, times each multiplier; only
  meters with a report near both ends count, and how many did is shown.

recovery = sold / master; line loss = (master - consumed) / master.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import func, select, type_coerce

from db.models import (
    Customer,
    MasterMeter,
    MasterReading,
    Meter,
    MeterReading,
    Sale,
    SaleKind,
    SaleStatus,
    SupplyTeam,
)
from db.types import Energy
from vending_app.core import periods
from vending_app.core.actor import Actor
from vending_app.core.permissions import Permission, requires
from vending_app.core.service import Service

NEAR = timedelta(days=3)
MARGIN = timedelta(days=62)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class LineLoss:
    team: str
    period: str
    master_kwh: Decimal | None  # None: no master reading near an end of the period
    sold_kwh: Decimal
    consumed_kwh: Decimal | None
    meters: int  # the team's meters with a report near both ends ...
    meters_paired: int  # ... of this many
    recovery_pct: Decimal | None
    loss_pct: Decimal | None


def register_at(points: list[tuple[datetime, Decimal]], when: datetime) -> Decimal | None:
    """The register at ``when`` from readings sorted by time."""
    times = [t for t, _ in points]
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


def _pct(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    if part is None or not whole:
        return None
    return (part / whole * 100).quantize(CENT)


class LineLossService(Service):
    @requires(Permission.ANALYSES)
    def period(self, actor: Actor, start: date, end: date, label: str,
               team: str | None = None) -> list[LineLoss]:
        out = self._period(start, end, label, team)
        self._note(actor, "analysis_line_loss", "report", label, {"team": team})
        return out

    @requires(Permission.ANALYSES)
    def month(self, actor: Actor, year: int, month: int, team: str | None = None):
        p = periods.month(year, month)
        return self.period(actor, p.start, p.end, p.label, team)

    @requires(Permission.ANALYSES)
    def trend(self, actor: Actor, year: int, month: int, months: int = 12,
              team: str | None = None) -> list[LineLoss]:
        """Month by month, the ``months`` up to and including year-month."""
        out = self.trend_rows(year, month, months, team)
        self._note(actor, "analysis_line_loss_trend", "report", f"{year}-{month:02d}",
                   {"months": months, "team": team})
        return out

    def trend_rows(self, year: int, month: int, months: int = 12,
                   team: str | None = None) -> list[LineLoss]:
        """For callers that checked the operator already (the month-end sheet)."""
        out = []
        for back in range(months - 1, -1, -1):
            y, m = divmod(year * 12 + month - 1 - back, 12)
            p = periods.month(y, m + 1)
            out.extend(self._period(p.start, p.end, p.label, team))
        return out

    def _period(self, start: date, end: date, label: str, team: str | None) -> list[LineLoss]:
        tz = self.core.clock().tzinfo
        t0 = datetime.combine(start, time(), tz).astimezone(UTC)
        t1 = datetime.combine(end + timedelta(days=1), time(), tz).astimezone(UTC)
        with self.db.read() as s:
            teams = [code for (code,) in s.execute(select(SupplyTeam.code)
                                                   .order_by(SupplyTeam.code))]
            if team:
                teams = [t for t in teams if t == team.strip().upper()]
            master = self._master(s, t0, t1)
            sold = dict(s.execute(
                select(SupplyTeam.code, type_coerce(func.sum(Sale.primary_kwh), Energy()))
                .join(Customer, Sale.customer_id == Customer.id)
                .join(SupplyTeam, Customer.team_id == SupplyTeam.id)
                .where(Sale.kind == SaleKind.SALE, Sale.status == SaleStatus.COMMITTED,
                       Sale.business_date >= start, Sale.business_date <= end)
                .group_by(SupplyTeam.code)).all())
            consumed, counted, paired = self._consumed(s, t0, t1)
        out = []
        for code in teams:
            m, c = master.get(code), consumed.get(code)
            if m is not None:
                m = m.quantize(CENT)
            if c is not None:
                c = c.quantize(CENT)
            sold_kwh = Decimal(sold.get(code) or 0)
            out.append(LineLoss(code, label, m, sold_kwh, c, counted.get(code, 0),
                                paired.get(code, 0), _pct(sold_kwh, m),
                                _pct(m - c, m) if m is not None and c is not None else None))
        return out

    # --- the two meters' sides ---------------------------------------------------------
    @staticmethod
    def _master(s, t0: datetime, t1: datetime) -> dict[str, Decimal | None]:
        rows = s.execute(select(SupplyTeam.code, MasterMeter.id, MasterMeter.multiplier,
                                MasterReading.read_at, MasterReading.energy_kwh)
                         .join(MasterMeter, MasterMeter.team_id == SupplyTeam.id)
                         .join(MasterReading, MasterReading.master_meter_id == MasterMeter.id)
                         .where(MasterMeter.active, MasterReading.read_at >= t0 - MARGIN,
                                MasterReading.read_at <= t1 + MARGIN)
                         .order_by(MasterMeter.id, MasterReading.read_at)).all()
        per: dict[int, tuple[str, int, list]] = {}
        for code, mid, mult, at, kwh in rows:
            per.setdefault(mid, (code, mult, []))[2].append((at, kwh))
        teams_with_meters = dict(s.execute(
            select(SupplyTeam.code, func.count(MasterMeter.id))
            .join(MasterMeter, MasterMeter.team_id == SupplyTeam.id)
            .where(MasterMeter.active).group_by(SupplyTeam.code)).all())
        out: dict[str, Decimal | None] = {}
        for code, mult, points in per.values():
            a, b = register_at(points, t0), register_at(points, t1)
            if code in out and out[code] is None:
                continue
            out[code] = None if a is None or b is None else out.get(code, Decimal(0)) + (
                b - a) * mult
        for code in teams_with_meters:
            if code not in out:
                out[code] = None  # meters, but no readings near the period
        return out

    @staticmethod
    def _consumed(s, t0: datetime, t1: datetime):
        rows = s.execute(select(SupplyTeam.code, Meter.id, Meter.multiplier,
                                MeterReading.read_at, MeterReading.cumulative_kwh)
                         .join(Customer, Meter.customer_id == Customer.id)
                         .join(SupplyTeam, Customer.team_id == SupplyTeam.id)
                         .join(MeterReading, MeterReading.meter_id == Meter.id)
                         .where(MeterReading.authentic, MeterReading.read_at >= t0 - MARGIN,
                                MeterReading.read_at <= t1 + MARGIN)
                         .order_by(Meter.id, MeterReading.read_at)).all()
        per: dict[int, tuple[str, int, list]] = {}
        for code, mid, mult, at, kwh in rows:
            per.setdefault(mid, (code, mult, []))[2].append((at, kwh))
        consumed: dict[str, Decimal] = {}
        counted: dict[str, int] = {}
        for code, mult, points in per.values():
            a, b = register_at(points, t0), register_at(points, t1)
            if a is not None and b is not None:
                consumed[code] = consumed.get(code, Decimal(0)) + (b - a) * mult
                counted[code] = counted.get(code, 0) + 1
        paired = dict(s.execute(select(SupplyTeam.code, func.count(Meter.id))
                                .join(Customer, Meter.customer_id == Customer.id)
                                .join(SupplyTeam, Customer.team_id == SupplyTeam.id)
                                .where(Meter.status == "paired")
                                .group_by(SupplyTeam.code)).all())
        return consumed, counted, paired
