"""Every schema change is a migration: the migrated schema is exactly the
models', on both backends, and the migrations go down and up again."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from db import migrate, name_search
from db.models import Base

# Tables that migrations after 0006 make (a downgrade to 0006 drops them; an
# upgrade may fill them, e.g. the running totals from the ledger).
LATER = {"customer_changes", "category_periods", "customer_imports", "imported_customers",
         "meter_openings", "ledger_days", "meter_months", "meter_months_basis",
         "purchase_months"}

def test_migrations_match_the_models(db):
    assert migrate.is_current(db.engine)
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={
            "compare_type": True, "include_name": name_search.include_name}), Base.metadata)
    assert diff == []
    with db.write() as s:  # beside the models: the name index, whole (SQLite: its triggers)
        names = name_search.inspect_index(s)
    assert names.problems == [] and names.check.startswith("customer name index ("), names


def test_down_and_up_again(db):
    migrate.downgrade(db.engine, "base")
    assert migrate.current_revision(db.engine) is None
    migrate.upgrade(db.engine)
    assert migrate.is_current(db.engine)


def test_0006_adds_login_failures_to_a_populated_office(db, clock):
    """A working office at 0005 (operators, a lock-out, audit events) gains
    the counter of unknown logins without losing or changing anything."""
    import pytest
    from sqlalchemy import inspect, text

    from tests.conftest import FAST_HASHER, PASSWORD, build_office, table_counts
    from vending_app.core.errors import AuthenticationFailed
    from vending_app.core.station import StationCore
    office = build_office(StationCore(db, "S01", hasher=FAST_HASHER, clock=clock))
    with pytest.raises(AuthenticationFailed):
        office.core.auth.login("seller", "not-the-password")
    db.engine.dispose()
    migrate.downgrade(db.engine, "0005")
    assert "login_failures" not in inspect(db.engine).get_table_names()
    later = LATER | {"login_failures"}  # 0006 and after
    counts = table_counts(db, skip=later)
    with db.engine.connect() as c:
        operators = c.execute(text("SELECT login, failed_attempts, password_hash FROM operators "
                                   "ORDER BY login")).all()
    migrate.upgrade(db.engine)
    assert migrate.is_current(db.engine)
    assert table_counts(db, skip=later) == counts
    with db.engine.connect() as c:
        assert c.execute(text("SELECT login, failed_attempts, password_hash FROM operators "
                              "ORDER BY login")).all() == operators
    core = StationCore(db, "S01", hasher=FAST_HASHER, clock=clock)
    with pytest.raises(AuthenticationFailed, match="Wrong login or password"):
        core.auth.login("nobody", PASSWORD)
    assert table_counts(db)["login_failures"] == 1
    assert core.auth.login("seller", PASSWORD).login == "seller"
    assert core.audit.verify_chain(office.admin).ok


def test_0007_keeps_refunds_at_closing_as_they_were(db, clock):
    """An office at 0006 with a closed account (a refund) gains the customer
    history, the category periods and the refund journal: the old refund
    reads as a finished refund at closing."""
    from sqlalchemy import inspect, text

    from tests.conftest import FAST_HASHER, build_office, open_customer, table_counts
    from vending_app.core.station import StationCore
    office = build_office(StationCore(db, "S01", hasher=FAST_HASHER, clock=clock))
    acc = open_customer(office, "000000000001")
    office.core.accounts.close_account(office.clerk, acc, {"000000000001": "0"}, "moved away")
    db.engine.dispose()
    migrate.downgrade(db.engine, "0006")
    assert "customer_changes" not in inspect(db.engine).get_table_names()
    counts = table_counts(db, skip=LATER)
    migrate.upgrade(db.engine)
    assert table_counts(db, skip=LATER) == counts
    with db.engine.connect() as c:
        assert c.execute(text("SELECT kind, status, first_seq FROM refunds")).all() == [
            ("close", "done", None)]


def test_0009_keeps_the_chain_and_turns_parameter_card_thresholds_to_primary(db, clock):
    """At 0006 a parameter card's threshold was secondary kWh (1.20 on a 150/5
    meter); 0009 makes it primary (36.00) and back; the chain, unsealed after
    the upgrade, still verifies and is sealed at the first unlock."""
    from decimal import Decimal as D

    from sqlalchemy import select

    from cards.keystore import CardKeyVault
    from db.models import AuditEvent, JobStatus, Meter, ToolCard, ToolCardKind
    from tests.conftest import FAST_HASHER, build_office, open_customer
    from vending_app.core.station import StationCore
    office = build_office(StationCore(db, "S01", hasher=FAST_HASHER, clock=clock,
                                      key_vault=CardKeyVault()))
    open_customer(office, "000000000031", meter_type="three_phase_ct", ct="150/5")
    with db.write() as s:
        m = s.scalar(select(Meter))
        s.add(ToolCard(serial="t1", kind=ToolCardKind.PARAMETER, meter_id=m.id, key_version=1,
                       status=JobStatus.DONE, threshold_kwh=D("36.00")))
    db.engine.dispose()
    migrate.downgrade(db.engine, "0006")
    with db.engine.connect() as c:
        assert c.exec_driver_sql("SELECT low_balance_threshold_kwh FROM meters").scalar() == 120
    migrate.upgrade(db.engine)
    with db.read() as s:
        assert s.scalar(select(Meter.low_balance_threshold_kwh)) == D("36.00")
        assert s.scalar(select(ToolCard.threshold_kwh)) == D("36.00")
    core = StationCore(db, "S01", hasher=FAST_HASHER, clock=clock, key_vault=CardKeyVault())
    report = core.audit.verify_chain(office.admin)
    assert report.ok
    core.keys.create_version(office.admin, "a long key passphrase")
    core.keys.unlock(office.admin, "a long key passphrase")
    with db.read() as s:
        assert '"first":true' in s.scalar(select(AuditEvent.detail).where(
            AuditEvent.action == "audit_seal"))
    assert core.audit.verify_chain(office.admin).unsealed == 0


def test_0011_indexes_the_names_an_office_has(db, clock):
    """An office at 0010 with customers gains the name index filled with
    them (SQLite: the FTS table; PostgreSQL: the GIN index), and loses it
    again going down, its customers untouched."""
    from sqlalchemy import inspect, text

    from tests.conftest import FAST_HASHER, build_office, open_customer, table_counts
    from vending_app.core.station import StationCore
    office = build_office(StationCore(db, "S01", hasher=FAST_HASHER, clock=clock))
    for i, name in enumerate(["Ouyang Xiaoxue", "欧阳娜娜", "Li Lei"], 1):
        open_customer(office, f"{i:012d}", name=name)
    db.engine.dispose()
    migrate.downgrade(db.engine, "0010")
    sqlite = db.backend == "sqlite"
    assert "customer_names" not in inspect(db.engine).get_table_names()
    assert name_search.PG_INDEX not in {i["name"] for i in
                                        inspect(db.engine).get_indexes("customers")}
    from db.models import Base
    later = {t.name for t in Base.metadata.sorted_tables} - set(inspect(db.engine)
                                                               .get_table_names())
    counts = table_counts(db, skip=later)  # the tables later revisions add are not there yet
    migrate.upgrade(db.engine)
    assert table_counts(db, skip=later) == counts
    with db.write() as s:
        assert name_search.inspect_index(s).problems == []
        if sqlite:  # the FTS table itself holds them, not only the customers
            assert s.execute(text("SELECT name FROM customer_names WHERE customer_names "
                                  "MATCH '\"阳娜娜\"'")).scalars().all() == ["欧阳娜娜"]
        assert [s.scalar(text("SELECT name FROM customers WHERE id = :i"), {"i": i})
                for i in name_search.fragment_ids(s, "YANG X", 50)] == ["Ouyang Xiaoxue"]
    core = StationCore(db, "S01", hasher=FAST_HASHER, clock=clock)
    assert [r.name for r in core.accounts.search(office.clerk, "阳娜娜")] == ["欧阳娜娜"]


def test_0014_indexes_the_short_pieces_of_the_names_an_office_has(db, clock):
    """An office at 0013 with customers gains the index of their names'
    pieces of one and two characters (SQLite), filled with them: `db check`
    finds it whole, and the search by two characters answers from it;
    going down drops it and its triggers, the customers untouched."""
    from sqlalchemy import inspect, text

    from db import name_grams
    from tests.conftest import FAST_HASHER, build_office, open_customer, table_counts
    from vending_app.core.station import StationCore
    office = build_office(StationCore(db, "S01", hasher=FAST_HASHER, clock=clock))
    for i, name in enumerate(["Ouyang Xiaoxue", "欧阳娜娜", "Li Lei", "ÉCOLE Ému"], 1):
        open_customer(office, f"{i:012d}", name=name)
    db.engine.dispose()
    migrate.downgrade(db.engine, "0013")
    sqlite = db.backend == "sqlite"
    with db.engine.connect() as c:
        assert name_grams.TABLE not in inspect(c).get_table_names()
        assert not sqlite or c.execute(text("SELECT count(*) FROM sqlite_master WHERE name "
                                            "LIKE 'customer_name_grams%'")).scalar() == 0
    counts = table_counts(db)
    migrate.upgrade(db.engine)
    assert table_counts(db) == counts
    with db.write() as s:
        assert name_search.inspect_index(s).problems == []
        if sqlite:  # the table itself holds them, each piece once, in lower case
            assert s.execute(text("SELECT gram FROM customer_name_grams WHERE name = '欧阳娜娜' "
                                  "ORDER BY gram")).scalars().all() == sorted(
                                      ["欧", "阳", "娜", "欧阳", "阳娜", "娜娜"])
            assert s.scalar(text("SELECT count(*) FROM customer_name_grams WHERE gram = 'é'")) == 0
        assert [s.scalar(text("SELECT name FROM customers WHERE id = :i"), {"i": i})
                for i in name_search.fragment_ids(s, "ÉM", 50)] == ["ÉCOLE Ému"]
    core = StationCore(db, "S01", hasher=FAST_HASHER, clock=clock)
    assert [r.name for r in core.accounts.search(office.clerk, "娜娜")] == ["欧阳娜娜"]
    assert [r.name for r in core.accounts.search(office.clerk, "xI")] == ["Ouyang Xiaoxue"]


def test_0013_fills_the_meters_months_from_the_reports_already_read(office, db):
    """An office at 0010 with a year of meter reports gains each meter's
    months as line loss computes them, for this machine's zone (the
    station's clock unless it is given another), and names that zone."""
    from datetime import UTC, datetime, timedelta
    from decimal import Decimal

    from sqlalchemy import func, insert, inspect, select

    from db.models import Meter, MeterMonth, MeterReading
    from tests.conftest import open_customer
    from vending_app.core import meter_months
    for i in range(3):
        open_customer(office, f"{770000 + i:012d}", team=("T1", "T2")[i % 2])
    with db.read() as s:
        meters = list(s.scalars(select(Meter.id).order_by(Meter.id)))
    start = datetime(2025, 11, 3, 7, tzinfo=UTC)
    rows = [dict(meter_id=m, card_id=None, read_at=start + timedelta(days=d + 5 * k),
                 station_code="S01", authentic=d != 150, counter=d, last_seq=0,
                 remaining_kwh=Decimal(0), cumulative_kwh=Decimal(d * (k + 3)).scaleb(-1),
                 events=0, trips=0, meter_time=start, key_version=1, illegal_cards=0)
            for k, m in enumerate(meters) for d in range(0, 365, 25)]
    db.engine.dispose()
    migrate.downgrade(db.engine, "0010")
    assert "meter_months" not in inspect(db.engine).get_table_names()
    with db.write() as s:
        s.execute(insert(MeterReading), rows)
    migrate.upgrade(db.engine)
    local = datetime.now().astimezone().tzinfo
    with db.read() as s:
        assert meter_months.basis(s) == meter_months.zone_name(local)
        assert meter_months.problems(s, local) == []
        assert s.scalar(select(func.count()).select_from(MeterMonth)) >= 30


def test_0012_counts_the_months_of_an_office_at_0010(db):
    """The office of the 0010 upgrade fixture (its sales) gets its
    meters' monthly purchases from the sales it holds, equal to the
    recomputation that ``db check`` runs; a downgrade drops them."""
    from sqlalchemy import text

    from tests.upgrade_fixtures import fixtures, load
    from vending_app.core import purchase_months
    migrate.downgrade(db.engine, "base")
    load(db.engine, "0010", fixtures()["0010"])
    with db.engine.connect() as c:
        sold = c.execute(text("SELECT COUNT(*) FROM sales WHERE kind = 'sale' "
                              "AND status = 'committed'")).scalar()
    migrate.upgrade(db.engine)
    with db.read() as s:
        assert purchase_months.problems(s) == []
        assert s.execute(text("SELECT SUM(purchases) FROM purchase_months")).scalar() == sold > 0
    db.engine.dispose()
    migrate.downgrade(db.engine, "0010")
    with db.engine.connect() as c:
        assert "purchase_months" not in c.dialect.get_table_names(c)
