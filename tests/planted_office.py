"""A generated office with planted cases, for the analyses' tests and bench.

Honest customers use energy every day (more in winter), buy when their
meter runs low, and each purchase brings the meter's report back on the
card. Planted among them:

  bypass_silent    a bypassed meter: no purchase since 150 days ago
  bypass_partial   a partly bypassed meter: only a quarter of the use goes
                   through the meter for the last 200 days
  tampered         cover-open reports, and registers rolled back
  forged           a write-back that failed authentication
  reverse          reverse current reported
  holiday          away 70 days at the same time every year (not a thief)
  low_user         buys 50 kWh every two months, always has (not a thief)

Each team's master meter measures its customers' true use (bypassed or
not) plus 3% technical loss, read on the last day of every month.
"""

from __future__ import annotations

import math
import random
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import insert, select

from db.models import (
    AnomalyKind,
    CardAnomaly,
    Customer,
    CustomerCategory,
    MasterMeter,
    MasterReading,
    Meter,
    MeterReading,
    Operator,
    Sale,
    Station,
    SupplyTeam,
)
from vending_app.core import meter_months, summaries

THIEVES = {"bypass_silent": {"silence"}, "bypass_partial": {"drop"},
           "tampered": {"tamper", "mismatch"}, "forged": {"forged_writeback"},
           "reverse": {"reverse_current"}}
HONEST_PLANTS = ("holiday", "low_user")
YEARS = 2.3
TECHNICAL_LOSS = Decimal("0.03")
CENT = Decimal("0.01")


def _q(x) -> Decimal:
    return Decimal(str(x)).quantize(CENT)


def plant(core, as_of: date, honest: int = 120, seed: int = 11) -> dict[str, str]:
    """Build the office's customers; returns {meter number: plant} (honest
    customers as "honest")."""
    rng = random.Random(seed)
    db = core.db
    with db.read() as s:
        teams = [t for t in s.scalars(select(SupplyTeam).order_by(SupplyTeam.code))][:2]
        team_ids = [t.id for t in teams]
        category = s.scalar(select(CustomerCategory.id).order_by(CustomerCategory.id))
        station = s.scalar(select(Station.id))
        operator = s.scalar(select(Operator.id).order_by(Operator.id))
    start = as_of - timedelta(days=int(365 * YEARS))
    kinds = ["honest"] * honest + list(THIEVES) + list(HONEST_PLANTS)
    customers, meters, sales, readings, anomalies = [], [], [], [], []
    true_use: dict[int, dict[date, Decimal]] = {t: {} for t in team_ids}
    plants: dict[str, str] = {}
    for i, kind in enumerate(kinds):
        cid = 5000 + i
        team = team_ids[0] if kind != "honest" else team_ids[i % 2]
        number = f"{880000000000 + i:012d}"
        plants[number] = kind
        customers.append(dict(id=cid, account_no=f"P{cid:07d}", name=f"Planted {kind} {i}",
                              id_number=f"PLANT{cid:010d}", phone=f"138{cid:08d}",
                              address=f"{i} Test Lane", team_id=team, category_id=category,
                              status="open", opened_at=_at(start)))
        meters.append(dict(id=cid, number=number, customer_id=cid, meter_type="single_phase",
                           ct_ratio=1, pt_ratio=1, multiplier=1,
                           low_balance_threshold_kwh=Decimal(10), status="paired", key_version=1,
                           purchase_seq=0, carry_kwh=Decimal(0), paired_at=_at(start)))
        rate = Decimal("0.8") if kind == "low_user" else _q(rng.uniform(3, 14))
        days_per_buy = 60 if kind == "low_user" else rng.randint(24, 36)
        remaining, cumulative, seq, counter = Decimal(20), Decimal(0), 0, 0
        day = start
        while day <= as_of:
            ago = (as_of - day).days
            season = Decimal(str(1 + 0.3 * math.cos(2 * math.pi * (day.timetuple().tm_yday - 15)
                                                    / 365)))
            use = rate * season * Decimal(str(rng.uniform(0.85, 1.15)))
            away = kind == "holiday" and _away(day, as_of)
            if away:
                use = Decimal("0.3")
            metered = use
            if kind == "bypass_silent" and ago < 150:
                metered = Decimal(0)
            if kind == "bypass_partial" and ago < 200:
                metered = use / 4
            true_use[team][day] = true_use[team].get(day, Decimal(0)) + use
            used = min(metered, max(remaining, Decimal(0)))
            remaining, cumulative = _q(remaining - used), _q(cumulative + used)
            buying = remaining < rate * 3 and not away and not (
                kind == "bypass_silent" and ago < 150)
            if kind == "bypass_partial" and ago < 200:
                buying = remaining < rate and day.day == 5  # a little, every month
            if kind == "low_user":
                buying = remaining < Decimal(5)
            if buying:
                counter += 1
                readings.append(dict(meter_id=cid, card_id=None, read_at=_at(day, 9),
                                     station_code="S01", authentic=True, counter=counter,
                                     last_seq=seq, remaining_kwh=remaining,
                                     cumulative_kwh=cumulative, events=0, trips=0,
                                     meter_time=_at(day, 9), key_version=1, illegal_cards=0))
                amount = (Decimal(50) if kind == "low_user" else
                          _q(round(metered * days_per_buy / 10) * 10) or Decimal(10))
                seq += 1
                sales.append(_sale(len(sales) + 1, cid, seq, amount, day, station, operator))
                remaining += amount
            if kind == "tampered" and ago == 100:
                cumulative -= 300  # the registers wound back
            day += timedelta(days=1)
        meters[-1]["purchase_seq"] = seq
        when = _at(as_of - timedelta(days=40), 11)
        extra = {"tampered": [AnomalyKind.TAMPER_EVENT] * 2,
                 "forged": [AnomalyKind.FORGED_WRITEBACK],
                 "reverse": [AnomalyKind.REVERSE_CURRENT]}.get(kind, [])
        for k in extra:
            anomalies.append(dict(at=when, meter_id=cid, card_id=None, kind=k.value,
                                  detail="planted", station_code="S01", operator_id=None))
    masters, master_readings = [], []
    for n, team in enumerate(team_ids):
        masters.append(dict(id=900 + n, team_id=team, number=f"99000000000{n}",
                            name=f"Transformer {n}", multiplier=40, active=True,
                            created_at=_at(start)))
        total, day = Decimal(1000), start
        while day <= as_of:
            total += true_use[team].get(day, Decimal(0)) * (1 + TECHNICAL_LOSS) / 40
            if (day + timedelta(days=1)).day == 1 or day == as_of:
                master_readings.append(dict(master_meter_id=900 + n,
                                            read_at=_at(day + timedelta(days=1), 0),
                                            energy_kwh=_q(total), source="manual", note=None,
                                            operator_id=operator, station_code="S01",
                                            entered_at=_at(day + timedelta(days=1), 0)))
            day += timedelta(days=1)
    with db.write() as s:
        for model, rows in ((Customer, customers), (Meter, meters), (Sale, sales),
                            (MeterReading, readings), (CardAnomaly, anomalies),
                            (MasterMeter, masters), (MasterReading, master_readings)):
            for chunk in range(0, len(rows), 2000):
                s.execute(insert(model), rows[chunk:chunk + 2000])
        summaries.rebuild(s)  # the sales went in around the sale path: count them here
        meter_months.rebuild(s, core.clock().tzinfo)  # and the reports around the card path
    if db.backend == "postgresql":
        with db.write() as s:
            for table in ("customers", "meters", "sales", "master_meters"):
                s.connection().exec_driver_sql(
                    f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))")
    return plants


def _away(day: date, as_of: date) -> bool:
    """Away 70 days every year: from 60 days before as_of's day of the year."""
    for year_back in (0, 1, 2):
        leave = as_of - timedelta(days=60 + 365 * year_back)
        if leave <= day < leave + timedelta(days=70):
            return True
    return False


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), UTC)


def _sale(n: int, cid: int, seq: int, kwh: Decimal, day: date, station: int, operator: int):
    amount = _q(kwh * Decimal("0.5283"))
    return dict(request_key=f"plant-{n}", receipt_no=f"P01-{n:08d}", kind="sale",
                status="committed", station_id=station, operator_id=operator, customer_id=cid,
                meter_id=cid, purchase_seq=seq, multiplier=1, primary_kwh=kwh, tier_kwh=kwh,
                flat_kwh=Decimal(0), adjustment_kwh=Decimal(0), secondary_kwh=kwh,
                carry_in_kwh=Decimal(0), carry_out_kwh=Decimal(0), energy_amount=amount,
                fixed_charge=Decimal(0), recovered_amount=Decimal(0), total_amount=amount,
                tendered=amount, change=Decimal(0), business_date=day,
                created_at=_at(day, 9), committed_at=_at(day, 9))


def score(found, plants: dict[str, str]) -> tuple[float, float, list[str]]:
    """Precision and recall of the flags against the plants, and what went wrong."""
    flagged = {x.meter: set(x.kinds) for x in found if x.meter in plants}
    thieves = {n for n, k in plants.items() if k in THIEVES}
    hits = [n for n in flagged if n in thieves]
    problems = [f"{plants[n]} flagged: {sorted(k)}" for n, k in flagged.items()
                if n not in thieves]
    problems += [f"{plants[n]} missed" for n in thieves if n not in flagged]
    problems += [f"{plants[n]} found for {sorted(flagged[n])}, expected {sorted(THIEVES[plants[n]])}"
                 for n in hits if not THIEVES[plants[n]] <= flagged[n]]
    precision = len(hits) / len(flagged) if flagged else 1.0
    recall = len(hits) / len(thieves)
    return precision, recall, problems
