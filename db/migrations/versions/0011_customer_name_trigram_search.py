"""customer search: a trigram index for name fragments

A fragment of a name ('%wei3%') cannot use the B-tree on customers.name, so
every search scanned all the names. A trigram index answers it from the
fragment's three-character pieces instead.

SQLite: an FTS5 table with the trigram tokenizer (rowid = customers.id)
kept in step with customers by triggers, filled here from the customers
there are. PostgreSQL: pg_trgm's GIN index on customers.name, which the
search's ILIKE uses by itself. A server that refuses CREATE EXTENSION (a
database user without the right) still upgrades: the index is left out, a
warning says so, and the search scans as before (`db check` says so too,
and `db reindex` makes the index once the extension is there).

The statements are frozen here; db/name_search.py holds the live copies
(its rebuild) and must keep to the same names.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""
import logging

from alembic import op
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)

SQLITE_TABLE = ("CREATE VIRTUAL TABLE customer_names USING "
                "fts5(name, tokenize = 'trigram case_sensitive 0')")
SQLITE_TRIGGERS = [
    """CREATE TRIGGER customer_names_ai AFTER INSERT ON customers BEGIN
  INSERT INTO customer_names (rowid, name) VALUES (new.id, new.name);
END""",
    """CREATE TRIGGER customer_names_ad AFTER DELETE ON customers BEGIN
  DELETE FROM customer_names WHERE rowid = old.id;
END""",
    """CREATE TRIGGER customer_names_au AFTER UPDATE OF id, name ON customers BEGIN
  DELETE FROM customer_names WHERE rowid = old.id;
  INSERT INTO customer_names (rowid, name) VALUES (new.id, new.name);
END""",
]
PG_INDEX = "ix_customers_name_trgm"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        _require_trigram(bind)
        op.execute(SQLITE_TABLE)
        for trigger in SQLITE_TRIGGERS:
            op.execute(trigger)
        op.execute("INSERT INTO customer_names (rowid, name) SELECT id, name FROM customers")
    elif bind.dialect.name == "postgresql":
        schema = _pg_trgm(bind)
        if schema is None:
            return
        ops = f"{bind.dialect.identifier_preparer.quote(schema)}.gin_trgm_ops"
        op.execute(f"CREATE INDEX {PG_INDEX} ON customers USING gin (name {ops})")


def _require_trigram(bind) -> None:
    """The trigram tokenizer came with SQLite 3.34; FTS5 may be left out of a
    build. Say which, rather than 'no such module' at the first new customer."""
    try:
        bind.exec_driver_sql("CREATE VIRTUAL TABLE temp.trigram_probe USING "
                             "fts5(x, tokenize = 'trigram case_sensitive 0')")
        bind.exec_driver_sql("DROP TABLE temp.trigram_probe")
    except DBAPIError as e:
        version = bind.exec_driver_sql("SELECT sqlite_version()").scalar()
        raise RuntimeError(
            f"This Python's SQLite ({version}) has no FTS5 trigram tokenizer ({e.orig}): the "
            "customer search needs SQLite 3.34 or later built with FTS5. Run the station "
            "with a Python whose sqlite3 module has it.") from None


def _pg_trgm(bind) -> str | None:
    """The schema of pg_trgm, installing it when it is missing and the
    server lets this user; None (with a warning) when it cannot be had."""
    schema = bind.scalar(text("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n "
                              "ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'"))
    if schema is not None:
        return schema
    available = bind.scalar(text("SELECT count(*) FROM pg_available_extensions "
                                 "WHERE name = 'pg_trgm'"))
    if not available:
        log.warning("PostgreSQL has no pg_trgm extension (the contrib package): the customer "
                    "search by name scans every name. Install it, then run 'db reindex'.")
        return None
    try:
        with bind.begin_nested():  # a refusal must not abort the upgrade's transaction
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DBAPIError as e:
        log.warning("The database user may not create the pg_trgm extension (%s): the "
                    "customer search by name scans every name. Ask the database's "
                    "administrator to run CREATE EXTENSION pg_trgm in this database, then run "
                    "'db reindex'.", str(e.orig).strip().splitlines()[0])
        return None
    return _pg_trgm(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in ("customer_names_au", "customer_names_ad", "customer_names_ai"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS customer_names")
    elif bind.dialect.name == "postgresql":
        # pg_trgm stays: something else in the database may use it, and
        # dropping it needs its owner, who may not be this user.
        op.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")
