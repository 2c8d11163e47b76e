"""Backup, restore, integrity checks and compaction, on SQLite and PostgreSQL.

A backup is one file (``.vbk``, a zip): ``manifest.json`` says what it holds
(backend, schema revision, every table's row count, the audit chain's head,
the payload's SHA-256) and the payload is either a SQLite copy taken with
SQLite's online backup API (a consistent snapshot while the station keeps
selling) or a ``pg_dump`` archive. Restoring checks the payload's digest,
restores into a new place, checks that every table holds the rows the
manifest counted, and only then puts the result where the station looks.
Nothing is overwritten: a database that is there already is refused, or,
when the operator asks for it, moved aside under a dated name.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, func, inspect, select, text
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import DBAPIError

from db import migrate
from db.models import AuditHead, Base
from db.storage import (  # noqa: F401 - the storage checks, also reached from here
    STORAGE_CODES,
    DamagedDatabase,
    MaintenanceError,
    MissingDatabase,
    StorageFull,
    StorageLocked,
    StorageReadOnly,
    checkpoint,
    error_code,
    open_check,
    pragma_lines,
    sqlite_path,
    storage_error,
    storage_room,
)

FORMAT = "vending-backup/1"
PAYLOAD = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made_at: datetime
    backend: str
    revision: str
    station: str
    rows: dict[str, int]
    audit_event_id: int
    audit_hash: str
    sha256: str
    size_bytes: int

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


@dataclass
class CheckReport:
    """What an integrity check found; ``problems`` empty means all is well."""

    checks: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def libpq_url(url: URL) -> str:
    """The URL pg_dump and pg_restore understand (no SQLAlchemy driver part)."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _count_rows(conn: Connection) -> dict[str, int]:
    names = set(inspect(conn).get_table_names())
    return {t.name: conn.scalar(select(func.count()).select_from(t))
            for t in Base.metadata.sorted_tables if t.name in names}


def _read_head(conn: Connection) -> tuple[int, str]:
    row = conn.execute(select(AuditHead.last_event_id, AuditHead.last_hash)
                       .where(AuditHead.id == 1)).first()
    return (row[0], row[1]) if row else (0, "")


def row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return _count_rows(conn)


def _audit_head(engine: Engine) -> tuple[int, str]:
    with engine.connect() as conn:
        return _read_head(conn)


def audit_head(engine: Engine) -> tuple[int, str]:
    """The audit chain's last event id and hash in a live database."""
    return _audit_head(engine)


def _run(cmd: list[str], what: str) -> None:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True)
    except FileNotFoundError:
        raise MaintenanceError("{tool} is not installed: install the PostgreSQL client tools "
                               "(Debian: postgresql-client).", tool=cmd[0]) from None
    if done.returncode:
        raise MaintenanceError("{tool} failed ({what}): {detail}", tool=cmd[0], what=what,
                               detail=done.stderr.strip()[-400:])


# --- backup ------------------------------------------------------------------

def backup(engine: Engine, dest: Path, station: str = "") -> BackupInfo:
    """Write a backup of the whole database to ``dest`` (a .vbk file)."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    if dest.exists():
        raise MaintenanceError("{path} exists already: a backup never overwrites a file.",
                               path=str(dest))
    backend = engine.url.get_backend_name()
    with tempfile.TemporaryDirectory(dir=dest.parent, prefix=".backup-") as tmp:
        payload = Path(tmp) / PAYLOAD[backend]
        if backend == "sqlite":
            _sqlite_snapshot(engine, payload)
            snap = create_engine(f"sqlite:///{payload}")
            try:
                rows, head, revision = row_counts(snap), _audit_head(snap), \
                    migrate.current_revision(snap)
            finally:
                snap.dispose()
        else:
            rows, head, revision = _pg_dump(engine, payload)
        digest = _sha256(payload)
        made_at = datetime.now(UTC)
        manifest = {"format": FORMAT, "backend": backend, "revision": revision,
                    "made_at": made_at.isoformat(), "station": station, "rows": rows,
                    "audit_event_id": head[0], "audit_hash": head[1], "sha256": digest,
                    "payload": payload.name}
        partial = Path(tmp) / "backup.vbk"
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as z:
            z.writestr("manifest.json", json.dumps(manifest, indent=1))
            z.write(payload, payload.name, zipfile.ZIP_DEFLATED if backend == "sqlite"
                    else zipfile.ZIP_STORED)
        with open(partial, "rb") as f:
            os.fsync(f.fileno())
        os.replace(partial, dest)  # a backup is complete or absent, never half-written
    return read_manifest(dest)


def _pg_dump(engine: Engine, payload: Path) -> tuple[dict[str, int], tuple[int, str], str]:
    """pg_dump and the manifest's counts read the same snapshot: this
    transaction exports it and stays open while pg_dump runs, so stations
    can keep selling and the counts still describe exactly what was dumped."""
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            snapshot = conn.scalar(text("SELECT pg_export_snapshot()"))
            rows, head = _count_rows(conn), _read_head(conn)
            revision = conn.scalar(text("SELECT version_num FROM alembic_version"))
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                  f"--snapshot={snapshot}", f"--file={payload}", libpq_url(engine.url)],
                 "back up the database")
    return rows, head, revision


def _sqlite_snapshot(engine: Engine, payload: Path) -> None:
    src_path = sqlite_path(engine.url)
    src = sqlite3.connect(str(src_path), timeout=30)
    dst = sqlite3.connect(str(payload))
    try:
        src.backup(dst, pages=4096)  # in steps, so a counter's write waits briefly at most
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()


def read_manifest(path: Path) -> BackupInfo:
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as z:
            m = json.loads(z.read("manifest.json"))
            size = z.getinfo(m["payload"]).file_size
    except FileNotFoundError:
        raise MaintenanceError("There is no backup file {path}.", path=str(path)) from None
    except (zipfile.BadZipFile, KeyError, ValueError):
        raise MaintenanceError("{path} is not a station backup, or it is damaged.",
                               path=str(path)) from None
    if m.get("format") != FORMAT:
        raise MaintenanceError("{path} is a backup in an unknown format ({format}).",
                               path=str(path), format=m.get("format"))
    return BackupInfo(path, datetime.fromisoformat(m["made_at"]), m["backend"], m["revision"],
                      m.get("station", ""), m["rows"], m["audit_event_id"], m["audit_hash"],
                      m["sha256"], size)


def list_backups(folder: Path) -> list[BackupInfo]:
    """The readable backups in ``folder``, newest first."""
    found = []
    for p in sorted(Path(folder).glob("*.vbk")):
        try:
            found.append(read_manifest(p))
        except MaintenanceError:
            continue
    return sorted(found, key=lambda b: b.made_at, reverse=True)


# --- restore -----------------------------------------------------------------

def _extract(info: BackupInfo, into: Path) -> Path:
    payload = into / PAYLOAD[info.backend]
    try:
        with zipfile.ZipFile(info.path) as z, z.open(payload.name) as src, \
                open(payload, "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
    except OSError as e:
        if e.errno:  # the disk here, not the backup
            raise MaintenanceError("The backup cannot be unpacked here: {error}. Free some "
                                   "space and try again.", error=e.strerror) from None
        raise MaintenanceError("The backup {name} is damaged ({error}): restore an older "
                               "backup.", name=info.path.name, error=str(e)) from None
    except zipfile.BadZipFile as e:
        raise MaintenanceError("The backup {name} is damaged ({error}): restore an older "
                               "backup.", name=info.path.name, error=str(e)) from None
    if _sha256(payload) != info.sha256:
        raise MaintenanceError("The backup {name} is damaged (its content does not match its "
                               "digest): restore an older backup.", name=info.path.name)
    return payload


def restore(backup_path: Path, url: str | URL, replace: bool = False) -> tuple[BackupInfo, Path | None]:
    """Restore a backup into the database at ``url``. Returns the backup's
    manifest and, when an existing SQLite file was moved aside, where it went."""
    info = read_manifest(backup_path)
    target = make_url(url) if isinstance(url, str) else url
    backend = target.get_backend_name()
    if backend != info.backend:
        raise MaintenanceError("This is a {kind} backup; the station's database is {backend}. "
                               "Restore it into a {kind} database.", kind=info.backend,
                               backend=backend)
    if backend == "sqlite":
        return info, _restore_sqlite(info, sqlite_path(target), replace)
    _restore_postgres(info, target)
    return info, None


def _restore_sqlite(info: BackupInfo, path: Path, replace: bool) -> Path | None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".restore-") as tmp:
        payload = _extract(info, Path(tmp))
        eng = create_engine(f"sqlite:///{payload}")
        try:
            _check_counts(eng, info)
        finally:
            eng.dispose()
        moved = None
        if path.exists():
            if not replace:
                raise MaintenanceError(
                    "{path} exists: a restore never overwrites a database. Choose to replace it "
                    "(--replace): it is moved aside under a dated name, and the backup is "
                    "restored in its place.", path=str(path))
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            moved = path.with_name(f"{path.name}.before-restore-{stamp}")
            for suffix in ("", "-wal", "-shm"):
                side = Path(str(path) + suffix)
                if side.exists():
                    os.replace(side, Path(str(moved) + suffix))
        os.replace(payload, path)
    return moved


def _restore_postgres(info: BackupInfo, url: URL) -> None:
    eng = create_engine(url)
    try:
        with tempfile.TemporaryDirectory(prefix=".restore-") as tmp:
            payload = _extract(info, Path(tmp))
            if inspect(eng).get_table_names():
                raise MaintenanceError(
                    "The database {name} is not empty: a restore never overwrites one. Create "
                    "an empty database (createdb) and restore into it.", name=url.database)
            _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
                  f"--dbname={libpq_url(url)}", str(payload)], "restore the database")
        _check_counts(eng, info)
    finally:
        eng.dispose()


def _check_counts(engine: Engine, info: BackupInfo) -> None:
    if _audit_head(engine) != (info.audit_event_id, info.audit_hash):
        raise MaintenanceError("The restored audit chain does not end where the backup says.")
    counts = row_counts(engine)
    short = {t: (n, counts.get(t)) for t, n in info.rows.items() if counts.get(t) != n}
    if short:
        raise MaintenanceError("The restored copy does not hold what the backup counted: "
                               "{tables}", tables=str(short))


# --- integrity and compaction ----------------------------------------------------

def check_storage(engine: Engine, full: bool = True) -> CheckReport:
    """The storage layer's own checks: pages and indexes, foreign keys."""
    report = CheckReport()
    if engine.url.get_backend_name() == "sqlite":
        pragma = "integrity_check" if full else "quick_check"
        try:
            found = pragma_lines(sqlite_path(engine.url), pragma)
            report.checks.append(f"PRAGMA {pragma}")
            with engine.connect() as conn:
                if found != ["ok"]:
                    report.problems += [f"{pragma}: {f}" for f in found[:20]]
                fks = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                report.checks.append("PRAGMA foreign_key_check")
                report.problems += [f"row {r[1]} of {r[0]} points to a missing {r[2]}"
                                    for r in fks[:20]]
        except DBAPIError as e:  # the file itself cannot be read
            report.problems.append(f"the database file cannot be read: {e.orig}")
        except sqlite3.Error as e:
            report.problems.append(f"the database file cannot be read: {e}")
        return report
    with engine.connect() as conn:
        report.checks.append("foreign keys (orphans)")
        for table in Base.metadata.sorted_tables:
            for fk in table.foreign_key_constraints:
                (col,), (ref,) = fk.columns, [e.column for e in fk.elements]
                orphans = conn.scalar(text(
                    f'SELECT count(*) FROM "{table.name}" c WHERE c."{col.name}" IS NOT NULL '
                    f'AND NOT EXISTS (SELECT 1 FROM "{ref.table.name}" p '
                    f'WHERE p."{ref.name}" = c."{col.name}")'))
                if orphans:
                    report.problems.append(f"{orphans} rows of {table.name}.{col.name} point "
                                           f"to a missing {ref.table.name}")
    return report


def compact(engine: Engine) -> tuple[int | None, int | None]:
    """VACUUM: returns the file's size before and after (SQLite), else None."""
    path = sqlite_path(engine.url)
    if path is None:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
        return None, None
    before = path.stat().st_size
    con = sqlite3.connect(str(path), timeout=30, isolation_level=None)  # VACUUM: no transaction
    try:
        con.execute("VACUUM")
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
    return before, path.stat().st_size
