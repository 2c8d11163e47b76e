"""A sale through the real stack: pcscd + vpcd + pyscard + the virtual card,
on a SQLite (or --db) database. Prints APDUs per sale and p50/p95 from card
present to sale committed over N sales, beside the bare cost of one APDU
round trip and one database commit measured in the same run.

Needs the virtual reader (scripts/services.sh start_pcscd, or the start
command); run as root (the virtual card joins pcscd's network namespace).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from argon2 import PasswordHasher  # noqa: E402
from sqlalchemy import select  # noqa: E402

from cards import crypto  # noqa: E402
from cards.keyring import KeyRing  # noqa: E402
from cards.reader import connect  # noqa: E402
from cards.station import PcscCardStation  # noqa: E402
from cards.vpcd_slot import VirtualSlot  # noqa: E402
from db import migrate  # noqa: E402
from db.engine import Database  # noqa: E402
from db.models import Meter  # noqa: E402
from vending_app.core import audit  # noqa: E402
from vending_app.core.station import StationCore  # noqa: E402
from vending_app.demo import seed  # noqa: E402


def pct(samples: list[float], p: float) -> float:
    s = sorted(samples)
    return s[min(len(s) - 1, int(len(s) * p))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sales", type=int, default=200)
    ap.add_argument("--db", help="an empty database URL (default: a temporary SQLite file)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="vending-card-bench-"))
    db = Database(args.db or f"sqlite:///{tmp / 'bench.sqlite3'}")
    migrate.upgrade(db.engine)
    core = StationCore(db, "S01", hasher=PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    seed(core, "bench-pass-1")
    keys = KeyRing({1: crypto.new_master_key()})
    station = PcscCardStation(keys)
    slot = VirtualSlot()
    slot.insert(tmp / "card.json")
    clerk, seller = core.auth.login("clerk", "bench-pass-1"), core.auth.login("seller", "bench-pass-1")
    core.cards.issue_card(clerk, "000000000001", station)
    core.shifts.open(seller, "0")

    apdu = []
    with connect() as conn:
        for _ in range(200):
            t = time.perf_counter()
            conn.transmit(b"\x00\xA4\x08\x0C\x04\x10\x01\x00\x01", "select")
            apdu.append((time.perf_counter() - t) * 1000)
    commit = []
    for _ in range(200):
        t = time.perf_counter()
        with db.write() as s:
            audit.append(s, seller, "bench_commit")
        commit.append((time.perf_counter() - t) * 1000)

    sale, apdus = [], set()
    for _ in range(args.sales):
        t = time.perf_counter()
        core.cards.sell(seller, station, kwh="10")
        sale.append((time.perf_counter() - t) * 1000)
        apdus.add(station.last_apdus)
        with db.write() as s:  # the meter applies it and reports back (as a write-back would)
            m = s.scalar(select(Meter).where(Meter.number == "000000000001"))
            m.reported_seq = m.purchase_seq
    slot.remove()

    floor = 4 * statistics.median(apdu) + statistics.median(commit)
    print(f"database: {db.backend}; {args.sales} sales on one card through pcscd + vpcd")
    print(f"APDUs per sale:               {sorted(apdus)}")
    print(f"one APDU round trip:          p50 {statistics.median(apdu):7.2f} ms   "
          f"p95 {pct(apdu, .95):7.2f} ms")
    print(f"one database commit:          p50 {statistics.median(commit):7.2f} ms   "
          f"p95 {pct(commit, .95):7.2f} ms")
    print(f"card present -> committed:    p50 {statistics.median(sale):7.2f} ms   "
          f"p95 {pct(sale, .95):7.2f} ms")
    print(f"sale p50 / (4 APDUs + 1 commit) = {statistics.median(sale) / floor:.1f}")


if __name__ == "__main__":
    main()
