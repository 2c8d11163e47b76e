"""Backups and restores on SQLite and PostgreSQL: every row comes back, the
audit chain stays valid, nothing already there is overwritten."""

from __future__ import annotations

import json
import zipfile

import pytest
from sqlalchemy import select

from db import maintenance
from db.engine import Database
from db.models import AuditEvent, BackupRecord, Base
from db.scratch import scratch_database
from tests.conftest import CLI_PASSWORD, meter_applied, open_customer, pg_url
from vending_app.core import audit
from vending_app.core.safety import sequence_problems
from vending_app.core.sales import SaleRequest

KEY_PASS = "office-key-passphrase"


def every_row(db: Database) -> dict[str, list[tuple]]:
    with db.read() as s:
        return {t.name: sorted(tuple(map(repr, r)) for r in s.execute(select(t)))
                for t in Base.metadata.sorted_tables}


def busy_office(office, card) -> None:
    """Sales, a pending one, a key, a message: rows in most tables."""
    office.core.keys.create_version(office.admin, KEY_PASS)
    office.core.shifts.open(office.seller, "50")
    for i, number in enumerate(["000000000021", "000000000022", "000000000023"]):
        open_customer(office, number, name=f"Customer {i}")
        office.core.sales.sell(office.seller, SaleRequest(number, kwh="25"), card)
        meter_applied(office.core, number)
        office.core.sales.sell(office.seller, SaleRequest(number, amount="30"), card)
    office.core.sales.reserve(office.seller, SaleRequest("000000000021", kwh="3"))
    office.core.messages.send(office.admin, "Tariff", "New prices from the 1st", kind="notice")


@pytest.fixture
def fresh_target(backend, tmp_path):
    """Where a fresh install's database would be: a new file, or an empty
    database on the server."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh' / 'station.sqlite3'}"
        return
    url, drop = scratch_database(pg_url(), "vending_restore")
    yield url
    drop()


def test_backup_and_restore_onto_a_fresh_install_reproduce_every_row(
        office, card, tmp_path, fresh_target):
    busy_office(office, card)
    before = every_row(office.core.db)
    done = office.core.safety.backup(office.admin, tmp_path / "backups", tmp_path / "keys")
    assert done.backup.path.parent == tmp_path / "backups"
    # the keys went to their own folder, still wrapped under the passphrase
    keys = json.loads(done.keys_path.read_text())
    assert done.keys_path.parent == tmp_path / "keys" and len(keys["keys"]) == 1
    assert KEY_PASS not in done.keys_path.read_text()
    with office.core.db.read() as s:
        rec = s.scalar(select(BackupRecord))
        assert rec.sha256 == done.backup.sha256 and rec.rows == done.backup.total_rows
    # the station keeps selling after the backup: the restore has the backup's state
    office.core.sales.sell(office.seller, SaleRequest("000000000022", kwh="4"), card)

    info, moved = maintenance.restore(done.backup.path, fresh_target)
    assert moved is None and info.total_rows == sum(len(v) for v in before.values())
    restored = Database(fresh_target)
    assert every_row(restored) == before
    with restored.read() as s:
        chain = audit.verify(s)
        assert chain.ok and chain.checked == len(before["audit_events"])
        assert sequence_problems(s) == []
    restored.dispose()


def test_a_restore_never_overwrites_and_a_damaged_backup_is_refused(office, card, tmp_path,
                                                                  backend, db_url):
    busy_office(office, card)
    b = office.core.safety.backup(office.admin, tmp_path / "b", tmp_path / "k").backup
    with pytest.raises(maintenance.MaintenanceError, match="never overwrites"):
        maintenance.restore(b.path, db_url)
    # a damaged copy: the payload's bytes changed (the zip's own CRC says so too)
    bad = tmp_path / "bad.vbk"
    with zipfile.ZipFile(b.path) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename != "manifest.json":
                data = data[:2000] + bytes(x ^ 0xFF for x in data[2000:2100]) + data[2100:]
            dst.writestr(item, data)
    with pytest.raises(maintenance.MaintenanceError, match="damaged"):
        maintenance.restore(bad, db_url.replace("station.sqlite3", "other.sqlite3")
                            if backend == "sqlite" else db_url)
    if backend == "sqlite":  # --replace keeps the one that was there, under a dated name
        office.core.sales.sell(office.seller, SaleRequest("000000000023", kwh="4"), card)
        office.core.db.dispose()
        info, moved = maintenance.restore(b.path, db_url, replace=True)
        assert moved.exists() and ".before-restore-" in moved.name
        kept = Database(f"sqlite:///{moved}")
        with kept.read() as s:
            assert audit.verify(s).checked > info.audit_event_id  # the newer sale is in it
        kept.dispose()


def test_backup_from_the_command_line_and_restore_latest(run_cli, tmp_path):
    run_cli("db", "upgrade")
    run_cli("demo", "seed", "--password", CLI_PASSWORD)
    run_cli("--operator", "seller", "shift", "open", "--float", "10")
    kp = {"VENDING_KEY_PASSPHRASE": KEY_PASS}
    run_cli("--operator", "admin", "keys", "create", **kp)
    p = run_cli("--operator", "admin", "db", "backup", "--folder", str(tmp_path / "bk"),
                "--keys-folder", str(tmp_path / "kk"))
    assert "backup " in p.stdout and "vending keys" in p.stdout
    key_file = next((tmp_path / "kk").iterdir())
    p = run_cli("--operator", "admin", "keys", "import", str(key_file), **kp)
    assert "none (all were here already)" in p.stdout
    p = run_cli("--operator", "admin", "keys", "import", str(key_file), ok=False,
                VENDING_KEY_PASSPHRASE="not-the-passphrase")
    assert p.returncode == 2 and "Wrong key passphrase" in p.stderr
    listed = run_cli("db", "backups", "--folder", str(tmp_path / "bk")).stdout
    assert listed.startswith("file,made_at") and ".vbk" in listed
    p = run_cli("db", "restore", "--latest", "--folder", str(tmp_path / "bk"), ok=False)
    assert p.returncode == 2 and "--replace" in p.stderr
    p = run_cli("--operator", "admin", "db", "restore", "--latest", "--folder",
                str(tmp_path / "bk"), "--replace", "--yes")
    assert "audit chain intact" in p.stdout and "kept as" in p.stdout
    assert "the database is sound" in run_cli("--operator", "admin", "db", "check").stdout
    assert "compacted" in run_cli("--operator", "admin", "db", "compact").stdout


def test_a_restore_over_a_working_database_needs_an_administrator_and_yes(run_cli, tmp_path):
    """It rolls the books back to the backup: who asked, what goes, and a
    confirmation, all before anything moves; the audit event names them."""
    run_cli("db", "upgrade")
    run_cli("demo", "seed", "--password", CLI_PASSWORD)
    run_cli("--operator", "admin", "db", "backup", "--folder", str(tmp_path / "bk"))
    run_cli("--operator", "seller", "shift", "open", "--float", "10")  # happens after it
    db_file = tmp_path / "cli.sqlite3"
    restore = ("db", "restore", "--latest", "--folder", str(tmp_path / "bk"), "--replace")
    p = run_cli(*restore, ok=False, VENDING_OPERATOR="")
    assert p.returncode == 2 and "sign in with --operator" in p.stderr
    p = run_cli("--operator", "finance", *restore, "--yes", ok=False)
    assert p.returncode == 2 and "A finance may not do this" in p.stderr
    p = run_cli("--operator", "admin", *restore, ok=False)
    assert p.returncode == 2 and "run the restore again with --yes" in p.stderr
    assert "replaces a working database: 0 sale(s) and" in p.stdout
    assert not [f for f in tmp_path.iterdir() if ".before-restore-" in f.name]
    p = run_cli("--operator", "admin", *restore, "--yes")
    assert "kept as" in p.stdout
    db = Database(f"sqlite:///{db_file}")
    with db.read() as s:
        ev = s.scalars(select(AuditEvent).where(AuditEvent.action == "db_restore")).one()
        assert ev.operator_login == "admin" and ev.operator_id is not None
        assert '"replaced_working_database":true' in ev.detail.replace(" ", "")
    db.dispose()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)  # PostgreSQL: never a non-empty one
def test_the_recovery_path_cannot_replace_a_working_database(office, tmp_path, db_url):
    """The window's recovery dialog restores without a sign-in: only over a
    database that is missing or damaged, never over one that works."""
    from vending_app.core.errors import PermissionDenied
    from vending_app.core.startup import restore_backup
    b = office.core.safety.backup(office.admin, tmp_path / "bk").backup
    office.core.db.dispose()
    with pytest.raises(PermissionDenied, match="This database works"):
        restore_backup(b.path, db_url, "S01", replace=True)
    assert not [f for f in tmp_path.iterdir() if ".before-restore-" in f.name]
