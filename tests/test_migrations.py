"""Every schema change is a migration: the migrated schema is exactly the
models', on both backends, and the migrations go down and up again."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from db import migrate
from db.models import Base


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
    later = {"login_failures", "customer_imports", "imported_customers", "meter_openings"}
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
