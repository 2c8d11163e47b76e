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

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from db.models import (
    Customer,
    MasterMeter,
    MasterReading,
    Meter,
    MeterReading,
    SupplyTeam,
)
from vending_app.core import meter_months, periods, summaries
from vending_app.core.actor import Actor
from vending_app.core.permissions import Permission, requires
from vending_app.core.service import Service

NEAR, MARGIN, CENT = meter_months.NEAR, meter_months.MARGIN, meter_months.CENT


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
    return meter_months.register([t for t, _ in points], points, when)


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
                   team: str | None = None, from_reports: bool = False) -> list[LineLoss]:
        """For callers that checked the operator already (the month-end sheet).
        ``from_reports``: every meter's reports re-read, not its kept months
        (the same figures, slower: for the benches and the equivalence check)."""
        months_back = []
        for back in range(months - 1, -1, -1):
            y, m = divmod(year * 12 + month - 1 - back, 12)
            p = periods.month(y, m + 1)
            months_back.append((p.start, p.end, p.label))
        return self._rows(months_back, team, from_reports)

    def _period(self, start: date, end: date, label: str, team: str | None) -> list[LineLoss]:
        return self._rows([(start, end, label)], team)

    def _rows(self, spans: list[tuple[date, date, str]], team: str | None,
              from_reports: bool = False) -> list[LineLoss]:
        """Every period in one pass: each side's readings are fetched once.
        Calendar months read the customers' meters from ``meter_months``."""
        tz = self.core.clock().tzinfo
        bounds = [(datetime.combine(a, time(), tz).astimezone(UTC),
                   datetime.combine(b + timedelta(days=1), time(), tz).astimezone(UTC))
                  for a, b, _ in spans]
        first, last = bounds[0][0] - MARGIN, bounds[-1][1] + MARGIN
        monthly = not from_reports and all(_whole_month(a, b) for a, b, _ in spans)
        if monthly:
            meter_months.ensure(self.db, tz)
        with self.db.read() as s:
            teams = [code for (code,) in s.execute(select(SupplyTeam.code)
                                                   .order_by(SupplyTeam.code))]
            if team:
                teams = [t for t in teams if t == team.strip().upper()]
            masters, with_masters = _master_readings(s, first, last)
            consumed = (_kept(s, spans) if monthly
                        else _consumed(_meter_readings(s, first, last), bounds))
            paired, sold = _paired_and_sold(s, spans)
        out = []
        for (_, _, label), (t0, t1), sold_in, (used, counted) in zip(
                spans, bounds, sold, consumed, strict=True):
            master, _ = _through(masters, t0, t1, all_or_none=True)
            for code in with_masters:
                master.setdefault(code, None)  # meters, but no readings near the period
            out += [_line(code, label, master.get(code), sold_in.get(code), used.get(code),
                          counted.get(code, 0), paired.get(code, 0)) for code in teams]
        return out


def _whole_month(start: date, end: date) -> bool:
    return start.day == 1 and end == periods.month(start.year, start.month).end


def _line(code: str, label: str, m: Decimal | None, sold: Decimal | None,
          c: Decimal | None, counted: int, paired: int) -> LineLoss:
    m = None if m is None else m.quantize(CENT)
    c = None if c is None else c.quantize(CENT)
    sold_kwh = Decimal(sold or 0)
    return LineLoss(code, label, m, sold_kwh, c, counted, paired, _pct(sold_kwh, m),
                    _pct(m - c, m) if m is not None and c is not None else None)


def _consumed(meters, bounds) -> list[tuple[dict, dict]]:
    """Per period, what each team's meters counted and how many did."""
    return [_through(meters, t0, t1, all_or_none=False) for t0, t1 in bounds]


def _kept(s, spans) -> list[tuple[dict, dict]]:
    """``_consumed`` for calendar months, from ``meter_months``."""
    kept = meter_months.team_months(s, spans[0][0], spans[-1][0])
    out = []
    for start, _, _ in spans:
        used = {code: v for (code, month), (v, _) in kept.items() if month == start}
        counted = {code: n for (code, month), (_, n) in kept.items() if month == start}
        out.append((used, counted))
    return out


def _master_readings(s, first: datetime, last: datetime):
    """Master meters' readings from ``first`` to ``last``, per meter; and the
    teams that have an active master meter."""
    masters = _by_meter(s.execute(
        select(SupplyTeam.code, MasterMeter.id, MasterMeter.multiplier,
               MasterReading.read_at, MasterReading.energy_kwh)
        .join(MasterMeter, MasterMeter.team_id == SupplyTeam.id)
        .join(MasterReading, MasterReading.master_meter_id == MasterMeter.id)
        .where(MasterMeter.active, MasterReading.read_at >= first,
               MasterReading.read_at <= last)
        .order_by(MasterMeter.id, MasterReading.read_at, MasterReading.id)))
    with_masters = set(s.scalars(select(SupplyTeam.code)
                                 .join(MasterMeter, MasterMeter.team_id == SupplyTeam.id)
                                 .where(MasterMeter.active)))
    return masters, with_masters


def _meter_readings(s, first: datetime, last: datetime):
    """Customers' meters' authentic readings from ``first`` to ``last``, per meter."""
    return _by_meter(s.execute(
        select(SupplyTeam.code, Meter.id, Meter.multiplier,
               MeterReading.read_at, MeterReading.cumulative_kwh)
        .join(Customer, Meter.customer_id == Customer.id)
        .join(SupplyTeam, Customer.team_id == SupplyTeam.id)
        .join(MeterReading, MeterReading.meter_id == Meter.id)
        .where(MeterReading.authentic, MeterReading.read_at >= first,
               MeterReading.read_at <= last)
        .order_by(Meter.id, MeterReading.read_at, MeterReading.id)))


def _paired_and_sold(s, spans: list[tuple[date, date, str]]):
    """Paired meters per team, and the energy each team was sold in each span."""
    paired = dict(s.execute(select(SupplyTeam.code, func.count(Meter.id))
                            .join(Customer, Meter.customer_id == Customer.id)
                            .join(SupplyTeam, Customer.team_id == SupplyTeam.id)
                            .where(Meter.status == "paired")
                            .group_by(SupplyTeam.code)).all())
    sold = [summaries.committed_kwh(s, a, b) for a, b, _ in spans]
    return paired, sold


def _by_meter(rows) -> list[tuple[str, int, list, list]]:
    """(team, multiplier, times, points) per meter, from rows ordered by meter and time."""
    per: dict[int, tuple[str, int, list, list]] = {}
    for code, mid, mult, at, kwh in rows:
        entry = per.setdefault(mid, (code, mult, [], []))
        entry[2].append(at)
        entry[3].append((at, kwh))
    return list(per.values())


def _through(meters, t0: datetime, t1: datetime, all_or_none: bool):
    """Energy through each team's meters from t0 to t1 (register times
    multiplier), from the readings within MARGIN of the period, and how many
    meters counted. ``all_or_none``: a team with a meter that cannot say is
    None (a master meter); otherwise such a meter is left out (sub-meters)."""
    energy: dict[str, Decimal | None] = {}
    counted: dict[str, int] = {}
    for code, mult, times, points in meters:
        d = meter_months.through(times, points, t0, t1)
        if d is None:
            if all_or_none:
                energy[code] = None
            continue
        if code in energy and energy[code] is None:
            continue
        energy[code] = (energy.get(code) or Decimal(0)) + d * mult
        counted[code] = counted.get(code, 0) + 1
    return energy, counted
