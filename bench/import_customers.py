"""Time moving in: 50,000 customers (one meter each) from a generated XLSX,
imported through the command line (`import commit`) into a fresh SQLite
database, beside reading the same workbook alone (the baseline: what the
file costs before the station checks or writes anything). Goal: under 60 s.

    python bench/import_customers.py                    # 50,000 customers, SQLite
    python bench/import_customers.py --customers 5000   # quicker
    python bench/import_customers.py --db postgresql+psycopg://...   # an empty database

Prints figures; asserts nothing. Measured on a shared 2-core machine
(2026-12, load about 2), wall / CPU seconds of the commit, baseline read:
SQLite 43.5 / 42.4 (read 22.0) with openpyxl and the ORM's bulk insert,
21.6 / 21.4 (read 8.4) with receipts/xlsx.py and Core executemany;
PostgreSQL 40.6 wall / 27.8 client CPU (read 7.1) with the latter.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from argon2 import PasswordHasher  # noqa: E402

from db import migrate  # noqa: E402
from db.engine import Database  # noqa: E402
from db.models import Role  # noqa: E402
from receipts.table_file import read_table  # noqa: E402
from tests.import_files import write  # noqa: E402
from vending_app.core.station import StationCore  # noqa: E402

PASSWORD = "bench-pass-1"


def office(url: str) -> None:
    """Operators, a ladder tariff, two teams and a category: what the file names."""
    db = Database(url)
    migrate.upgrade(db.engine)
    core = StationCore(db, "S01", hasher=PasswordHasher(time_cost=1, memory_cost=1024,
                                                        parallelism=1))
    admin = core.auth.bootstrap_administrator("admin", "Ada Admin", PASSWORD)
    core.auth.create_operator(admin, "clerk", "Chen Clerk", Role.CLERK, PASSWORD)
    core.catalog.add_tariff(admin, "RES", "Residential ladder")
    core.catalog.add_tariff_version(admin, "RES", date(2020, 1, 1),
                                    "2160:0.5283,4200:0.5783,*:0.8283")
    core.catalog.add_area(admin, "NORTH", "North field")
    for team in ("T1", "T2"):
        core.catalog.add_team(admin, "NORTH", team, f"Team {team}")
    core.catalog.add_category(admin, "RESID", "Residential", "RES")
    db.dispose()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--customers", type=int, default=50_000)
    ap.add_argument("--db", help="an empty database's URL (default: a fresh SQLite file)")
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    url = args.db or f"sqlite:///{folder / 'station.sqlite3'}"
    office(url)
    t = time.perf_counter()
    path = write(folder / "customers.xlsx", args.customers)
    made = time.perf_counter() - t
    t, c = time.perf_counter(), time.process_time()
    read_table(path)
    baseline, baseline_cpu = time.perf_counter() - t, time.process_time() - c
    env = {**os.environ, "VENDING_DB_URL": url, "VENDING_PASSWORD": PASSWORD,
           "XDG_CONFIG_HOME": str(folder), "XDG_DATA_HOME": str(folder)}
    t, c = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run([sys.executable, "-m", "vending_app.cli", "--operator", "clerk", "import",
                        "commit", str(path)], env=env, capture_output=True, text=True)
    figure = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    figure_cpu = after.ru_utime + after.ru_stime - c.ru_utime - c.ru_stime
    print(f"database: {Database(url).backend}; {args.customers:,} customers; workbook written "
          f"in {made:.1f} s ({path.stat().st_size / 1e6:.1f} MB)")
    print((p.stdout or p.stderr).strip())
    print("(CPU seconds too: on a shared machine the wall clock waits for other work)")
    print(f"{'case':44s} {'wall s':>8s} {'CPU s':>8s} {'x baseline':>11s}")
    print(f"{'baseline: read the workbook alone':44s} {baseline:8.1f} {baseline_cpu:8.1f} "
          f"{1.0:11.1f}")
    print(f"{'import commit through the CLI (goal < 60 s)':44s} {figure:8.1f} {figure_cpu:8.1f} "
          f"{figure / baseline:11.1f}")


if __name__ == "__main__":
    main()
