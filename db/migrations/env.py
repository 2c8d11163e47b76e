"""Alembic environment: uses the engine the station hands over, or
VENDING_DB_URL when run through the alembic command line."""

from alembic import context

from db.engine import make_engine
from db.models import Base
from db.name_search import include_name
from db.types import ScaledDecimal, UTCDateTime

config = context.config
target_metadata = Base.metadata


def render_item(type_, obj, autogen_context):
    """Migrations describe what is stored: integers and plain datetimes, not
    the Python-side decorators (which can change without a migration)."""
    if type_ == "type" and isinstance(obj, ScaledDecimal):
        return "sa.BigInteger()"
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


def _sqlite_foreign_keys(connection, on: bool) -> None:
    """SQLite can only switch foreign keys outside a transaction, so on the
    DBAPI connection before the migration's transaction begins."""
    connection.connection.dbapi_connection.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def _check_foreign_keys(connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"the migration left rows pointing nowhere: {broken[:5]}")


def run_migrations_online() -> None:
    engine = config.attributes.get("engine") or make_engine()
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # A batch migration copies a table, drops the old one and renames
            # the copy: with foreign keys on, dropping a table that a populated
            # office's rows point to fails. They are off while the migrations
            # run and checked before their transaction commits.
            _sqlite_foreign_keys(connection, False)
            # Our engine starts transactions itself; make this one a write.
            connection = connection.execution_options(vending_write=True)
        try:
            _run(connection, sqlite)
        finally:
            if sqlite:
                _sqlite_foreign_keys(connection, True)


def _run(connection, sqlite: bool) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=render_item,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()
        if sqlite:
            _check_foreign_keys(connection)
    if connection.in_transaction():
        connection.commit()


run_migrations_online()
