"""Line loss from the kept meter months against line loss re-reading every
report (the way it was computed before meter_months), for every team and
the 12 months up to the newest sale; and the kept months against a
recomputation (db check's comparison); and what keeping them costs a card
read that brings a report (``meter_months.refresh`` for 300 meters, rolled
back: CPU and wall time per report, and its SQL statements).

    python bench/line_loss_check.py --db sqlite:///office.sqlite3

Prints how many figures were compared and every one that differs; exits 1
if any does.
"""

from __future__ import annotations

import statistics
import sys
import time
from dataclasses import fields
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event, func, select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from bench.synthetic_office import office_from_args  # noqa: E402
from db.models import MeterMonth, MeterReading, Sale  # noqa: E402
from vending_app.core import meter_months  # noqa: E402


def main() -> None:
    core, _ = office_from_args(__doc__.split("\n\n")[0], runs=1)
    with core.db.read() as s:
        last = s.scalar(select(func.max(Sale.business_date)))
    y, m = last.year, last.month
    t = time.perf_counter()
    kept = core.line_loss.trend_rows(y, m, 12)
    t_kept = time.perf_counter() - t
    t = time.perf_counter()
    old = core.line_loss.trend_rows(y, m, 12, from_reports=True)
    t_old = time.perf_counter() - t
    names = [f.name for f in fields(old[0])]
    differ = [(a, b) for a, b in zip(kept, old, strict=True)
              if [getattr(a, n) for n in names] != [getattr(b, n) for n in names]
              or [str(getattr(a, n)) for n in names] != [str(getattr(b, n)) for n in names]]
    print(f"{len(old)} rows (teams x months, {len(names)} figures each) up to {y}-{m:02d}: "
          f"kept months {t_kept:.2f} s, from the reports {t_old:.2f} s; "
          + ("all equal, digit for digit" if not differ else f"{len(differ)} rows differ"))
    for a, b in differ:
        print(f"  kept {a}\n  old  {b}")
    with core.db.read() as s:
        rows = s.scalar(select(func.count()).select_from(MeterMonth))
        t = time.perf_counter()
        problems = meter_months.problems(s, core.clock().tzinfo)
        print(f"db check's recomputation of {rows:,} meter months: {time.perf_counter() - t:.1f} s, "
              f"{len(problems)} problems")
    for p in problems:
        print(f"  {p}")
    upkeep(core)
    sys.exit(1 if differ or problems else 0)


def upkeep(core) -> None:
    """A report's upkeep of its meter's months, as store_report runs it."""
    tz, counted = core.clock().tzinfo, {"sql": 0}

    def statement(*_a):
        counted["sql"] += 1
    with core.db.engine.connect() as conn:
        s = Session(bind=conn)
        latest = s.execute(select(MeterReading.meter_id, func.max(MeterReading.read_at))
                           .group_by(MeterReading.meter_id).limit(300)).all()
        event.listen(conn, "before_cursor_execute", statement)
        cpu, wall = [], []
        for meter_id, at in latest:
            t, c = time.perf_counter(), time.process_time()
            meter_months.refresh(s, meter_id, at, tz)
            wall.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
        conn.rollback()
    print(f"a report's upkeep of its meter's months ({len(latest)} meters): "
          f"CPU p50 {statistics.median(cpu):.2f} ms, wall p50 {statistics.median(wall):.2f} ms, "
          f"{counted['sql'] / len(latest):.1f} SQL statements")


if __name__ == "__main__":
    main()
