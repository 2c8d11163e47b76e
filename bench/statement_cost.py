"""What one statement costs the station's CPU, by the layer that runs it:
the floor under bench/card_sale.py's "CPU/sale".

A sale runs some 57 statements in 3 transactions (the card reading, the
reservation, the commit; each with its audit event and seal). This reads
one meter by its number, the sale's commonest kind of statement, 3,000
times through each layer, on the demo office:

- the ORM with the statement built at each call (most of the sale path),
- the ORM with the statement built once (the sale path's hot statements),
- SQLAlchemy Core, built once, on the session's connection,
- the database driver alone (the baseline: what the database costs).

The ratio column is each layer's CPU against the driver's, measured in the
same run. Times the statements a sale runs, it says how much of a sale's
CPU is the database and how much the layers above it.

    python bench/statement_cost.py
    python bench/statement_cost.py --db postgresql+psycopg://...   # an empty database
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from argon2 import PasswordHasher  # noqa: E402
from sqlalchemy import bindparam, select  # noqa: E402

from db import migrate  # noqa: E402
from db.engine import Database  # noqa: E402
from db.models import Meter  # noqa: E402
from vending_app.core.station import StationCore  # noqa: E402
from vending_app.demo import seed  # noqa: E402


def per_call_us(fn, n: int) -> float:
    fn()
    started = time.process_time()
    for _ in range(n):
        fn()
    return (time.process_time() - started) / n * 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", help="an empty database URL (default: a temporary SQLite file)")
    ap.add_argument("--calls", type=int, default=3000)
    args = ap.parse_args()
    url = args.db or f"sqlite:///{tempfile.mkdtemp(prefix='vending-stmt-bench-')}/b.sqlite3"
    db = Database(url)
    migrate.upgrade(db.engine)
    core = StationCore(db, "S01", hasher=PasswordHasher(time_cost=1, memory_cost=1024,
                                                        parallelism=1))
    seed(core, "bench-pass-1")
    table = Meter.__table__
    orm_once = select(Meter).where(Meter.number == bindparam("n"))
    core_once = select(table).where(table.c.number == bindparam("n"))
    pg = db.backend == "postgresql"
    driver_sql = f"SELECT * FROM meters WHERE number = {'%s' if pg else '?'}"
    with db.read() as s:
        number = s.scalars(select(Meter.number)).first()
        conn = s.connection()
        raw = conn.connection.driver_connection

        def driver():
            cur = raw.cursor()
            cur.execute(driver_sql, (number,))
            cur.fetchone()
            cur.close()

        cases = [
            ("ORM, statement built at each call",
             lambda: s.scalar(select(Meter).where(Meter.number == number))),
            ("ORM, statement built once", lambda: s.scalar(orm_once, {"n": number})),
            ("Core, statement built once", lambda: conn.execute(core_once, {"n": number}).first()),
        ]
        base = per_call_us(driver, args.calls)
        print(f"database: {db.backend}; one meter read by its number, {args.calls} times a layer")
        print(f"{'layer':40} {'CPU/statement':>14} {'x the driver':>13}")
        print(f"{'the driver alone (baseline)':40} {base:11.1f} µs {1:12.1f}x")
        for label, fn in cases:
            us = per_call_us(fn, args.calls)
            print(f"{label:40} {us:11.1f} µs {us / base:12.1f}x")
    db.dispose()


if __name__ == "__main__":
    main()
