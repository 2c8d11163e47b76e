"""The low-balance call list: customers likely to run out of energy within
N days, for an offline office to phone (the station's counterpart of the
cloud platforms' balance alarms).

For each paired meter of an open account:
- what was left: the meter's last authentic write-back (remaining kWh,
  secondary, times the multiplier), plus every purchase sold to it after
  the last purchase that report had applied;
- the customer's usual use: the meter's cumulative register between its
  last write-back and the first of the LOOKBACK_DAYS before it (at least
  MIN_SPAN_DAYS apart), per day; a meter without two such reports is
  judged by the energy bought over that time instead;
- the estimate today: what was left minus the usual use for every day since
  that report; the days left are the estimate over the daily use.
A meter with no write-back in the last two LOOKBACK_DAYS, or no use to go
by, is not listed: there is nothing to estimate from. One silent for
months is listed (it ran out long ago, by its own use): worth a call too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select

from db.models import (
    Customer,
    CustomerStatus,
    Meter,
    MeterReading,
    MeterStatus,
    Sale,
    SaleKind,
    SupplyTeam,
)
from vending_app.core.actor import Actor
from vending_app.core.documents import Column, Fact, Label, Section, Sheet
from vending_app.core.errors import ValidationError
from vending_app.core.money import ZERO
from vending_app.core.permissions import Permission, requires
from vending_app.core.sales import live
from vending_app.core.service import Service

LOOKBACK_DAYS, MIN_SPAN_DAYS = 180, 7
TENTH, CENT = Decimal("0.1"), Decimal("0.01")


@dataclass(frozen=True)
class CallRow:
    account_no: str
    name: str
    phone: str
    address: str
    team: str
    meter: str
    reported_on: date  # the last write-back
    left_then_kwh: Decimal  # primary kWh: reported remaining + bought after it
    daily_kwh: Decimal  # usual use per day
    left_now_kwh: Decimal  # the estimate today (negative: run out already)
    days_left: Decimal
    runs_out_on: date


@dataclass
class _Meter:
    multiplier: int
    reports: list = field(default_factory=list)  # (day, last_seq, remaining, cumulative)
    sales: list = field(default_factory=list)  # (day, seq, secondary kWh, primary kWh)


def _readings(s, meters: dict[int, _Meter], since: datetime, tz) -> None:
    q = (select(MeterReading.meter_id, MeterReading.read_at, MeterReading.last_seq,
                MeterReading.remaining_kwh, MeterReading.cumulative_kwh)
         .where(MeterReading.authentic.is_(True), MeterReading.read_at >= since)
         .order_by(MeterReading.meter_id, MeterReading.read_at, MeterReading.counter))
    for meter_id, at, seq, remaining, cumulative in s.execute(q):
        m = meters.get(meter_id)
        if m is not None:
            m.reports.append((at.astimezone(tz).date(), seq, remaining, cumulative))


def _purchases(s, meters: dict[int, _Meter], since: date) -> None:
    q = (select(Sale.meter_id, Sale.business_date, Sale.purchase_seq, Sale.secondary_kwh,
                Sale.primary_kwh)
         .where(live(Sale.status), Sale.business_date >= since, Sale.kind != SaleKind.TRANSFER))
    for meter_id, day, seq, secondary, primary in s.execute(q):
        m = meters.get(meter_id)
        if m is not None:
            m.sales.append((day, seq, secondary, primary))


def estimate(m: _Meter, today: date) -> tuple[Decimal, Decimal, Decimal] | None:
    """(left then, daily use, left now) in primary kWh, or None. The use is
    judged over the LOOKBACK_DAYS up to the last report, so a meter silent
    for months is judged by how it was used before it fell silent."""
    if not m.reports:
        return None
    day, seq, remaining, cumulative = m.reports[-1]
    start = day - timedelta(days=LOOKBACK_DAYS)
    first = next(r for r in m.reports if r[0] >= start)
    span = (day - first[0]).days
    bought = sum((p for d, _s, _k, p in m.sales if start <= d <= day), ZERO)
    if span >= MIN_SPAN_DAYS and cumulative > first[3]:
        daily = (cumulative - first[3]) * m.multiplier / span
    elif bought > 0:
        daily = bought / LOOKBACK_DAYS
    else:
        return None
    later = sum((kwh for _d, s_, kwh, _p in m.sales if s_ > seq), ZERO)
    then = (remaining + later) * m.multiplier
    return then, daily, then - daily * (today - day).days


class CallListService(Service):
    """``core.call_list``."""

    @requires(Permission.SEARCH_CUSTOMERS)
    def call_list(self, actor: Actor, within_days: int = 7, team: str = "") -> list[CallRow]:
        """Customers whose estimate runs out within ``within_days``, soonest first."""
        if not 0 <= within_days <= 365:
            raise ValidationError("{v} must be between {lo} and {hi}.", v=within_days, lo=0,
                                  hi=365)
        today, tz = self.core.today(), self.core.clock().tzinfo
        since = today - timedelta(days=2 * LOOKBACK_DAYS)
        with self.db.read() as s:
            who = self._who(s, team)
            meters = {mid: _Meter(row[-1]) for mid, row in who.items()}
            _readings(s, meters, datetime.combine(since, time(), tz).astimezone(UTC), tz)
            _purchases(s, meters, since)
        out = []
        for mid, m in meters.items():
            found = estimate(m, today)
            if found is None or found[1] <= 0:
                continue
            then, daily, now = found
            days = max(ZERO, now / daily)
            if days <= within_days:
                acc, name, phone, address, team_code, number, _mult = who[mid]
                out.append(CallRow(acc, name, phone, address, team_code, number, m.reports[-1][0],
                                   then.quantize(CENT), daily.quantize(CENT), now.quantize(CENT),
                                   days.quantize(TENTH), today + timedelta(days=int(days))))
        out.sort(key=lambda r: (r.days_left, r.account_no))
        self._note(actor, "call_list", "report", today.isoformat(),
                   {"within_days": within_days, "team": team, "found": len(out)})
        return out

    @staticmethod
    def _who(s, team: str) -> dict[int, tuple]:
        q = (select(Meter.id, Customer.account_no, Customer.name, Customer.phone,
                    Customer.address, SupplyTeam.code, Meter.number, Meter.multiplier)
             .join(Customer, Customer.id == Meter.customer_id)
             .join(SupplyTeam, SupplyTeam.id == Customer.team_id)
             .where(Meter.status == MeterStatus.PAIRED, Customer.status == CustomerStatus.OPEN))
        if team.strip():
            q = q.where(SupplyTeam.code == team.strip().upper())
        return {row[0]: tuple(row[1:]) for row in s.execute(q)}

    def call_sheet(self, actor: Actor, within_days: int = 7, team: str = "") -> Sheet:
        rows = self.call_list(actor, within_days, team)
        day = self.core.today().isoformat()
        return Sheet(kind="call_list", title_en="Low-balance call list", title_zh="低余额电话通知单",
                     period=Label(day, day, day), header=self.core.catalog.parameter("invoice.header"),
                     columns=CALL_COLUMNS,
                     sections=(Section(Label("Customers", "用户"), tuple(
                         {**r.__dict__, "called": ""} for r in rows), {}),),
                     total={}, facts=(Fact("Runs out within days", "预计耗尽天数", str(within_days)),
                                      Fact("Team", "供电所", team.upper() or "*"),
                                      Fact("Customers", "户数", str(len(rows)))))


CALL_COLUMNS = (
    Column("account_no", "Account", "户号"), Column("name", "Customer", "户名"),
    Column("phone", "Phone", "电话"), Column("meter", "Meter", "表号"),
    Column("team", "Team", "供电所"), Column("reported_on", "Last write-back", "最近返写", "date"),
    Column("daily_kwh", "kWh a day", "日均用电", "kwh"),
    Column("left_now_kwh", "Left now (est.) kWh", "估计剩余", "kwh"),
    Column("days_left", "Days left", "剩余天数", "kwh"),
    Column("runs_out_on", "Runs out on", "预计耗尽", "date"), Column("called", "Called", "已通知"),
)
