"""Integrity checks, compaction, and a damaged or missing database file at
start: detected, refused, and recovered from the latest backup."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import update

from db.engine import Database
from db.maintenance import sqlite_path
from db.models import AuditEvent, Meter, Sale, SaleStatus
from tests.conftest import CLI_PASSWORD, open_customer
from tests.lan.test_backup_restore import busy_office
from vending_app.core.errors import DatabaseUnusable
from vending_app.core.sales import SaleRequest
from vending_app.core.station import StationCore


def test_the_check_finds_nothing_on_a_sound_office_and_compacts(office, card):
    busy_office(office, card)
    report = office.core.safety.check(office.admin)
    assert report.ok, report.problems
    assert any("audit chain" in c for c in report.checks)
    assert "card sequences and receipt numbers" in report.checks
    before, after = office.core.safety.compact(office.admin)
    assert (before is None) == (office.core.db.backend == "postgresql")
    assert office.core.safety.check(office.admin, full=False).ok


def test_the_check_reports_a_skipped_sequence_and_an_edited_audit_event(office, card):
    busy_office(office, card)
    with office.core.db.write() as s:
        s.execute(update(Meter).where(Meter.number == "000000000022")
                  .values(purchase_seq=Meter.purchase_seq + 1))
    report = office.core.safety.check(office.admin)
    assert [p for p in report.problems if p.startswith("meter 000000000022: sequence 3")]
    with office.core.db.write() as s:
        s.execute(update(AuditEvent).where(AuditEvent.id == 5).values(detail='{"edited":1}'))
    report = office.core.safety.check(office.admin)
    assert [p for p in report.problems if p.startswith("audit chain broken at event 5")]


def test_sqlite_foreign_key_orphans_are_found(office, card, backend):
    if backend != "sqlite":  # the server enforces foreign keys itself; nothing to plant
        return
    busy_office(office, card)
    path = office.core.db.url.database
    con = sqlite3.connect(path)
    con.execute("PRAGMA foreign_keys=OFF")
    con.execute("UPDATE sales SET customer_id = 99999 WHERE id = 1")
    con.commit()
    con.close()
    report = office.core.safety.check(office.admin)
    assert any("points to a missing customers" in p for p in report.problems)


def damage_a_page(path: str, table: str) -> None:
    """Overwrite the middle of one of ``table``'s b-tree pages with noise,
    as a failing disk sector would."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    con.close()
    with open(path, "r+b") as f:
        f.seek((root - 1) * page_size + 8)
        f.write(bytes((i * 37 + 11) % 256 for i in range(page_size // 2)))


def test_a_damaged_page_is_detected_at_start_and_nothing_is_sold(run_cli, tmp_path):
    run_cli("db", "upgrade")
    run_cli("demo", "seed", "--password", CLI_PASSWORD)
    run_cli("--operator", "admin", "db", "backup", "--folder", str(tmp_path / "bk"))
    run_cli("--operator", "seller", "shift", "open", "--float", "10")
    path = str(tmp_path / "cli.sqlite3")
    damage_a_page(path, "customers")

    p = run_cli("--operator", "seller", "quote", "000000000001", "--kwh", "10", ok=False)
    assert p.returncode == 2 and "Traceback" not in p.stderr
    assert "The database is damaged" in p.stderr and "will not sell on it" in p.stderr
    assert "db restore --latest --replace" in p.stderr
    with pytest.raises(DatabaseUnusable, match="damaged"):
        StationCore(Database(f"sqlite:///{path}"), "S01")

    p = run_cli("db", "restore", "--latest", "--folder", str(tmp_path / "bk"), "--replace")
    assert "kept as" in p.stdout
    kept = [f for f in tmp_path.iterdir() if ".before-restore-" in f.name]
    assert kept and kept[0].stat().st_size > 0  # the damaged file is kept for the record
    out = run_cli("--operator", "seller", "quote", "000000000001", "--kwh", "10").stdout
    assert "kWh" in out


def test_a_missing_file_of_a_set_up_station_is_not_replaced_by_an_empty_one(run_cli, tmp_path):
    db_file = tmp_path / "office" / "station.sqlite3"
    env = {"VENDING_DB_URL": f"sqlite:///{db_file}", "VENDING_KEY_PASSPHRASE": "key-pass-phrase-1",
           "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    run_cli("setup", "--name", "Counter 1", "--admin", "boss", **env)
    run_cli("--operator", "boss", "db", "backup", "--folder", str(tmp_path / "bk"), **env)
    db_file.unlink()
    for args in (["--operator", "boss", "station", "list"], ["db", "upgrade"]):
        p = run_cli(*args, ok=False, **env)
        assert p.returncode == 2 and "is missing" in p.stderr and "db restore" in p.stderr
        assert not db_file.exists()
    # the set-up file remembers where the last backup went: no --folder needed
    run_cli("db", "restore", "--latest", **env)
    assert "S01" in run_cli("--operator", "boss", "station", "list", **env).stdout


def test_a_committed_sale_without_its_audit_event_is_reported(office, card):
    """A sale and its audit event commit together; one without the other
    means a write was lost or the books were edited."""
    busy_office(office, card)
    with office.core.db.write() as s:  # the pending sale of meter 21, committed by hand
        s.execute(update(Sale).where(Sale.status == SaleStatus.PENDING)
                  .values(status=SaleStatus.COMMITTED))
    report = office.core.safety.check(office.admin)
    assert [p for p in report.problems if "is committed, but the audit log has no commit" in p]


def test_closing_a_shift_moves_the_log_into_the_database_file(office, card, backend, db_url):
    office.core.shifts.open(office.seller, "10")
    open_customer(office, "000000000031")
    office.core.sales.sell(office.seller, SaleRequest("000000000031", kwh="5"), card)
    wal = Path(str(sqlite_path(db_url) or "") + "-wal")
    assert backend == "postgresql" or wal.stat().st_size > 0
    office.core.shifts.close(office.seller, "10", "counted for the test")
    assert backend == "postgresql" or wal.stat().st_size == 0
