"""Build a synthetic sales office and time the queries the counter and
finance run most: customer search and a dekad total.

    python bench/synthetic_office.py                      # 50,000 customers, 10 years, ~6M sales
    python bench/synthetic_office.py --customers 5000 --years 2
    python bench/synthetic_office.py --db postgresql+psycopg://...   # an empty database
    python bench/synthetic_office.py --customers 100000 --years 1   # the name search's size

The customer search by name fragment is timed apart (bench/name_fragments.py),
while a second process writes and reads the same database (--load-pace;
--no-load: alone).

Bulk rows go straight through the driver (executemany on SQLite, COPY on
PostgreSQL): the point is the size of the database, not the insert path.
Timings go through the real services. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from argon2 import PasswordHasher  # noqa: E402

from bench import name_fragments  # noqa: E402
from db import migrate  # noqa: E402
from db.engine import Database  # noqa: E402
from db.models import Customer, Meter, Sale  # noqa: E402
from vending_app.core import summaries  # noqa: E402
from vending_app.core.periods import dekad_of  # noqa: E402
from vending_app.core.station import StationCore  # noqa: E402
from vending_app.demo import seed  # noqa: E402

SURNAMES = "Li Wang Zhang Liu Chen Yang Zhao Huang Zhou Wu Xu Sun Hu Zhu Gao Lin He Guo Ma Luo".split()
GIVEN = "Wei Fang Na Min Jing Li Qiang Lei Jun Yang Yong Yan Jie Juan Tao Ming Chao Xia Ping Gang".split()


def build(core: StationCore, customers: int, years: int, per_year: int, seed_value: int) -> int:
    rng = random.Random(seed_value)
    seed(core, "bench-pass-1")
    db = core.db
    raw = db.engine.raw_connection()
    pg = db.backend == "postgresql"
    cur = raw.cursor()
    now = datetime.now(UTC).replace(tzinfo=None)
    team_ids = [r[0] for r in db.engine.connect().exec_driver_sql("SELECT id FROM supply_teams")]
    cat_id = db.engine.connect().exec_driver_sql(
        "SELECT id FROM customer_categories WHERE code='RESID'").scalar()
    base_c = 1000
    cust_rows, meter_rows = [], []
    for i in range(customers):
        cid = base_c + i
        name = f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}{i % 97}"
        cust_rows.append((cid, f"{cid:08d}", name, f"BENCH{cid:012d}", f"139{cid:08d}",
                          f"{i % 400} Field Road", rng.choice(team_ids), cat_id, "open", now))
        meter_rows.append((cid, f"{cid + 100000000000:012d}", cid, "single_phase", 1, 1, 1, 1200,
                           "paired", 1, 0, 0, now))
    _bulk(cur, pg, "customers", ["id", "account_no", "name", "id_number", "phone", "address",
                                 "team_id", "category_id", "status", "opened_at"], cust_rows)
    _bulk(cur, pg, "meters", ["id", "number", "customer_id", "meter_type", "ct_ratio", "pt_ratio",
                              "multiplier", "low_balance_threshold_kwh", "status", "key_version",
                              "purchase_seq", "carry_kwh", "paired_at"], meter_rows)
    raw.commit()
    start = date.today() - timedelta(days=365 * years)
    days = 365 * years
    seq = dict.fromkeys(range(base_c, base_c + customers), 0)
    cols = ["id", "request_key", "receipt_no", "kind", "status", "station_id", "operator_id",
            "customer_id", "meter_id", "purchase_seq", "multiplier", "primary_kwh", "tier_kwh",
            "flat_kwh", "adjustment_kwh", "secondary_kwh", "carry_in_kwh", "carry_out_kwh",
            "energy_amount", "fixed_charge", "recovered_amount", "total_amount", "tendered",
            "change", "business_date", "created_at", "committed_at"]
    total, sid, batch = customers * years * per_year, 1, []
    seller_id = db.engine.connect().exec_driver_sql(
        "SELECT id FROM operators WHERE login='seller'").scalar()
    t0 = time.perf_counter()
    for day_index in range(days):
        d = start + timedelta(days=day_index)
        ts = datetime(d.year, d.month, d.day, 9, 0)
        for _ in range(total // days + (1 if day_index < total % days else 0)):
            cid = rng.randrange(base_c, base_c + customers)
            seq[cid] += 1
            kwh = rng.randrange(2000, 50000)  # hundredths of kWh
            amount = (kwh * 5283 + 5000) // 10000  # fen
            batch.append((sid, f"bench-{sid}", f"S01-{sid:08d}", "sale", "committed", 1, seller_id,
                          cid, cid, seq[cid], 1, kwh, kwh, 0, 0, kwh, 0, 0, amount, 0, 0, amount,
                          amount, 0, d, ts, ts))
            sid += 1
            if len(batch) >= 50_000:
                _bulk(cur, pg, "sales", cols, batch)
                raw.commit()
                batch.clear()
    if batch:
        _bulk(cur, pg, "sales", cols, batch)
    batch = [(n, cid) for cid, n in seq.items()]
    if not pg and not raw.driver_connection.in_transaction:
        cur.execute("BEGIN")
    cur.executemany("UPDATE meters SET purchase_seq = %s WHERE id = %s" if pg else
                    "UPDATE meters SET purchase_seq = ? WHERE id = ?", batch)
    if pg:
        cur.execute("SELECT setval('sales_id_seq', %s)", (sid,))
        cur.execute("SELECT setval('customers_id_seq', %s)", (base_c + customers,))
        cur.execute("SELECT setval('meters_id_seq', %s)", (base_c + customers,))
        cur.execute("UPDATE stations SET next_receipt_no = %s", (sid,))
        cur.execute("ANALYZE")
    else:
        cur.execute("UPDATE stations SET next_receipt_no = ?", (sid,))
        cur.execute("ANALYZE")
    raw.commit()
    raw.close()
    with db.write() as s:  # the sales went in around the sale path: count them here
        summaries.rebuild(s)
    print(f"built {customers:,} customers, {sid - 1:,} sales in {time.perf_counter() - t0:.1f} s")
    return sid - 1


def _bulk(cur, pg: bool, table: str, cols: list[str], rows: list[tuple]) -> None:
    if pg:
        with cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
            for r in rows:
                copy.write_row(r)
    else:
        # The engine leaves the driver in autocommit: open the transaction here.
        if not cur.connection.in_transaction:
            cur.execute("BEGIN")
        marks = ", ".join("?" * len(cols))
        cur.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})",
                        [tuple(v.isoformat(" ") if isinstance(v, datetime) else
                               v.isoformat() if isinstance(v, date) else v for v in r) for r in rows])


def timed(fn, runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]


def table(title: str, cases: list[tuple], runs: int, heavy: tuple[str, ...] = (),
          goal_on: str = "p50") -> None:
    """Time each case (label, fn[, goal ms]); the first is the baseline: print
    each figure beside it, measured in the same run, and the goal if any
    (met by the p50, or by the p95 when ``goal_on`` says so)."""
    base = None
    if getattr(table, "only", None):
        cases = cases[:1] + [c for c in cases[1:] if table.only in c[0]]
    print(f"{title:46s} {'p50 ms':>10s} {'p95 ms':>10s} {'x baseline':>11s} {'goal ms':>9s}")
    for label, fn, *goal in cases:
        n = max(2, runs // 3) if any(w in label for w in heavy) else runs
        p50, p95 = timed(fn, n)
        base = base or p50
        aim = f"{goal[0]:9,.0f}" if goal else f"{'':9s}"
        held = p95 if goal_on == "p95" else p50
        met = "" if not goal else (f"  met ({goal_on})" if held <= goal[0] else
                                   f"  NOT met ({goal_on})")
        print(f"{label:46s} {p50:10.1f} {p95:10.1f} {p50 / base:11.1f} {aim}{met}")


def by_key(core: StationCore, customer_id: int) -> Customer | None:
    with core.db.read() as s:  # closed each time: 100 runs must not hold 100 connections
        return s.get(Customer, customer_id)


def measure(core: StationCore, runs: int, load_pace: float | None = 0.1) -> None:
    clerk = core.auth.login("clerk", "bench-pass-1")
    finance = core.auth.login("finance", "bench-pass-1")
    with core.db.read() as s:
        some = s.get(Customer, 1000 + 4321) or s.get(Customer, 1000)
        meter = s.query(Meter.number).filter(Meter.customer_id == some.id).scalar()
        last = s.query(Sale.business_date).order_by(Sale.id.desc()).limit(1).scalar()
        nsales = s.query(Sale).count()
    print(f"database: {core.db.backend}, {nsales:,} sales")
    p = dekad_of(last)
    cases = [
        ("baseline: customer by primary key", lambda: by_key(core, some.id)),
        ("search by account number", lambda: core.accounts.search(clerk, some.account_no)),
        ("search by meter number", lambda: core.accounts.search(clerk, meter)),
        ("search by phone prefix", lambda: core.accounts.search(clerk, some.phone[:9])),
        ("search by name fragment", lambda: core.accounts.search(clerk, some.name.split()[1]),
         20),
        (f"dekad totals by team ({p.label})",
         lambda: core.reports.totals(finance, p.start, p.end, "team")),
        (f"dekad totals by seller ({p.label})",
         lambda: core.reports.totals(finance, p.start, p.end, "seller")),
        (f"dekad sales detail, one team ({p.label})",
         lambda: core.reports.sales_detail(finance, p.start, p.end, team="T1")),
    ]
    table("query", cases, runs, heavy=("dekad",))
    print()
    name_fragments.measure(core, runs, load_pace, table)


def office_from_args(description: str, runs: int) -> tuple[StationCore, argparse.Namespace]:
    """The benches' common command line: reuse the office in --db, or build
    one there (default: a new temporary SQLite file)."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--db", help="database URL: empty to build the office, or one built before to "
                    "measure again (default: a new temporary SQLite file)")
    ap.add_argument("--customers", type=int, default=50_000)
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--per-year", type=int, default=12, help="purchases per customer per year")
    ap.add_argument("--runs", type=int, default=runs)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--load-pace", type=float, default=0.1, metavar="SECONDS",
                    help="the name search's load: a second process writes every SECONDS "
                         "(0: flat out)")
    ap.add_argument("--no-load", action="store_true",
                    help="time the name search without the second process's load")
    ap.add_argument("--only", help="time only the baseline and the cases whose label holds this")
    args = ap.parse_args()
    table.only = args.only
    url = args.db or f"sqlite:///{tempfile.mkdtemp(prefix='vending-bench-')}/office.sqlite3"
    db = Database(url)
    migrate.upgrade(db.engine)
    core = StationCore(db, "S01", hasher=PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    if core.auth.has_operators():
        print(f"reusing the office already in {url}")
    else:
        build(core, args.customers, args.years, args.per_year, args.seed)
    return core, args


def main() -> None:
    core, args = office_from_args(__doc__.split("\n\n")[0], runs=50)
    measure(core, args.runs, None if args.no_load else args.load_pace)


if __name__ == "__main__":
    main()
