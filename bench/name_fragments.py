"""The customer search by a fragment of the name, timed on the synthetic
office while a second process loads the database; part of
bench/synthetic_office.py (its table "customer search by name fragment").

The load: a second process, signed in as the clerk and finance, that opens
an account and renames one (each write indexes a name, and takes the write
lock) every --load-pace seconds (0.1 by default: some 20 audited writes a
second, more than eight counters selling; 0: flat out), and every fifth
time reads a dekad's totals, for as long as the searches run. The searches cycle through fragments of three
kinds (rare: a given name and number, a whole name, a piece of one, none;
common: surnames and 'ang'; short: one or two characters, which no trigram
serves and the index of short pieces (migration 0014) does: common ones,
and rare ones, Chinese or none, that the office's pinyin names never hold).
Beside them, in the same run: the search by account number (the baseline)
and the search as it was at revision 0010 (the ILIKE scan, forced on the
same database; for one or two characters also the search of 0011-0013).
"""

from __future__ import annotations

import multiprocessing
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from sqlalchemy import event, func, select, text

from db import name_grams, name_search
from db.engine import Database
from db.models import Customer
from vending_app.core import validation
from vending_app.core.customer_edits import DetailsEdit
from vending_app.core.errors import VendingError
from vending_app.core.periods import dekad_of
from vending_app.core.station import StationCore

COMMON = ["Wang", "Zhou", "Zhang", "ang", "Huang", "Li W", "Chen"]
SHORT = ["Li", "Wu", "He", "Ma", "u", "an"]
SHORT_RARE = ["建国", "王", "王芳", "梅", "Qz", "x7"]
PASSWORD = "bench-pass-1"


def rare_fragments(core: StationCore, count: int, seed: int = 11) -> list[str]:
    """Fragments few customers share: 'Wei37', 'Zhou Wei37', 'ou Wei3', or
    none at all ('Qzx4')."""
    rng = random.Random(seed)
    with core.db.read() as s:
        top = s.scalar(select(func.max(Customer.id)))
        names = [s.scalar(select(Customer.name).where(Customer.id >= rng.randrange(1, top))
                          .order_by(Customer.id).limit(1)) for _ in range(count)]
    out = []
    for i, name in enumerate(n for n in names if n):
        surname, _, given = name.partition(" ")
        out.append([given, name, f"{surname[-2:]} {given[:-1]}", f"Qzx{i}"][i % 4])
    return out


def cycling(fn, fragments: list[str]):
    it = iter(range(10**9))
    return lambda: fn(fragments[next(it) % len(fragments)])


@contextmanager
def as_at_0010(core: StationCore) -> Iterator[None]:
    """The search as revision 0010 ran it: SQLite walks the name index for
    every fragment (the plan of the old ILIKE); PostgreSQL may not use the
    trigram index (no bitmap scans: the old ILIKE's sequential scan)."""
    if core.db.backend == "sqlite":
        kept = name_search.TRIGRAM, name_grams.LONGEST
        name_search.TRIGRAM, name_grams.LONGEST = 10**9, 0
        try:
            yield
        finally:
            name_search.TRIGRAM, name_grams.LONGEST = kept
        return

    def no_bitmaps(session, _transaction, connection):
        connection.exec_driver_sql("SET LOCAL enable_bitmapscan = off")
    event.listen(core.db._read, "after_begin", no_bitmaps)
    try:
        yield
    finally:
        event.remove(core.db._read, "after_begin", no_bitmaps)


def load(url: str, pace: float, stop, ready, done) -> None:
    """The second process: writes and a report, a round every ``pace``
    seconds (0: back to back), until told."""
    core = StationCore(Database(url), "S01")
    clerk = core.auth.login("clerk", PASSWORD)
    finance = core.auth.login("finance", PASSWORD)
    rng, n = random.Random(), 0
    p = dekad_of(date.today())
    ready.set()
    while not stop.wait(pace):
        n += 1
        first = f"1101011990{rng.randrange(10**7):07d}"
        try:
            acc = core.accounts.open_account(
                clerk, f"Load {rng.choice(COMMON)} Wei{n}", first +
                validation.resident_id_check_digit(first), "13900000000", "1 Load Road", "T1",
                "RESID")
            core.customers.edit_details(clerk, acc, DetailsEdit(name=f"Load Renamed Wei{n}"))
        except VendingError:
            continue
        if n % 5 == 0:
            core.reports.totals(finance, p.start, p.end, "team")
        done.value = n  # counted as it goes: a round cut short by the stop is not
    core.db.dispose()


@contextmanager
def under_load(core: StationCore, pace: float | None) -> Iterator[str]:
    if pace is None:
        yield "none"
        return
    ctx = multiprocessing.get_context("spawn")
    stop, ready, done = ctx.Event(), ctx.Event(), ctx.Value("i", 0)
    worker = ctx.Process(target=load, args=(
        core.db.url.render_as_string(hide_password=False), pace, stop, ready, done))
    worker.start()
    # its start-up (imports, sign-ins on a big office) out of the way first
    if not ready.wait(180):
        raise RuntimeError("the load process did not start within 180 s")
    t0 = time.perf_counter()
    try:
        yield (f"a second process opening an account and renaming one every {pace:g} s "
               f"(0: flat out), a dekad report every fifth time")
    finally:
        stop.set()
        worker.join(60)
        took = time.perf_counter() - t0
        print(f"load: {done.value:,} rounds (an account opened and renamed each) in "
              f"{took:.0f} s beside the searches, {done.value * 2 / took:.1f} writes/s")


def cases(core: StationCore, clerk, account_no: str, runs: int) -> list[tuple]:
    search = lambda t: core.accounts.search(clerk, t)  # noqa: E731
    rare = rare_fragments(core, max(runs, 40))
    return [
        ("baseline: search by account number", lambda: search(account_no)),
        ("name fragment, rare", cycling(search, rare), 20),
        ("name fragment, common", cycling(search, COMMON), 20),
        ("name fragment, 1-2 characters", cycling(search, SHORT), 20),
        ("name fragment, 1-2 characters, rare or none", cycling(search, SHORT_RARE), 20),
        ("name fragment, all three kinds", cycling(search, rare + COMMON + SHORT + SHORT_RARE),
         20),
        ("  as at 0010 (the scan): rare", cycling(search, rare), "0010"),
        ("  as at 0010 (the scan): common", cycling(search, COMMON), "0010"),
        ("  as at 0010-0013 (the scan): 1-2 characters", cycling(search, SHORT), "0010"),
        ("  as at 0010-0013 (the scan): 1-2, rare or none", cycling(search, SHORT_RARE), "0010"),
    ]


def plan(core: StationCore, fragment: str) -> list[str]:
    """How the database fetches a fragment's customers (EXPLAIN ANALYZE on
    PostgreSQL, EXPLAIN QUERY PLAN on SQLite): the evidence that the index
    answers."""
    seen = []

    def keep(_conn, _cursor, statement, parameters, _context, _many):
        if any(c in statement for c in ("customers.name", "content.c0", "grams.name")) \
                and not statement.startswith("EXPLAIN"):
            seen.append((statement, parameters))
    with core.db.read() as s:
        conn = s.connection()
        event.listen(conn, "before_cursor_execute", keep)
        try:
            name_search.fragment_ids(s, fragment, 50)
        finally:
            event.remove(conn, "before_cursor_execute", keep)
        sqlite = core.db.backend == "sqlite"
        statement, parameters = seen[-1]
        rows = conn.exec_driver_sql(("EXPLAIN QUERY PLAN " if sqlite else
                                     "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ") + statement,
                                    parameters).all()
    return [str(r[-1] if sqlite else r[0]) for r in rows]


def measure(core: StationCore, runs: int, pace: float | None, table) -> None:
    clerk = core.auth.login("clerk", PASSWORD)
    with core.db.read() as s:
        customers = s.scalar(select(func.count()).select_from(Customer))
        account_no = s.scalar(select(Customer.account_no).order_by(Customer.id)
                              .offset(customers // 2).limit(1))
        index = name_search.inspect_index(s, full=False).check if core.db.backend != "sqlite" \
            else s.scalar(text("SELECT 'customer name index (FTS5 trigram), ' || count(*) || "
                               "' names; short pieces, ' || (SELECT count(*) FROM "
                               f"{name_grams.TABLE}) || ' rows' FROM customer_names"))
    rows = cases(core, clerk, account_no, runs)
    with under_load(core, pace) as what:
        print(f"customer search, {customers:,} customers, {core.db.backend}; {index}; "
              f"load: {what}; p95 goal 20 ms")
        table("customer search by name fragment",
              [r for r in rows if r[-1] != "0010"], runs, goal_on="p95")
        with as_at_0010(core):
            table("  the same searches, as at revision 0010",
                  [rows[0]] + [r[:2] for r in rows if r[-1] == "0010"], runs)
    for fragment in ("Wei37", "Zhou Wei3", "Wang", "ang", "Wu", "建国"):
        print(f"plan of the name query for {fragment!r}:")
        print("\n".join(f"    {line}" for line in plan(core, fragment)))
