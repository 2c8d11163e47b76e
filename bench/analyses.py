"""Time the office's analyses on the synthetic office (50,000 customers,
10 years of purchases by default), with a year of meter reports and a
master meter per team; and score the suspicious-customer rules on the
generated office with planted cases (precision and recall).

    python bench/analyses.py                   # builds a temporary SQLite office
    python bench/analyses.py --db postgresql+psycopg://...   # an empty database

Prints figures; asserts nothing.
"""

from __future__ import annotations

import random
import sys
import tempfile
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, insert, select, text  # noqa: E402

from bench.synthetic_office import office_from_args, table  # noqa: E402
from db import migrate  # noqa: E402
from db.engine import Database  # noqa: E402
from db.models import MasterMeter, MasterReading, MeterReading, Sale, SupplyTeam  # noqa: E402
from vending_app.core import meter_months  # noqa: E402
from vending_app.core.station import StationCore  # noqa: E402


def add_reports(core: StationCore) -> int:
    """A meter report at every purchase of the last year, consistent with the
    purchases; a master meter per team read at every month end."""
    with core.db.read() as s:
        if s.scalar(select(func.count(MeterReading.id))):
            return 0
        last = s.scalar(select(func.max(Sale.business_date)))
        since = last - timedelta(days=365)
        sales = s.execute(select(Sale.meter_id, Sale.purchase_seq, Sale.secondary_kwh,
                                 Sale.business_date).where(Sale.business_date >= since)
                          .order_by(Sale.meter_id, Sale.purchase_seq)).all()
        teams = list(s.scalars(select(SupplyTeam.id)))
    rng = random.Random(3)
    rows, state = [], {}
    for meter, seq, kwh, day in sales:
        rem, cum, n = state.get(meter, (Decimal(20), Decimal(0), 0))
        at = datetime.combine(day, time(9), UTC)
        rows.append(dict(meter_id=meter, card_id=None, read_at=at, station_code="S01",
                         authentic=True, counter=n + 1, last_seq=seq - 1, remaining_kwh=rem,
                         cumulative_kwh=cum, events=0, trips=0, meter_time=at, key_version=1,
                         illegal_cards=0))
        left = Decimal(rng.randrange(0, 500)) / 100
        used = rem + kwh - left
        state[meter] = (left, cum + used, n + 1)
    with core.db.write() as s:
        for i in range(0, len(rows), 20_000):
            s.execute(insert(MeterReading), rows[i:i + 20_000])
        for n, team in enumerate(teams):
            s.add(MasterMeter(id=9000 + n, team_id=team, number=f"99{n:010d}",
                              name=f"Transformer {n}", multiplier=400))
        s.flush()
        for n, _team in enumerate(teams):
            day, total = since, Decimal(100000)
            while day <= last:
                total += Decimal(rng.randrange(2_000_000, 2_400_000)) / 100
                s.add(MasterReading(master_meter_id=9000 + n, energy_kwh=total, source="manual",
                                    read_at=datetime.combine(day, time(), UTC),
                                    station_code="S01"))
                day += timedelta(days=30)
        meter_months.rebuild(s, core.clock().tzinfo)  # the reports went in around the card path
    return len(rows)


def planted_scores() -> None:
    from tests.conftest import build_office
    from tests.planted_office import THIEVES, plant, score
    db = Database(f"sqlite:///{tempfile.mkdtemp(prefix='vending-planted-')}/planted.sqlite3")
    migrate.upgrade(db.engine)
    core = StationCore(db, "S01")
    office = build_office(core)
    as_of = datetime(2026, 10, 31).date()
    plants = plant(core, as_of, honest=400)
    found = core.analyses.suspicious(office.clerk, as_of=as_of)
    precision, recall, problems = score(found, plants)
    thieves = sum(1 for k in plants.values() if k in THIEVES)
    print(f"planted office: {len(plants)} customers, {thieves} planted thieves "
          f"({', '.join(THIEVES)}), honest plants: holiday, low user")
    print(f"  flagged {len(found)}; precision {precision:.2f}, recall {recall:.2f}"
          + (f"; problems: {problems}" if problems else ""))


def main() -> None:
    core, args = office_from_args(__doc__.split("\n\n")[0], runs=5)
    added = add_reports(core)
    if added:
        print(f"added {added:,} meter reports and the master meters' readings")
    finance = core.auth.login("finance", "bench-pass-1")
    with core.db.read() as s:
        last = s.scalar(select(func.max(Sale.business_date)))
        n_sales = s.scalar(select(func.count(Sale.id)))
        n_reports = s.scalar(select(func.count(MeterReading.id)))
    print(f"database: {core.db.backend}, {n_sales:,} sales, {n_reports:,} meter reports")
    since = last - timedelta(days=730)

    def baseline():
        with core.db.read() as s:
            s.execute(text("SELECT meter_id, count(*), max(business_date) FROM sales "
                           "WHERE business_date >= :d GROUP BY meter_id"), {"d": since}).all()
    y, m = last.year, last.month
    cases = [
        ("baseline: purchases per meter, 2 years (SQL)", baseline),
        ("suspicious customers, all rules", lambda: core.analyses.suspicious(finance,
                                                                            as_of=last), 5000),
        ("line loss, one month", lambda: core.line_loss.month(finance, y, m)),
        ("line loss, 12-month trend", lambda: core.line_loss.trend(finance, y, m, 12), 1000),
        ("line loss, 12-month trend, from the reports",
         lambda: core.line_loss.trend_rows(y, m, 12, from_reports=True)),
    ]
    table("analysis", cases, args.runs)
    if args.only:
        return
    found = core.analyses.suspicious(finance, as_of=last)
    print(f"flagged on the synthetic office: {len(found):,}")
    planted_scores()


if __name__ == "__main__":
    main()
