"""Several counters on one PostgreSQL database: N station processes sell to
overlapping customers at once.

Used twice: ``tests/lan/test_concurrency.py`` runs a small drill and checks
the books afterwards; ``python -m bench.lan`` runs 8 stations x 1,000 sales
and prints sales per second and the p95 sale time beside one station alone,
measured in the same run on the same server.

Each station is its own process with its own StationCore, operator and
shift, like a counter PC. The card is in memory here (one virtual reader
cannot serve eight counters; bench/card_sale.py measures the card path), and
after each sale the customer "goes to the meter", which reports the
purchase applied, so the four-purchases-on-a-card limit does not stop the
drill. Everything else is the station's own sale path, down to the seal on
each audit event that a station holding the keys adds (each bench station
seals with a key of its own: the cost is the same, and nothing here checks
the seals).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import statistics
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path

from argon2 import PasswordHasher
from sqlalchemy import update

from cards import crypto
from cards.keyring import KeyRing
from db import migrate
from db.engine import Database
from db.models import Meter, Role
from db.scratch import scratch_database
from vending_app.core.audit_seal import Sealer
from vending_app.core.errors import HeldElsewhere
from vending_app.core.sales import SaleRequest
from vending_app.core.station import StationCore
from vending_app.demo import seed

PASSWORD = "lan-drill-pass-1"
FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


class MemoryCard:
    def __init__(self, latency_s: float = 0.0):
        self.latency_s = latency_s

    def write_purchase(self, order) -> None:
        if self.latency_s:
            time.sleep(self.latency_s)


def prepare_office(url: str, stations: int, meters: int) -> list[str]:
    """The demo office plus a seller per station and ``meters`` customers."""
    db = Database(url)
    migrate.upgrade(db.engine)
    core = StationCore(db, "S01", hasher=FAST)
    seed(core, PASSWORD)
    admin, clerk = core.auth.login("admin", PASSWORD), core.auth.login("clerk", PASSWORD)
    for i in range(1, stations + 1):
        core.auth.create_operator(admin, f"seller{i:02d}", f"Seller {i}", Role.SELLER, PASSWORD)
    numbers = []
    for i in range(meters):
        acc = core.accounts.open_account(clerk, f"Drill {i}", f"DRILL-{i:06d}", "13800000000",
                                         f"{i} Drill Road", "T1", "RESID")
        number = f"7{i:011d}"
        core.accounts.pair_meter(clerk, acc, number, "single_phase", "1")
        numbers.append(number)
    db.dispose()
    return numbers


def meter_reports_applied(core: StationCore, number: str, seq: int) -> None:
    """The meter's write-back: purchase ``seq`` applied (never beyond it)."""
    with core.db.write() as s:
        s.execute(update(Meter).where(Meter.number == number,
                                      (Meter.reported_seq.is_(None)) | (Meter.reported_seq < seq))
                  .values(reported_seq=seq))


def station_worker(url: str, station: str, login: str, sales: int, meters: list[str],
                   seed_value: int, out: str, card_latency_s: float = 0.0) -> None:
    """One counter: open a shift, sell ``sales`` times to random meters of
    the shared list, close the shift counting its own tally of the cash."""
    rng = random.Random(seed_value)
    db = Database(url)
    db.audit_sealer = Sealer(KeyRing({1: crypto.new_master_key()}))
    core = StationCore(db, station, hasher=FAST)
    seller = core.auth.login(login, PASSWORD)
    core.shifts.open(seller, "100.00")
    card = MemoryCard(card_latency_s)
    done, held, times, cash = [], 0, [], Decimal("0")
    started, cpu, meter_cpu = time.time(), time.process_time(), 0.0
    while len(done) < sales:
        number = rng.choice(meters)
        t = time.perf_counter()
        try:
            r = core.sales.sell(seller, SaleRequest(number, kwh=str(rng.randint(2, 40))), card)
        except HeldElsewhere:
            held += 1  # another counter is writing this meter's card: the clerk waits
            continue
        times.append(time.perf_counter() - t)
        c = time.process_time()
        meter_reports_applied(core, number, r.purchase_seq)
        meter_cpu += time.process_time() - c
        cash += r.quote.total
        done.append({"receipt": r.receipt_no, "seq": r.purchase_seq, "meter": number,
                     "total": str(r.quote.total)})
    ended, cpu = time.time(), time.process_time() - cpu - meter_cpu
    z = core.shifts.close(seller, cash + Decimal("100.00"))
    core.auth.logout(seller)
    db.dispose()
    Path(out).write_text(json.dumps({
        "station": station, "sales": done, "held": held, "times": times, "cash": str(cash),
        "started": started, "ended": ended, "cpu": cpu, "meter_cpu": meter_cpu,
        "difference": str(z.difference), "shift_sales": z.sales_count}))


def run_stations(url: str, stations: int, sales: int, meters: list[str], folder: Path,
                 card_latency_s: float = 0.0) -> tuple[list[dict], float]:
    """Start the station processes together; returns their reports and the wall time."""
    ctx = mp.get_context("spawn")
    procs, outs = [], []
    for i in range(1, stations + 1):
        out = folder / f"station-{i:02d}-{uuid.uuid4().hex[:6]}.json"
        outs.append(out)
        procs.append(ctx.Process(target=station_worker, args=(
            url, f"S{i:02d}", f"seller{i:02d}", sales, meters, 1000 + i, str(out),
            card_latency_s)))
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    failed = [p.exitcode for p in procs if p.exitcode]
    if failed:
        raise RuntimeError(f"{len(failed)} station process(es) failed: exit codes {failed}")
    reports = [json.loads(o.read_text()) for o in outs]
    # Selling time only: from the first sale begun to the last one done
    # (process start-up and sign-in are not the counters' throughput).
    return reports, max(r["ended"] for r in reports) - min(r["started"] for r in reports)


def server_cpu(url: str) -> float | None:
    """Seconds of CPU the PostgreSQL server has used so far (its exited
    backends and its live processes), when it runs on this machine where
    /proc shows it; else None."""
    from sqlalchemy import create_engine, text
    engine = create_engine(url)
    try:
        with engine.connect() as c:
            backend = c.scalar(text("SELECT pg_backend_pid()"))
    finally:
        engine.dispose()
    tick = os.sysconf("SC_CLK_TCK")
    try:
        postmaster = int(Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()[1])
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # gone while we looked
            pid = int(stat.parent.name)
            if pid == postmaster:  # its own time and its reaped backends'
                total += sum(int(f) for f in fields[11:15])
            elif int(fields[1]) == postmaster and pid != backend:
                total += int(fields[11]) + int(fields[12])
        return total / tick
    except (OSError, ValueError, IndexError):
        return None


def pct(samples: list[float], p: float) -> float:
    s = sorted(samples)
    return s[min(len(s) - 1, int(p * len(s)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pg", required=True, help="a PostgreSQL URL whose server may create "
                    "databases (scripts/test.sh's VENDING_TEST_PG_URL)")
    ap.add_argument("--stations", type=int, default=8)
    ap.add_argument("--sales", type=int, default=1000, help="sales per station")
    ap.add_argument("--meters", type=int, default=200, help="customers the stations share")
    ap.add_argument("--card-ms", type=float, default=0.0, help="simulated card write time")
    args = ap.parse_args()
    import tempfile
    folder = Path(tempfile.mkdtemp(prefix="vending-lan-bench-"))
    rows = []
    for n in (1, args.stations):
        url, drop = scratch_database(args.pg, "vending_lan")
        try:
            meters = prepare_office(url, args.stations, args.meters)
            before = server_cpu(url)
            reports, wall = run_stations(url, n, args.sales, meters, folder, args.card_ms / 1000)
            after = server_cpu(url)
        finally:
            drop()
        times = [t for r in reports for t in r["times"]]
        count = sum(len(r["sales"]) for r in reports)
        station = sum(r["cpu"] for r in reports) / count * 1000
        server = None if before is None or after is None else (after - before) / count * 1000
        rows.append((n, count, wall, count / wall, statistics.median(times) * 1000,
                     pct(times, .95) * 1000, sum(r["held"] for r in reports), station, server))
    print(f"PostgreSQL, {args.meters} shared customers, {args.sales} sales per station, "
          f"card write {args.card_ms} ms (in memory); {os.cpu_count()} cores")
    print("| stations | sales | wall s | sales/s | x one station | p50 ms | p95 ms | "
          "refused: meter held elsewhere | station CPU/sale ms | server CPU/sale ms |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    base = rows[0][3]
    for n, count, wall, rate, p50, p95, held, station, server in rows:
        print(f"| {n} | {count} | {wall:.1f} | {rate:.1f} | {rate / base:.2f} | {p50:.1f} | "
              f"{p95:.1f} | {held} | {station:.1f} | "
              f"{'-' if server is None else f'{server:.1f}'} |")
    print("station CPU: the sale alone (not the bench's meter write-back); server CPU: the "
          "PostgreSQL processes over the run, when they run on this machine (the write-back "
          "included)")


if __name__ == "__main__":
    sys.exit(main())
