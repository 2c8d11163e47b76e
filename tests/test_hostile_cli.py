"""A hostile-input drive of the command line.

Hundreds of inputs a clerk, a script or an attacker might type -- decimal
commas and thousands separators, signs, underscores, exponents, NaN and
Infinity, full-width and Arabic-Indic digits, pasted pages, NUL and control
characters, direction marks, empty and blank text, impossible dates, unknown
logins, stations, meters, accounts and receipts, wrong passwords -- go to
every command that takes them, each with otherwise valid arguments. Each
must be refused the way a clerk can act on: a non-zero exit, an error line
and no traceback, and nothing changed in the database.

The cases are generated from a fixed seed (reproducible, bounded by count);
the bulk runs in-process through ``vending_app.cli.main`` (argparse's
SystemExit caught), a handful through the real ``vending-station-cli``.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from cards import crypto
from db import engine as db_engine
from db.models import Base
from tests.conftest import PASSWORD, build_office, open_customer

SEED = 20261201
CASES = 330  # the in-process bulk (SQLite); every command line is drawn at least once
M1, M2 = "000000000001", "000000000002"
KEY_PASSPHRASE = "hostile-key-passphrase"
NEW_PASSWORD = "a-new-password-1"

# What changes legitimately when a command is refused, and why:
#  - audit_events/audit_head: every sign-in, refused or not, and every refused
#    action are audited (that is the point of the audit log);
#  - login_failures: a wrong password for a login no operator has is counted,
#    exactly like an operator's own counter (below), so logins cannot be probed;
#  - operators.failed_attempts/locked_until: the same counter for real logins
#    (a sign-in that succeeds resets it);
#  - stations.seen_at/host/operator_id/activity: presence, written at sign-in.
# Nothing else may change.
SKIP_TABLES = {"audit_events", "audit_head", "login_failures"}
SKIP_COLUMNS = {"operators": {"failed_attempts", "locked_until"},
                "stations": {"seen_at", "host", "operator_id", "activity"}}


def snapshot(db, skip_columns=SKIP_COLUMNS) -> dict[str, list[tuple]]:
    """Every row of every business table, in primary-key order (plain SQL on
    one connection: it runs after each of hundreds of cases)."""
    quote = db.engine.dialect.identifier_preparer.quote
    out = {}
    raw = db.engine.raw_connection()
    try:
        cur = raw.cursor()
        for table in Base.metadata.sorted_tables:
            if table.name in SKIP_TABLES:
                continue
            cols = [quote(c.name) for c in table.columns
                    if c.name not in skip_columns.get(table.name, ())]
            order = [quote(c.name) for c in table.primary_key.columns]
            cur.execute(f"SELECT {', '.join(cols)} FROM {quote(table.name)} "  # noqa: S608
                        f"ORDER BY {', '.join(order)}")
            out[table.name] = [tuple(r) for r in cur.fetchall()]
        cur.close()
    finally:
        raw.close()
    return out


# --- hostile values, by the kind of argument they go to ----------------------

LONG = "7" * 10_000
PAGE = "x" * 10_000
CONTROL = ["\x00", "1\x00", "\x07", "\x1b[31m5", "\x7f", "\x08\x08"]
BIDI = ["\u202e", "\u200f", "\u2066", "\u061c"]
BLANK = ["", " ", "\t", "\n", "\u3000", "\u00a0"]

NUMBERS = ["1,000", "12,345.5", "1,000,000", "1.000,5", "1 000", "1'000", "+5", "-5", "--5",
           "1_000", "5e-1", "1e400", "1E3", "NaN", "nan", "-NaN", "Infinity", "-Infinity", "inf",
           "sNaN", "１０", "٥", "۵", "१०", "١٫٥", "0x10", "1.2.3", "¥10", "10kWh", "5-", "Ⅻ",
           "\u202e10", "10\u200f", "1" + "0" * 30, LONG, "1\x00", "\x1b[31m5", "\udcff",
           *BLANK, *CONTROL[:2]]
WHOLES = ["+5", "-5", "1_0", "５", "٥", "1e3", "0x1F", "99999999999", "NaN", "1.0", "2,5",
          "\u200f3", LONG, *BLANK, "\x00", "3\x00"]
DATES = ["20270101", "2027-W01-1", "2027-001", "0001-01-01", "9999-12-31", "1999-12-31",
         "2100-01-01", "2026-02-30", "2026-13-01", "2026-00-10", "2026-2-3", "2026/03/01",
         "01.03.2026", "2026-03-01T00:00", "2026-03-01 00:00", "２０２６-０３-０１",
         "٢٠٢٦-٠٣-٠١", "+2026-03-01", "-2026-03-01", "2026-03-01\x00", "\u202e2026-03-01",
         "NaN", "1e400", PAGE, *BLANK]
METERS = ["12345", "0000000000001", "00000000001", "00000000000A",
          "-00000000001", "+00000000001", "0x0000000001", "００００００００００01",
          "٠٠٠٠٠٠٠٠٠٠٠١", "00000000000１", "1e11", "000000000001\x00", "\u202e000000000001",
          "000000000001\u200f", "0000-0000-0001", LONG, *BLANK]
UNKNOWN_METERS = METERS + ["999999999999"]  # for commands that need a known meter
ACCOUNTS = ["99999999", "1", "123456789", "0000000１", "٠٠٠٠٠٠٠١", "-1", "+00000001", "1e7",
            "00000001\x00", "\u202e00000001", LONG, *BLANK]
RECEIPTS = ["S01-99999999", "S01-00000000", "S01--1", "S01-0000000１", "S99-00000001", "S01",
            "S01-1e3", "S01-00000001\x00", "\u202eS01-00000001", PAGE, *BLANK]
PHONES = ["１３８００１３８０００", "٠١٣٨٠٠١٣٨٠٠٠", "123", "+", "1" * 21, "138\x000138000",
          "\u202e13800138000", "phone", LONG, *BLANK]
ID_NUMBERS = ["110101198001010013", "11010119800101001Y", "１１０１０１１９８００１０１００１Ｘ",
              "٠١٢٣٤٥٦٧٨٩", "AB12", "PASS\x00PORT77", "PASSPORT\u202e77", "X" * 33, PAGE, *BLANK]
TEXTS = ["x" * 10_000, "Li\x00Lei", "\x1b[2J", "a\x07b", "\u202eieL iL", "Li\u2066Lei", *BLANK]
CODES = ["", " ", "\x00", "R\x00S", "ＲＥＳ", "x" * 10_000, "\u202eRES", "RE S", "RE\nS"]
LOGINS = ["nobody", "admin\x00", "ＡＤＭＩＮ", "ad min", "admin\u200f", "x" * 10_000, "\x1b", *BLANK]
STATIONS = ["S" * 17, "S\x00", "Ｓ01", "S 01", "\u202eS01", "S01\x00", "x" * 10_000, "\t",
            "S/01"]
PASSWORDS = ["", "wrong-password", PASSWORD + " ", PASSWORD.upper(), "x" * 10_000,
             PASSWORD + "\x00", "\u202e" + PASSWORD]
TIERS = ["2160:0,5283,*:0.8", "*:NaN", "*:1e400", "1e400:0.5,*:1", "-5:0.5,*:1",
         "２１６０:0.5,*:1", "*:0.5,*:0.6", "4200:0.5,2160:0.6,*:1", "2160:0.5,,*:1", "*:-1",
         "*:+1", "*:1_0", "2160=0.5,*:1", "*:0.5\x00", "*", ":", LONG, *BLANK]
RATIOS = ["150/0", "0/5", "150/7", "-150/5", "150/-5", "１５０/5", "150/5/5", "1e3/5", "NaN",
          "Infinity", "150//5", LONG, *BLANK]
MONTHS = ["2026-13", "2026-00", "202603", "2026-3-1", "２０２６-０３", "NaN", PAGE, *BLANK]
PARAM_KEYS = ["no.such.key", "auth.max_failed_attempts\x00", "ＡＵＴＨ", PAGE, *BLANK]

# (command line with one {} for the hostile value, its operator, the kinds of value)
COMMANDS = [
    (["quote", "--kwh={}", "--", M1], "seller", NUMBERS),
    (["quote", "--amount={}", "--", M1], "seller", NUMBERS),
    (["quote", "--kwh=10", "--", "{}"], "seller", UNKNOWN_METERS),
    (["sell", "--kwh={}"], "seller", NUMBERS),
    (["sell", "--amount={}"], "seller", NUMBERS),
    (["sell", "--kwh=10", "--tendered={}"], "seller", NUMBERS),
    (["shift", "open", "--float={}"], "seller", NUMBERS),
    (["shift", "close", "--counted={}"], "seller", NUMBERS),
    (["account", "open", "--name={}", "--id-number=PASSPORT-77", "--phone=13900000001",
      "--address=9 Well Road", "--team=T1", "--category=RESID"], "clerk", TEXTS),
    (["account", "open", "--name=Zhang San", "--id-number={}", "--phone=13900000001",
      "--address=9 Well Road", "--team=T1", "--category=RESID"], "clerk", ID_NUMBERS),
    (["account", "open", "--name=Zhang San", "--id-number=PASSPORT-77", "--phone={}",
      "--address=9 Well Road", "--team=T1", "--category=RESID"], "clerk", PHONES),
    (["account", "open", "--name=Zhang San", "--id-number=PASSPORT-77", "--phone=13900000001",
      "--address={}", "--team=T1", "--category=RESID"], "clerk", TEXTS),
    (["account", "open", "--name=Zhang San", "--id-number=PASSPORT-77", "--phone=13900000001",
      "--address=9 Well Road", "--team={}", "--category=RESID"], "clerk", CODES),
    (["account", "open", "--name=Zhang San", "--id-number=PASSPORT-77", "--phone=13900000001",
      "--address=9 Well Road", "--team=T1", "--category={}"], "clerk", CODES),
    (["account", "search", "--limit={}", "--", "Li"], "clerk", WHOLES),
    (["account", "close", "--reason=customer moved away", "--", "{}"], "clerk", ACCOUNTS),
    (["account", "close", "--reason=customer moved away", "--remaining", M1 + "={}", "--",
      "ACC1"], "clerk", NUMBERS),
    (["account", "close", "--reason={}", "--", "ACC1"], "clerk", TEXTS),
    (["meter", "pair", "--", "{}", M2], "clerk", ACCOUNTS),
    (["meter", "pair", "--", "ACC1", "{}"], "clerk", METERS),
    (["meter", "pair", "--type=three_phase_ct", "--ct={}", "--", "ACC1", M2], "clerk", RATIOS),
    (["meter", "pair", "--type=three_phase_ct", "--ct=150/5", "--pt={}", "--", "ACC1", M2],
     "clerk", RATIOS),
    (["meter", "pair", "--threshold={}", "--", "ACC1", M2], "clerk", NUMBERS),
    (["charge", "add", "--description=arrears", "--amount={}", "--percent=10", "--", "ACC1"],
     "clerk", NUMBERS),
    (["charge", "add", "--description=arrears", "--amount=100", "--percent={}", "--", "ACC1"],
     "clerk", NUMBERS),
    (["charge", "add", "--description={}", "--amount=100", "--percent=10", "--", "ACC1"],
     "clerk", TEXTS),
    (["adjustment", "request", "--kwh={}", "--reason=meter fault compensation", "--", M1],
     "clerk", NUMBERS),
    (["adjustment", "request", "--kwh=20", "--reason=meter fault compensation", "--", "{}"],
     "clerk", UNKNOWN_METERS),
    (["quota", "request", "--kwh=50", "--price=0.3", "--reason=poverty relief scheme",
      "--from={}", "--", "ACC1"], "clerk", DATES),
    (["quota", "request", "--kwh=50", "--price=0.3", "--reason=poverty relief scheme",
      "--from=2026-04-01", "--to={}", "--", "ACC1"], "clerk", DATES),
    (["quota", "request", "--kwh={}", "--price=0.3", "--reason=poverty relief scheme",
      "--from=2026-04-01", "--", "ACC1"], "clerk", NUMBERS),
    (["quota", "request", "--kwh=50", "--price={}", "--reason=poverty relief scheme",
      "--from=2026-04-01", "--", "ACC1"], "clerk", NUMBERS),
    (["quota", "request", "--kwh=50", "--price=0.3", "--reason=poverty relief scheme",
      "--from=2026-04-01", "--", "{}"], "clerk", ACCOUNTS),
    (["reversal", "request", "--reason=card never reached the meter", "--", "{}"], "seller",
     RECEIPTS),
    (["invoice", "--", "{}"], "seller", RECEIPTS),
    (["approve", "--", "quota", "{}"], "admin", WHOLES),
    (["reject", "--", "adjustment", "{}"], "admin", WHOLES),
    (["tariff", "add", "--code={}", "--name=Night"], "admin", CODES),
    # a blank name is the code, by design: only the rest of TEXTS here
    (["tariff", "add", "--code=NIGHT", "--name={}"], "admin", [t for t in TEXTS if t.strip()]),
    (["tariff", "version", "--code=RES", "--from={}", "--tiers=0.6"], "admin", DATES),
    (["tariff", "version", "--code=RES", "--from=2026-07-01", "--to={}", "--tiers=0.6"], "admin",
     DATES),
    (["tariff", "version", "--code=RES", "--from=2026-07-01", "--tiers={}"], "admin", TIERS),
    (["tariff", "version", "--code=RES", "--from=2026-07-01", "--tiers=0.6",
      "--monthly-charge={}"], "admin", NUMBERS),
    (["tariff", "version", "--code={}", "--from=2026-07-01", "--tiers=0.6"], "admin", CODES),
    (["area", "add", "--code={}", "--name=South field"], "admin", CODES),
    (["team", "add", "--code=T9", "--name=Team nine", "--area={}"], "admin", CODES),
    (["category", "add", "--code=NEW", "--name=New", "--tariff={}"], "admin", CODES),
    (["param", "set", "--", "auth.max_failed_attempts", "{}"], "admin", WHOLES),
    (["param", "set", "--", "sale.max_kwh", "{}"], "admin", NUMBERS),
    (["param", "set", "--", "{}", "5"], "admin", PARAM_KEYS),
    (["param", "set", "--scope={}", "--", "auth.lockout_minutes", "20"], "admin",
     [t for t in STATIONS if t.strip()]),
    (["operator", "add", "--login={}", "--name=New Person", "--role=seller"], "admin",
     [t for t in LOGINS if t != "nobody"]),
    (["operator", "add", "--login=newbie", "--name={}", "--role=seller"], "admin", TEXTS),
    (["operator", "set", "--", "{}", "disable"], "admin", LOGINS),
    (["operator", "set", "--", "{}", "reset-password"], "admin", LOGINS),
    (["station", "rename", "--", "{}", "Counter 9"], "admin", STATIONS + ["S99"]),
    (["station", "rename", "--", "S01", "{}"], "admin", TEXTS),
    (["station", "disable", "--", "{}"], "admin", STATIONS + ["S99"]),
    (["message", "send", "--", "{}", "the body of it"], "admin", TEXTS),
    # (a blank --to is every station, and a blank --scope every station: by design)
    (["message", "send", "--to={}", "--", "Subject", "the body of it"], "admin",
     [t for t in STATIONS if t.strip()] + ["S99"]),
    (["message", "read", "--", "{}"], "admin", WHOLES),
    (["report", "sales", "--year={}", "--month=3"], "finance", WHOLES),
    (["report", "totals", "--year=2026", "--month={}"], "finance", WHOLES),
    (["report", "totals", "--year=2026", "--month=3", "--dekad={}"], "finance", WHOLES),
    (["sheet", "dekad", "--year={}", "--month=3", "--dekad=1", "--format=csv"], "finance",
     WHOLES),
    # (an empty --as-of is the default, today: a read-only report)
    (["analyse", "suspicious", "--as-of={}"], "finance", [t for t in DATES if t]),
    (["analyse", "line-loss", "--month={}"], "finance", MONTHS),
    (["master", "add", "--", "T1", "{}", "Transformer one"], "admin", METERS),
    (["master", "record", "--kwh={}", "--", "900000000001"], "clerk", NUMBERS),
    (["card", "issue", "--", "{}"], "clerk", UNKNOWN_METERS),
    (["card", "replace-meter", "--reason=meter burnt out", "--", M1, "{}"], "clerk", METERS),
    (["tool", "issue", "--", "check", "{}"], "clerk", UNKNOWN_METERS),
    (["meter-sim", "create", "--", "{}"], "admin", UNKNOWN_METERS),
    (["meter-sim", "consume", "--", M1, "{}"], "admin", NUMBERS),
]
# Who signs in, and where: hostile logins, passwords and stations on a
# command that would otherwise succeed.
SIGN_IN = ["quote", "--kwh=10", "--", M1]


def generated_cases(n: int = CASES, seed: int = SEED) -> list[tuple[str, list[str], str, str]]:
    """(what, argv after the global options, operator, password): every
    command-and-argument pair once, then a seeded draw up to ``n``."""
    everything = []
    for template, who, values in COMMANDS:
        for value in values:
            argv = [a.replace("{}", value) for a in template]
            everything.append((f"{' '.join(template[:2])} <- {value[:20]!r}", argv, who, PASSWORD))
    for login in LOGINS:
        everything.append((f"login {login[:20]!r}", SIGN_IN, login, PASSWORD))
    for password in PASSWORDS:
        for who in ("seller", "nobody"):
            everything.append((f"password {password[:20]!r} for {who}", SIGN_IN, who, password))
    rng = random.Random(seed)
    firsts = {}
    for case in everything:  # one of each command line at least
        firsts.setdefault(case[0].split(" <- ")[0], case)
    chosen = list(firsts.values())
    rest = [c for c in everything if c not in chosen]
    chosen += rng.sample(rest, min(n - len(chosen), len(rest)))
    return chosen


def _fast_hasher(*_args, **_kwargs):
    # The office's hashes are made with these parameters: the same work per
    # sign-in as the office fixtures, and no rehash changing operators' rows.
    return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture
def hostile_office(core, tmp_path, monkeypatch):
    """The test office with a customer (meter 1), one sale, keys created, and
    the environment the CLI reads (no card in the reader)."""
    office = build_office(core)
    acc = open_customer(office, M1)
    office.core.catalog.set_parameter(office.admin, "auth.max_failed_attempts", "20")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("VENDING_KEY_PASSPHRASE", KEY_PASSPHRASE)
    monkeypatch.setenv("VENDING_NEW_PASSWORD", NEW_PASSWORD)
    monkeypatch.delenv("VENDING_PASSWORD", raising=False)
    monkeypatch.setenv("VENDING_READER", "no such reader")
    monkeypatch.setattr("vending_app.core.auth.PasswordHasher", _fast_hasher)
    # Likewise the key passphrase's scrypt, for the card commands (the cost is
    # stored with the wrapped key, so unlocking follows it).
    monkeypatch.setattr(crypto, "wrap_master", functools.partial(crypto.wrap_master, n=2**10))
    # argparse looks up a translation of each of its words on disk, for each
    # of the hundreds of parsers the drive builds; the station ships none.
    monkeypatch.setattr(argparse, "_", lambda text: text)
    monkeypatch.setenv("COLUMNS", "100")  # and asks the terminal its size, each time
    monkeypatch.setenv("LINES", "40")
    # One parser for the drive: main() builds the same one afresh every call.
    from vending_app.cli import main
    parser = main.__globals__["build_parser"]()
    monkeypatch.setitem(main.__globals__, "build_parser", lambda: parser)
    # One engine per URL for the whole drive (each main() would make its own).
    engines = {}
    make = db_engine.make_engine
    monkeypatch.setattr(db_engine, "make_engine",
                        lambda url=None, **kw: engines.get(url) or engines.setdefault(
                            url, make(url, **kw)))
    rc, out, err = run_main(core.db.url.render_as_string(hide_password=False), "S01", "admin",
                            PASSWORD, ["keys", "create"])
    assert rc == 0, err
    yield office, acc
    for e in engines.values():
        e.dispose()


def run_main(url: str, station: str, operator: str, password: str, argv: list[str]):
    from vending_app.cli import main
    out, err = io.StringIO(), io.StringIO()
    old_stdin = sys.stdin
    sys.stdin = io.StringIO(password + "\n")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                rc = main(["--db", url, "--station", station, "--operator", operator,
                           "--password-stdin", *argv])
            except SystemExit as e:  # argparse refusing an argument
                rc = e.code
    finally:
        sys.stdin = old_stdin
    return rc, out.getvalue(), err.getvalue()


def _refused_cleanly(rc, out: str, err: str, what: str) -> None:
    text = out + err
    assert rc not in (0, None), f"{what}: accepted (exit {rc}): {out[:300]!r}"
    assert "Traceback" not in text and "unexpected" not in text, f"{what}: {text[:600]!r}"
    assert err.strip(), f"{what}: refused without saying why"
    # one short error line, however long the input
    assert len(err) < 2000 and err.count("\n") <= 30, f"{what}: {err[:300]!r}"


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_hostile_input_is_refused_and_changes_nothing(hostile_office, backend):
    office, acc = hostile_office
    url = office.core.db.url.render_as_string(hide_password=False)
    cases = generated_cases()
    if backend == "postgresql":  # the same drive, every fourth case: the server's own limits
        cases = cases[::4]
    before = snapshot(office.core.db)
    failures = []
    for what, argv, operator, password in cases:
        argv = [a.replace("ACC1", acc) for a in argv]
        station = "S01"
        rc, out, err = run_main(url, station, operator, password, argv)
        try:
            _refused_cleanly(rc, out, err, what)
            after = snapshot(office.core.db)
            assert after == before, f"{what}: changed " + ", ".join(
                t for t in after if after[t] != before[t])
        except AssertionError as e:
            failures.append(str(e).split("\n")[0])
            before = snapshot(office.core.db)
    assert not failures, f"{len(failures)} of {len(cases)} hostile inputs:\n" + "\n".join(failures)
    assert len(cases) >= (300 if backend == "sqlite" else 80)


def test_hostile_stations_are_refused_and_change_nothing(hostile_office):
    """A malformed station code is refused before anything is written; a
    well-formed unknown one is not registered by a refused sign-in."""
    office, _ = hostile_office
    url = office.core.db.url.render_as_string(hide_password=False)
    before = snapshot(office.core.db)
    for station in STATIONS + ["S99"]:
        for operator, password in [("seller", "wrong-password"), ("nobody", PASSWORD),
                                   ("seller", PASSWORD)]:
            if station == "S99" and password == PASSWORD and operator == "seller":
                continue  # a right sign-in registers a new counter: by design
            rc, out, err = run_main(url, station, operator, password, SIGN_IN)
            _refused_cleanly(rc, out, err, f"station {station[:20]!r}")
        assert snapshot(office.core.db) == before, station[:20]


def test_a_decimal_comma_is_read_as_a_point_never_as_a_separator(hostile_office):
    """'1,5' is the one hostile-looking number taken: as 1.5, as documented;
    '1,500' is refused (above), never read as 1500 or 1.5."""
    office, _ = hostile_office
    url = office.core.db.url.render_as_string(hide_password=False)
    rc, out, err = run_main(url, "S01", "seller", PASSWORD, ["quote", "--kwh=1,5", "--", M1])
    assert rc == 0 and "energy        1.50 kWh" in out, err


REAL_CASES = [
    ("seller", ["quote", "--kwh=1e400", "--", M1]),
    ("seller", ["quote", "--kwh=10", "--", "٠٠٠٠٠٠٠٠٠٠٠١"]),
    ("seller", ["shift", "open", "--float=" + "9" * 10_000]),
    ("clerk", ["account", "open", "--name=\u202eieL iL", "--id-number=PASSPORT-77",
               "--phone=13900000001", "--address=9 Well Road", "--team=T1", "--category=RESID"]),
    ("admin", ["tariff", "version", "--code=RES", "--from=2026-02-30", "--tiers=0.6"]),
    ("finance", ["report", "sales", "--year=+2026", "--month=3"]),
    ("seller", ["quote", "--kwh=10", "--", b"\xff\xfe".decode(errors="surrogateescape")]),
    ("nobody", SIGN_IN),
]


@pytest.mark.parametrize("backend", ["sqlite"])  # the drive above covers PostgreSQL
def test_hostile_input_to_the_real_program(hostile_office, backend):
    """The installed program, in its own process: no traceback, exit 2, one
    line on stderr, nothing changed. (Its own default password hasher may
    rehash an operator's test-strength hash at sign-in, so the password
    hashes are left out of this comparison.)"""
    office, _ = hostile_office
    program = Path(sys.executable).parent / "vending-station-cli"
    env = {**os.environ, "VENDING_PASSWORD": PASSWORD}
    url = office.core.db.url.render_as_string(hide_password=False)
    skip = {**SKIP_COLUMNS, "operators": SKIP_COLUMNS["operators"] | {"password_hash"}}
    before = snapshot(office.core.db, skip)
    for who, argv in REAL_CASES:
        p = subprocess.run([str(program), "--db", url, "--operator", who, *argv], env=env,
                           capture_output=True, timeout=120)
        err = p.stderr.decode("utf-8", "replace")
        assert p.returncode == 2, (argv[:3], err)
        assert "Traceback" not in err and "unexpected" not in err, err
        # one error line (argparse puts its usage lines before it)
        assert err.count("\n") <= 8 and len(err) < 1500, err[:300]
        assert err.splitlines()[-1].startswith(("error: ", "vending-station-cli ")), err[:300]
        assert snapshot(office.core.db, skip) == before, argv[:3]
    assert "Wrong login or password" in err


@pytest.mark.filterwarnings("ignore::getpass.GetPassWarning")
def test_a_password_prompt_on_an_empty_input_is_one_line(hostile_office, monkeypatch):
    """No VENDING_NEW_PASSWORD and nothing on stdin: an error line, not an
    'unexpected EOFError'. (getpass reads stdin as it does with no terminal.)"""
    import getpass
    office, _ = hostile_office
    monkeypatch.delenv("VENDING_NEW_PASSWORD")
    monkeypatch.setattr(getpass, "getpass", getpass.fallback_getpass)
    url = office.core.db.url.render_as_string(hide_password=False)
    before = snapshot(office.core.db)
    rc, out, err = run_main(url, "S01", "admin", PASSWORD,
                            ["operator", "add", "--login=newbie", "--name=New Person",
                             "--role=seller"])
    _refused_cleanly(rc, out, err, "operator add without a password")
    assert "VENDING_NEW_PASSWORD" in err and snapshot(office.core.db) == before
