"""The storage under a SQLite station: what its errors mean (a full disk,
a read-only folder, a lock, a damaged file), the checks before it opens,
and the errors backup, restore and checks raise (db/maintenance.py)."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError


class MaintenanceError(Exception):
    """A backup, restore or check could not be done; the text says what to do.
    Like the core's errors it keeps its template apart, for the window to
    translate."""

    def __init__(self, template: str, **params):
        self.template, self.params = template, params
        super().__init__(template.format(**params) if params else template)


class DamagedDatabase(MaintenanceError):
    """The database file is damaged or is not a station database."""


def sqlite_path(url: URL | str) -> Path | None:
    u = make_url(url) if isinstance(url, str) else url
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


# How long a start waits for another program's lock before saying so.
LOCK_WAIT_SECONDS = 30
# Below this much free space a station does not start selling: a sale's
# journal entry, the sale and its audit event must all fit.
MIN_FREE_BYTES = 1 << 20

SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, \
    SQLITE_NOTADB = 5, 6, 8, 11, 13, 14, 26
STORAGE_CODES = {SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_CORRUPT, SQLITE_FULL,
                 SQLITE_CANTOPEN, SQLITE_NOTADB}


def error_code(e: sqlite3.Error) -> int:
    """The primary result code of a SQLite error (0 when it has none)."""
    return (getattr(e, "sqlite_errorcode", 0) or 0) & 0xFF


def _lenient_text(raw: bytes) -> str:
    """A damaged file can put any bytes into quick_check's answer (a table
    name from a broken page): read them as text without failing on them."""
    return raw.decode("utf-8", errors="replace")


def pragma_lines(path: Path, pragma: str, timeout: float | None = None) -> list[str]:
    """The rows of a checking PRAGMA on the file at ``path``, as text,
    whatever bytes a damaged file holds."""
    con = sqlite3.connect(str(path), timeout=LOCK_WAIT_SECONDS if timeout is None else timeout)
    try:
        con.text_factory = _lenient_text
        return [str(r[0]) for r in con.execute(f"PRAGMA {pragma}")]
    except UnicodeDecodeError:  # SQLite's own message quoted the broken bytes
        raise sqlite3.DatabaseError("malformed database: unreadable bytes in its schema or "
                                    "pages") from None
    finally:
        con.close()


def storage_error(e: sqlite3.Error, path: Path) -> MaintenanceError:
    """What a SQLite error says about the storage: a full disk, a read-only
    folder, a lock held by another program, or a damaged file."""
    code = error_code(e)
    params = {"path": str(path), "detail": str(e)}
    if code == SQLITE_FULL:
        return StorageFull("{path}: {detail}", **params)
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return StorageLocked("{path}: {detail}", **params)
    if code == SQLITE_READONLY or (code == SQLITE_CANTOPEN and not _writable(path)):
        return StorageReadOnly("{path}: {detail}", **params)
    return DamagedDatabase("{path}: {detail}", **params)


def _writable(path: Path) -> bool:
    """Root passes chmod, not a read-only mount: access() says both."""
    return os.access(path.parent, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def storage_room(path: Path) -> None:
    """A file the station can write, on a disk with room for a sale."""
    if not _writable(path):
        raise StorageReadOnly("{path}: {detail}", path=str(path),
                              detail="the file or its folder is read-only")
    free = shutil.disk_usage(path.parent).free
    if free < MIN_FREE_BYTES:
        raise StorageFull("{path}: {detail}", path=str(path), detail=f"{free} bytes free")


def checkpoint(engine: Engine) -> bool:
    """Copy SQLite's write-ahead log into the database file and empty it
    (at a shift's close). Best effort: True when the whole log went in; a
    reader that holds an old snapshot only delays it. Nothing to do elsewhere."""
    if sqlite_path(engine.url) is None:
        return True
    try:
        with engine.connect() as conn:
            busy, _frames, _done = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
    except DBAPIError:
        return False
    return not busy


def open_check(url: URL) -> None:
    """Before a station opens a SQLite file: it must exist (a missing file
    is not silently replaced by an empty one), be writable with room to
    spare, and pass a quick check. Each way of failing has its own error."""
    path = sqlite_path(url)
    if path is None:
        return
    if not path.exists():
        raise MissingDatabase("{path}", path=str(path))
    storage_room(path)
    try:
        found = pragma_lines(path, "quick_check")
    except sqlite3.Error as e:
        raise storage_error(e, path) from None
    if found != ["ok"]:
        raise DamagedDatabase("{path}: {detail}", path=str(path), detail="; ".join(found[:3]))


class MissingDatabase(MaintenanceError):
    """The station was set up, but its database file is not there."""


class StorageFull(MaintenanceError):
    """The disk that holds the database has no room left."""


class StorageReadOnly(MaintenanceError):
    """The database file or its folder cannot be written (a read-only disk or mount)."""


class StorageLocked(MaintenanceError):
    """Another program holds the database file locked."""
