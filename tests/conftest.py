"""Fixtures: a fresh, migrated database per test, on SQLite and on the real
PostgreSQL server that scripts/test.sh starts (VENDING_TEST_PG_URL).

Each backend is migrated once per session into a template; every test gets
its own copy (a file copy for SQLite, CREATE DATABASE ... TEMPLATE for
PostgreSQL), so tests are isolated and still fast.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time as _time
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from argon2 import PasswordHasher
from sqlalchemy.engine import make_url

from cards.keystore import CardKeyVault
from db import migrate
from db.engine import Database, make_engine
from db.models import Role
from db.scratch import scratch_database
from vending_app.core.actor import Actor
from vending_app.core.station import StationCore

# The station's set-up file lives in the user's configuration folder; the
# tests (and the CLI processes they start) get a folder of their own, so a
# station set up on this machine never steers a test, nor a test it.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="vending-test-config-")
# Likewise the application log the CLI processes write (a test that reads it
# points VENDING_LOG_DIR at a folder of its own).
os.environ["VENDING_LOG_DIR"] = tempfile.mkdtemp(prefix="vending-test-logs-")

# Parallel workers (pytest-xdist, as scripts/test.sh runs the suite): vpcd
# gives pcscd two slots, "... 00 00" on its port and "... 00 01" on the next;
# each worker takes one, and everything it starts inherits the choice.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER")
if _WORKER:
    _slot = int(_WORKER.removeprefix("gw"))
    if _slot > 1:
        raise RuntimeError("the virtual reader has two slots: run at most two workers (-n 2)")
    os.environ["VENDING_VPCD_PORT"] = str(int(os.environ.get("VENDING_VPCD_PORT", 35963)) + _slot)
    os.environ["VENDING_READER"] = f"Vending Virtual Reader 00 {_slot:02d}"

PG_ENV = "VENDING_TEST_PG_URL"
TZ = ZoneInfo("Asia/Shanghai")
BACKENDS = ["sqlite", "postgresql"]


def pg_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.fail(f"{PG_ENV} is not set: run the suite with scripts/test.sh, which starts "
                    "PostgreSQL (tests never skip a backend silently).")
    return url


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("tpl") / "template.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    with engine.connect() as c:
        c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return str(path)


@pytest.fixture(scope="session")
def pg_template() -> str:
    url, drop = scratch_database(pg_url(), "vending_tpl")
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    yield make_url(url).database
    drop()


def new_database_url(backend: str, request, tmp_path) -> str:
    if backend == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        path = tmp_path / "station.sqlite3"
        shutil.copy(template, path)
        return f"sqlite:///{path}"
    url, drop = scratch_database(pg_url(), "vending_t", request.getfixturevalue("pg_template"))
    request.addfinalizer(drop)
    return url


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def db_url(backend, request, tmp_path) -> str:
    return new_database_url(backend, request, tmp_path)


@pytest.fixture
def db(db_url):
    database = Database(db_url)
    yield database
    database.dispose()


class Clock:
    """The station's local time, set by the test."""

    def __init__(self, day: date = date(2026, 3, 5)):
        self.now = datetime.combine(day, time(10, 0), TZ)

    def __call__(self) -> datetime:
        return self.now

    def set(self, day: date) -> None:
        self.now = datetime.combine(day, time(10, 0), TZ)


FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def core(db, clock) -> StationCore:
    return StationCore(db, "S01", hasher=FAST_HASHER, clock=clock, key_vault=CardKeyVault())



@pytest.fixture(autouse=True)
def english_again():
    """Each test starts in English. A window opened in Chinese installs its
    translation into the one application every test of a process shares;
    without this, the next test there reads Chinese (as CI's order once
    showed, with a test that never chose a language)."""
    _back_to_english()
    yield
    _back_to_english()


def _back_to_english() -> None:
    i18n = sys.modules.get("vending_app.ui.i18n")  # only where the window was loaded
    if i18n is not None and i18n.QCoreApplication.instance() is not None:
        i18n.install("en")

@dataclass
class Office:
    core: StationCore
    admin: Actor
    clerk: Actor
    seller: Actor
    finance: Actor


PASSWORD = "counter-pass-1"


def build_office(core: StationCore) -> Office:
    """A small office: four operators, residential ladder and commercial flat
    tariffs, one area with two teams."""
    admin = core.auth.bootstrap_administrator("admin", "Ada Admin", PASSWORD)
    for login, name, role in [("clerk", "Chen Clerk", Role.CLERK),
                              ("seller", "Sun Seller", Role.SELLER),
                              ("finance", "Fang Finance", Role.FINANCE)]:
        core.auth.create_operator(admin, login, name, role, PASSWORD)
    cat = core.catalog
    cat.add_tariff(admin, "RES", "Residential ladder")
    cat.add_tariff_version(admin, "RES", date(2020, 1, 1), "2160:0.5283,4200:0.5783,*:0.8283")
    cat.add_tariff(admin, "COM", "Commercial flat")
    cat.add_tariff_version(admin, "COM", date(2020, 1, 1), "0.8500")
    cat.add_area(admin, "NORTH", "North field")
    cat.add_team(admin, "NORTH", "T1", "Team one")
    cat.add_team(admin, "NORTH", "T2", "Team two")
    cat.add_category(admin, "RESID", "Residential", "RES")
    cat.add_category(admin, "COMM", "Commercial", "COM")
    return Office(core, admin, core.auth.login("clerk", PASSWORD),
                  core.auth.login("seller", PASSWORD), core.auth.login("finance", PASSWORD))


@pytest.fixture
def office(core) -> Office:
    return build_office(core)


class MemoryCard:
    """A card in a test's hand: keeps what was written, can fail on demand."""

    def __init__(self):
        self.orders = []
        self.fail_next = False

    def write_purchase(self, order):
        from vending_app.core.card_station import CardWriteError
        if self.fail_next:
            self.fail_next = False
            raise CardWriteError("The card was removed during the write.")
        self.orders.append(order)


@pytest.fixture
def card() -> MemoryCard:
    return MemoryCard()


_serial = iter(range(10**6))


def new_id_number() -> str:
    from vending_app.core.validation import resident_id_check_digit
    first = f"11010119800101{next(_serial) % 1000:03d}"
    return first + resident_id_check_digit(first)


def open_customer(office: Office, meter_number: str, category="RESID", team="T1",
                  meter_type="single_phase", ct="1", name="Li Lei") -> str:
    acc = office.core.accounts.open_account(office.clerk, name, new_id_number(), "13800138000",
                                            "1 Well Road", team, category)
    office.core.accounts.pair_meter(office.clerk, acc, meter_number, meter_type, ct)
    return acc


def table_counts(db, skip=()) -> dict[str, int]:
    """Rows in every table (but ``skip``): what "changed nothing" compares."""
    from sqlalchemy import func, select

    from db.models import Base
    with db.read() as s:
        return {t.name: s.scalar(select(func.count()).select_from(t))
                for t in Base.metadata.sorted_tables if t.name not in skip}


def play(core, office, card, meter: str, kwh, action: str):
    """One event of a property test's plan on ``meter``: an approved
    adjustment vended ("adjust"), or a sale, reversed by an administrator
    when ``action`` is "reverse". Returns the sale (None for an adjustment)."""
    from vending_app.core.sales import SaleRequest
    if action == "adjust":
        aid = core.adjustments.request_adjustment(office.clerk, meter, str(kwh),
                                                  "meter fault compensation")
        core.adjustments.decide_adjustment(office.admin, aid, True)
        core.adjustments.vend_adjustment(office.seller, aid, card)
        return None
    sale = core.sales.sell(office.seller, SaleRequest(meter, kwh=kwh), card)
    if action == "reverse":
        rid = core.sales.request_reversal(office.seller, sale.receipt_no, "wrong meter")
        core.sales.decide_reversal(office.admin, rid, True)
    return sale


def meter_applied(core, meter_number: str) -> None:
    """The customer took the card to the meter and the meter reported every
    purchase applied (what a real write-back would tell the station)."""
    from decimal import Decimal

    from sqlalchemy import func, select

    from db.models import Meter, Sale
    with core.db.write() as s:
        meter = s.scalar(select(Meter).where(Meter.number == meter_number))
        added = s.scalar(select(func.coalesce(func.sum(Sale.secondary_kwh), 0)).where(
            Sale.meter_id == meter.id, Sale.status.in_(["pending", "committed"]),
            Sale.purchase_seq > (meter.reported_seq or 0)))
        meter.reported_remaining_kwh = (meter.reported_remaining_kwh or Decimal(0)) + added
        meter.reported_seq = meter.purchase_seq


@pytest.fixture(scope="session")
def pcsc_ready():
    if not os.environ.get("VENDING_VPCD_NETNS"):
        pytest.fail("pcscd with the virtual reader is not running: run the suite with "
                    "scripts/test.sh, which starts it.")


@pytest.fixture
def slot(pcsc_ready):
    """The virtual reader's slot: insert a card image, pull it."""
    from cards.vpcd_slot import VirtualSlot
    s = VirtualSlot()
    yield s
    s.remove()


def socat_pair(tmp_path, name: str):
    """Two linked serial ptys (socat): (process, one end, other end)."""
    if shutil.which("socat") is None:
        pytest.fail("socat is missing: scripts/test.sh installs it")
    one, two = tmp_path / f"{name}-1", tmp_path / f"{name}-2"
    proc = subprocess.Popen(["socat", f"pty,raw,echo=0,link={one}", f"pty,raw,echo=0,link={two}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        if one.exists() and two.exists():
            break
        _time.sleep(0.05)
    return proc, one, two


@pytest.fixture
def pty_pair(tmp_path):
    """A device at one end, the station at the other."""
    proc, device_end, station_end = socat_pair(tmp_path, "pty")
    yield device_end, station_end
    proc.terminate()
    proc.wait(5)


CLI_PASSWORD = "demo-pass-1"


@pytest.fixture
def run_cli(tmp_path):
    """vending-station-cli in its own process, on a database file of the test's."""
    import sys
    env = {**os.environ, "VENDING_DB_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
           "VENDING_PASSWORD": CLI_PASSWORD}

    def _run(*args, ok=True, **extra_env):
        p = subprocess.run([sys.executable, "-m", "vending_app.cli", *args],
                           env={**env, **extra_env}, capture_output=True, text=True, timeout=120)
        if ok:
            assert p.returncode == 0, p.stderr
        return p
    return _run


def expected_cash(office: Office, seller: Actor):
    """The expected cash of the seller's open shift, as finance sees it: the
    seller's own figures withhold it until the count (blind count)."""
    core = office.core
    return core.shifts.figures_of(office.finance, core.shifts.current(seller)).expected_cash


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config, items):
    """The install tests share one wheel and one bundle (session fixtures, and
    the checkout's build folder): one worker runs them all."""
    for item in items:
        if "tests/install/" in item.nodeid:
            item.add_marker(pytest.mark.xdist_group("install"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """What a test captured goes to the report as UTF-8 can carry it: the
    hostile-input tests log lone surrogates (bytes a terminal could not
    decode), which a parallel worker cannot send back to the main process."""
    outcome = yield
    report = outcome.get_result()
    report.sections = [(title, text.encode("utf-8", "backslashreplace").decode("utf-8"))
                       for title, text in report.sections]
