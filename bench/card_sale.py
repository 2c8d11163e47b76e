"""A sale through the real stack: pcscd + vpcd + pyscard + the virtual card,
on a SQLite (or --db) database, for each kind of card (CPU, SLE4442,
SLE4428). Prints per kind the APDUs per sale and p50/p95 from card present to
sale committed over N sales, beside the bare cost of one APDU round trip on
that card and one database commit measured in the same run; the station's
own CPU per sale (its process time: pcscd and the card are other processes),
and the SQL statements and commits a sale asks of the database; and for memory
cards the PSC tries left at the end (a station that never presents a wrong
PSC leaves them full: run with --sales 1000).

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
from sqlalchemy import event, select  # noqa: E402

from cards import crypto  # noqa: E402
from cards.acs import CARD_TYPE  # noqa: E402
from cards.keyring import KeyRing  # noqa: E402
from cards.memory_chip import MemoryImage  # noqa: E402
from cards.reader import connect  # noqa: E402
from cards.station import PcscCardStation  # noqa: E402
from cards.vpcd_slot import VirtualSlot  # noqa: E402
from db import migrate  # noqa: E402
from db.engine import Database  # noqa: E402
from db.models import Meter  # noqa: E402
from vending_app.core import audit  # noqa: E402
from vending_app.core.audit_seal import Sealer  # noqa: E402
from vending_app.core.station import StationCore  # noqa: E402
from vending_app.demo import seed  # noqa: E402


def pct(samples: list[float], p: float) -> float:
    s = sorted(samples)
    return s[min(len(s) - 1, int(len(s) * p))]


BARE_APDU = {"cpu": b"\x00\xA4\x08\x0C\x04\x10\x01\x00\x01",  # select the card file
             "sle4442": b"\xFF\xB1\x00\x00\x00", "sle4428": b"\xFF\xB1\x00\x00\x00"}


def bare_round_trip(kind: str) -> list[float]:
    out = []
    with connect() as conn:
        if kind != "cpu":
            conn.transmit(b"\xFF\xA4\x00\x00\x01" + bytes([CARD_TYPE[kind]]), "select type")
        for _ in range(200):
            t = time.perf_counter()
            conn.transmit(BARE_APDU[kind], "bare round trip")
            out.append((time.perf_counter() - t) * 1000)
    return out


def run_kind(core, station, slot, tmp: Path, kind: str, sales: int, first: bool) -> dict:
    clerk, seller = core.auth.login("clerk", "bench-pass-1"), core.auth.login("seller", "bench-pass-1")
    card = tmp / f"card-{kind}.json"
    slot.insert(card, kind=kind)
    if first:
        core.cards.issue_card(clerk, M1, station)
    else:
        core.cards.reissue_card(clerk, M1, station, f"bench: the next kind of card ({kind})")
    apdu = bare_round_trip(kind)
    sale, cpu, apdus, statements, commits = [], [], set(), [], []
    for _ in range(sales):
        before = dict(STATEMENTS)
        t, c = time.perf_counter(), time.process_time()
        core.cards.sell(seller, station, kwh="10")
        sale.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
        statements.append(STATEMENTS["sql"] - before["sql"])
        commits.append(STATEMENTS["commit"] - before["commit"])
        apdus.add(station.last_apdus)
        with core.db.write() as s:  # the meter applies it and reports back (as a write-back would)
            m = s.scalar(select(Meter).where(Meter.number == M1))
            m.reported_seq = m.purchase_seq
    slot.remove()
    tries = MemoryImage.from_json(card.read_text()).tries if kind != "cpu" else None
    return {"apdu": apdu, "sale": sale, "cpu": cpu, "apdus": sorted(apdus), "tries": tries,
            "sql": statistics.median(statements), "commits": statistics.median(commits)}


STATEMENTS = {"sql": 0, "commit": 0}  # counted on the engine: what a sale asks of the database


def count_statements(engine) -> None:
    def statement(*_a):
        STATEMENTS["sql"] += 1

    def commit(*_a):
        STATEMENTS["commit"] += 1
    event.listen(engine, "before_cursor_execute", statement)
    event.listen(engine, "commit", commit)


M1 = "000000000001"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sales", type=int, default=200, help="sales per kind of card")
    ap.add_argument("--kinds", default="cpu,sle4442,sle4428")
    ap.add_argument("--db", help="an empty database URL (default: a temporary SQLite file)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="vending-card-bench-"))
    db = Database(args.db or f"sqlite:///{tmp / 'bench.sqlite3'}")
    migrate.upgrade(db.engine)
    count_statements(db.engine)
    core = StationCore(db, "S01", hasher=PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    seed(core, "bench-pass-1")
    keys = KeyRing({1: crypto.new_master_key()})
    db.audit_sealer = Sealer(keys)  # a station holding the keys seals each audit event
    station, slot = PcscCardStation(keys), VirtualSlot()
    core.shifts.open(core.auth.login("seller", "bench-pass-1"), "0")
    commit = []
    seller = core.auth.login("seller", "bench-pass-1")
    for _ in range(200):
        t = time.perf_counter()
        with db.write() as s:
            audit.append(s, seller, "bench_commit")
        commit.append((time.perf_counter() - t) * 1000)
    print(f"database: {db.backend}; {args.sales} sales per kind of card through pcscd + vpcd")
    print(f"one database commit:   p50 {statistics.median(commit):7.2f} ms   "
          f"p95 {pct(commit, .95):7.2f} ms")
    print(f"{'card':8} {'APDUs/sale':>10} {'APDU p50':>9} {'sale p50':>9} {'sale p95':>9} "
          f"{'sale/(APDUs+commit)':>20} {'CPU/sale p50':>13} {'SQL/sale':>9} {'commits':>8} "
          f"{'PSC tries left':>15}")
    for i, kind in enumerate(args.kinds.split(",")):
        r = run_kind(core, station, slot, tmp, kind, args.sales, first=i == 0)
        a, p50 = statistics.median(r["apdu"]), statistics.median(r["sale"])
        floor = max(r["apdus"]) * a + statistics.median(commit)
        print(f"{kind:8} {'/'.join(map(str, r['apdus'])):>10} {a:7.2f}ms {p50:7.2f}ms "
              f"{pct(r['sale'], .95):7.2f}ms {p50 / floor:20.1f} "
              f"{statistics.median(r['cpu']):11.2f}ms {r['sql']:9.0f} {r['commits']:8.0f} "
              f"{'-' if r['tries'] is None else r['tries']:>15}")


if __name__ == "__main__":
    main()
