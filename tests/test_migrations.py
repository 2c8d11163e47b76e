"""Every schema change is a migration: the migrated schema is exactly the
models', on both backends, and the migrations go down and up again."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from db import migrate
from db.models import Base

# Tables that migrations after 0006 make (a downgrade to 0006 drops them; an
# upgrade may fill them, e.g. the running totals from the ledger).
LATER = {"customer_changes", "category_periods", "customer_imports", "imported_customers",
         "meter_openings", "ledger_days", "purchase_months"}

def test_migrations_match_the_models(db):
    assert migrate.is_current(db.engine)
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                Base.metadata)
    assert diff == []


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
