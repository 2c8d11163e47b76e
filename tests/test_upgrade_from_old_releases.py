"""An office upgrading from any earlier release keeps every row and its audit
chain, and a migration that fails leaves its database as it was.

The fixtures (tests/fixtures/upgrade/rev-NNNN.sql, scripts/make_upgrade_fixtures.py)
hold a small office's books at each schema revision: sales, cards, shifts,
audit events. Each is loaded into a database at its revision and upgraded to
whatever the code's head is, through the station's own start
(startup.open_station: a verified backup first).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from db import maintenance, migrate, name_search
from db.engine import Database, make_engine
from db.scratch import scratch_database
from tests.conftest import BACKENDS, FAST_HASHER, pg_url
from tests.upgrade_fixtures import fixtures, load, snapshot
from vending_app.core.safety import sequence_problems
from vending_app.core.startup import open_station
from vending_app.core.station import StationCore

ROOT = Path(__file__).resolve().parents[1]
# (table, column) a later migration is allowed to rewrite; none so far.
TRANSFORMED: set[tuple[str, str]] = set()


def empty_database(backend: str, request, tmp_path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'office.sqlite3'}"
    url, drop = scratch_database(pg_url(), "vending_up")
    request.addfinalizer(drop)
    return url


def office_at(revision: str, backend: str, request, tmp_path) -> str:
    url = empty_database(backend, request, tmp_path)
    engine = make_engine(url)
    load(engine, revision, fixtures()[revision])
    return url


def assert_kept(before: dict, after: dict) -> None:
    """Every table of the old schema is there with the same rows; every
    column both schemas have holds the same value."""
    for table, rows in before.items():
        assert table in after, f"{table} is gone"
        assert after[table].keys() == rows.keys(), f"{table}: rows lost or added"
        for key, row in rows.items():
            new = after[table][key]
            changed = {c: (v, new[c]) for c, v in row.items()
                       if c in new and (table, c) not in TRANSFORMED and new[c] != v}
            assert not changed, f"{table} {key}: {changed}"


def test_every_revision_has_a_fixture():
    """A fixture per revision of the chain before the head, none for a
    revision the chain does not know (a new migration: run the script, so
    the revision it replaces as head gets its fixture)."""
    from scripts.make_upgrade_fixtures import revisions
    assert list(fixtures()) == revisions()[:-1]


@pytest.mark.parametrize("revision", list(fixtures()))
@pytest.mark.parametrize("backend", BACKENDS)
def test_an_old_office_upgrades_with_every_row(revision, backend, request, tmp_path,
                                                monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    url = office_at(revision, backend, request, tmp_path)
    engine = make_engine(url)
    before = snapshot(engine)
    engine.dispose()
    core = open_station(url, "S01")
    try:
        assert migrate.current_revision(core.db.engine) == migrate.head_revision()
        assert_kept(before, snapshot(core.db.engine))
        with core.db.read() as s:
            assert sequence_problems(s) == []
        with core.db.write() as s:  # the customers there were are in the name index (0011)
            assert name_search.inspect_index(s).problems == []
            assert name_search.fragment_ids(s, "MEIMEI", 50) == [2]
            assert name_search.fragment_ids(s, "mE", 50) == [2]  # short pieces (0014)
        assert maintenance.check_storage(core.db.engine).ok
        signed = StationCore(core.db, "S01", hasher=FAST_HASHER)  # a cheap rehash at sign-in
        admin = signed.auth.login("admin", "demo-pass")
        chain = signed.audit.verify_chain(admin)
        assert chain.ok and chain.checked == len(before["audit_events"]) + 1  # + the sign-in
        note = core.upgrade_note
    finally:
        core.db.dispose()
    if revision == migrate.head_revision():
        assert note is None  # nothing to upgrade, nothing backed up
        return
    backups = maintenance.list_backups(tmp_path / "data" / "vending-station" / "backups")
    assert [b.revision for b in backups] == [revision]
    assert str(backups[0].path) in note and revision in note


FAILING = '''
import os
from alembic.runtime.migration import MigrationContext

_run = MigrationContext.run_migrations


def _failing(self, **kw):
    _run(self, **kw)
    if os.environ["FORCED_FAILURE"] == "half-committed":
        # like a step that builds an index outside the transaction: what ran is committed
        with self.autocommit_block():
            self.connection.exec_driver_sql("UPDATE customers SET name = 'half-migrated'")
    raise RuntimeError("forced failure in the last migration step")


MigrationContext.run_migrations = _failing
'''


@pytest.mark.parametrize("mode", ["rolled-back", "half-committed"])
@pytest.mark.parametrize("backend", BACKENDS)
def test_a_failed_migration_leaves_the_office_as_it_was(mode, backend, request, tmp_path):
    """`db upgrade` in a process whose last migration step fails: the
    backup goes back, the station says so, and every row is as before."""
    older = [r for r in fixtures() if r != migrate.head_revision()]
    revision = older[-1]
    url = office_at(revision, backend, request, tmp_path)
    engine = make_engine(url)
    before = snapshot(engine)
    engine.dispose()
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(FAILING)
    env = {**os.environ, "PYTHONPATH": f"{hook}{os.pathsep}{ROOT}", "FORCED_FAILURE": mode,
           "XDG_DATA_HOME": str(tmp_path / "data"), "VENDING_DB_URL": url}
    done = subprocess.run([sys.executable, "-m", "vending_app.cli", "db", "upgrade"], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 2, done.stderr
    said = " ".join(done.stderr.split())
    assert "forced failure in the last migration step" in said
    assert "restored from the backup taken just before" in said and "as it was" in said
    backups = maintenance.list_backups(tmp_path / "data" / "vending-station" / "backups")
    assert len(backups) == 1 and str(backups[0].path) in said
    db = Database(url)
    try:
        assert migrate.current_revision(db.engine) == revision
        assert snapshot(db.engine) == before
    finally:
        db.dispose()
