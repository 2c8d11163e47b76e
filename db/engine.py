"""Engine and session set-up for the embedded SQLite file or a shared
PostgreSQL server.

The database is chosen by one setting: an explicit URL, else the
``VENDING_DB_URL`` environment variable, else a SQLite file in the user's
data directory. SQLite runs in WAL mode with foreign keys on; write
transactions start with ``BEGIN IMMEDIATE`` so two writers never deadlock
on a lock upgrade, while reads stay concurrent.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import platformdirs
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

ENV_URL = "VENDING_DB_URL"
APP_NAME = "vending-station"


def default_sqlite_path() -> Path:
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "station.sqlite3"


def resolve_url(url: str | None = None) -> str:
    if url:
        return url
    if os.environ.get(ENV_URL):
        return os.environ[ENV_URL]
    return f"sqlite:///{default_sqlite_path()}"


def _sqlite_events(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions start.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA journal_mode=WAL")
        # FULL, not WAL's usual NORMAL: with NORMAL a commit is durable only
        # after the next checkpoint, so a power cut could lose a sale whose
        # card was already written, and the customer's purchase would not be
        # in the books. FULL syncs the log at every commit; a sale costs one
        # fsync more, which a counter never notices.
        cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        mode = "IMMEDIATE" if conn.get_execution_options().get("vending_write") else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str | None = None, **kwargs) -> Engine:
    url = resolve_url(url)
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:":
            Path(u.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            u, connect_args={"timeout": 30, "check_same_thread": False}, **kwargs
        )
        _sqlite_events(engine)
        return engine
    return create_engine(u, pool_pre_ping=True, **kwargs)


def _locked_rows_read_fresh(state) -> None:
    """A row locked FOR UPDATE is the row as it is once the lock is held.

    The ORM returns an object already in the session as it was first read,
    even when the locking SELECT brought newer values (PostgreSQL's READ
    COMMITTED: another counter committed while this one waited for the
    lock). A meter's purchase sequence read that way would be stale, so
    every locking read in a write transaction refreshes what it loads.
    Pending changes are flushed before the query runs (autoflush), so none
    is lost. SQLAlchemy has no public accessor for a statement's FOR UPDATE.
    """
    if state.is_select and getattr(state.statement, "_for_update_arg", None) is not None:
        state.update_execution_options(populate_existing=True)


class Database:
    """The one entry to storage: short read and write transactions.

    ``thread_check``: called at the start of every transaction when set. The
    window's tests set it to refuse a transaction begun by the window's own
    code on the GUI thread (a query there freezes the counter)."""

    thread_check: Callable[[], None] | None = None
    # Seals audit events when this process holds the unlocked keys (set by
    # the core's key service; core/audit_seal.py): None while they are locked.
    audit_sealer: Callable | None = None

    def __init__(self, url: str | None = None, engine: Engine | None = None):
        self.engine = engine or make_engine(url)
        self.url = self.engine.url
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(
            self.engine.execution_options(vending_write=True), expire_on_commit=False
        )
        event.listen(self._write, "do_orm_execute", _locked_rows_read_fresh)

    @property
    def backend(self) -> str:
        return self.engine.url.get_backend_name()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A transaction that commits at the end of the block, or rolls back."""
        if Database.thread_check is not None:
            Database.thread_check()
        with self._write() as session, session.begin():
            session.info["audit_sealer"] = self.audit_sealer  # core/audit.py SEALER
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        if Database.thread_check is not None:
            Database.thread_check()
        with self._read() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
