"""Each way the storage can fail has its own message and advice: a full
disk, a read-only folder, a file another program holds locked, a damaged
file (random bytes anywhere), a missing file. Only the last two call for a
restore. The full disk and the read-only folder are real: a small tmpfs
mounted inside the test's private mount namespace (scripts/test.sh and the
test wrapper run the suite as root in one)."""

from __future__ import annotations

import errno
import random
import shutil
import sqlite3
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from db import maintenance, storage
from tests.conftest import CLI_PASSWORD
from vending_app.core.errors import (
    DatabaseLocked,
    DatabaseUnusable,
    DiskFull,
    StorageReadOnly,
)
from vending_app.core.startup import check_database

QUOTE = ("--operator", "seller", "quote", "000000000001", "--kwh", "10")


@contextmanager
def tmpfs(where: Path, size: str):
    """A small file system of its own at ``where``, unmounted afterwards."""
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True, text=True)
    if done.returncode:
        pytest.fail(f"cannot mount a tmpfs (run the suite with scripts/test.sh): {done.stderr}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(folder: Path) -> None:
    """Write until the disk says it is full."""
    # Unbuffered: a buffered file would try the failed bytes again when closed.
    with open(folder / "filler", "wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * 4096)
        except OSError as e:
            assert e.errno == errno.ENOSPC


def checkpointed(path: Path) -> Path:
    con = sqlite3.connect(str(path))
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return path


@pytest.fixture
def seeded(run_cli, tmp_path) -> Path:
    """A demo office's SQLite file, whole (no -wal beside it)."""
    run_cli("db", "upgrade")
    run_cli("demo", "seed", "--password", CLI_PASSWORD)
    return checkpointed(tmp_path / "cli.sqlite3")


def no_restore_advice(stderr: str) -> None:
    assert "db restore" not in stderr and "Traceback" not in stderr
    assert "do not restore it" in stderr


def test_a_full_disk_says_free_space_not_restore(run_cli, seeded, tmp_path):
    with tmpfs(tmp_path / "small", "1m") as small:
        db = small / "station.sqlite3"
        shutil.copy(seeded, db)
        fill(small)
        with pytest.raises(DiskFull, match="is full"):
            check_database(f"sqlite:///{db}")
        p = run_cli(*QUOTE, ok=False, VENDING_DB_URL=f"sqlite:///{db}")
        assert p.returncode == 2 and "The disk that holds the database is full" in p.stderr
        assert "free some space" in p.stderr
        no_restore_advice(p.stderr)


def test_a_read_only_folder_says_make_it_writable(run_cli, seeded, tmp_path):
    with tmpfs(tmp_path / "ro", "4m") as ro:
        db = ro / "station.sqlite3"
        shutil.copy(seeded, db)
        subprocess.run(["mount", "-o", "remount,ro", str(ro)], check=True)
        with pytest.raises(StorageReadOnly, match="read-only"):
            check_database(f"sqlite:///{db}")
        p = run_cli(*QUOTE, ok=False, VENDING_DB_URL=f"sqlite:///{db}")
        assert p.returncode == 2 and "the file or its folder is read-only" in p.stderr
        no_restore_advice(p.stderr)


def test_a_file_locked_by_another_program_says_close_it(seeded, monkeypatch):
    monkeypatch.setattr(storage, "LOCK_WAIT_SECONDS", 0.3)  # where the storage checks live
    holder = sqlite3.connect(str(seeded), isolation_level=None)
    try:
        holder.execute("PRAGMA locking_mode=EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("CREATE TABLE held (x)")
        with pytest.raises(DatabaseLocked, match="Another program holds the database locked") \
                as caught:
            check_database(f"sqlite:///{seeded}")
        assert "do not restore it" in str(caught.value)
    finally:
        holder.close()


def test_a_storage_error_in_the_middle_of_a_command_gets_its_own_message(tmp_path):
    from sqlalchemy.exc import OperationalError

    from vending_app.cli.common import database_error as _database_error
    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    for message, code, expect in [("database or disk is full", 13, "is full"),
                                  ("attempt to write a readonly database", 8, "read-only"),
                                  ("database is locked", 5, "holds the database locked")]:
        orig = sqlite3.OperationalError(message)
        orig.sqlite_errorcode = code
        text = _database_error(url, OperationalError("COMMIT", {}, orig))
        assert expect in text and "db restore" not in text
    plain = sqlite3.OperationalError("no such table: x")
    assert "cannot use the database" in _database_error(url, OperationalError("x", {}, plain))


def damage_schema_text(path: Path) -> None:
    """Bytes that are not UTF-8 in a table's name in the schema: SQLite
    quotes the name back in its error message."""
    data = bytearray(path.read_bytes())
    at = data.rindex(b"table", 0, data.index(b"CREATE TABLE")) + len(b"table") + 2
    data[at:at + 3] = b"\x96\xff\xfe"
    path.write_bytes(bytes(data))


def test_bytes_that_are_not_text_in_the_file_read_as_damaged(run_cli, seeded):
    damage_schema_text(seeded)
    with pytest.raises(DatabaseUnusable, match="The database is damaged"):
        check_database(f"sqlite:///{seeded}")
    report = maintenance.check_storage(create_engine(f"sqlite:///{seeded}"))
    assert not report.ok
    p = run_cli(*QUOTE, ok=False)
    assert p.returncode == 2 and "The database is damaged" in p.stderr
    assert "Traceback" not in p.stderr and "UnicodeDecodeError" not in p.stderr


def test_random_damaged_bytes_always_read_as_damaged(sqlite_template, tmp_path):
    """Noise at many offsets (seeded, bounded): the file either still passes
    the quick check or reads as damaged; never a traceback."""
    good = Path(sqlite_template).read_bytes()
    path = tmp_path / "noisy.sqlite3"
    rng = random.Random(1)
    seen = {"ok": 0, "damaged": 0}
    for _ in range(200):
        data = bytearray(good)
        for _ in range(rng.choice([1, 4, 16])):
            data[rng.randrange(len(data))] = rng.randrange(256)
        path.write_bytes(bytes(data))
        try:
            check_database(f"sqlite:///{path}")
            seen["ok"] += 1
        except DatabaseUnusable as e:
            assert type(e) is DatabaseUnusable and "The database is damaged" in str(e), e
            seen["damaged"] += 1
    assert seen["damaged"] >= 20  # the noise did reach the pages


def test_a_committed_sale_whose_invoice_cannot_be_written_is_a_warning(monkeypatch, capsys):
    from vending_app.cli import sales

    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(sales, "deliver_invoice", full)
    sales._after_commit(None, None, "S01-00000007")
    err = capsys.readouterr().err
    assert err.startswith("warning: sale S01-00000007 is committed") and err.count("\n") == 1
    assert "No space left on device" in err and "invoice S01-00000007 --copy" in err


def test_sell_on_a_full_disk_for_documents_exits_0_with_a_warning(run_cli, tmp_path, pcsc_ready):
    env = {"XDG_DATA_HOME": str(tmp_path / "data"), "VENDING_KEY_PASSPHRASE": "key-pass-phrase-1"}
    run_cli("db", "upgrade")
    run_cli("demo", "seed", "--password", CLI_PASSWORD)
    run_cli("--operator", "admin", "keys", "create", **env)
    run_cli("card", "insert", "customer", "--blank", **env)
    try:
        run_cli("--operator", "clerk", "card", "issue", "000000000001", **env)
        run_cli("--operator", "seller", "shift", "open", "--float", "100", **env)
        with tmpfs(tmp_path / "data" / "vending-station" / "documents", "64k") as docs:
            fill(docs)
            p = run_cli("--operator", "seller", "sell", "--kwh", "10", "--tendered", "10", **env)
    finally:
        run_cli("card", "remove", **env)
    assert p.stdout.startswith("receipt S01-00000001: 10.00 kWh")
    assert "warning: sale S01-00000001 is committed, but its invoice was not printed: No " \
           "space left on device" in p.stderr and "Traceback" not in p.stderr
    con = sqlite3.connect(str(tmp_path / "cli.sqlite3"))
    assert con.execute("SELECT count(*) FROM sales WHERE receipt_no = 'S01-00000001'"
                       ).fetchone() == (1,)
    con.close()
