"""Opening the station's database safely, and the station's own set-up file.

A station remembers where its database is and that it was set up (a small
JSON file in the user's configuration folder, written by the first-run
set-up). A station that was set up and finds its SQLite file gone does not
create an empty one in its place: it says so and offers the latest backup.
A file that fails SQLite's quick check is not sold on either.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import platformdirs
from sqlalchemy.engine import make_url

from db import maintenance
from db.engine import APP_NAME, ENV_URL, default_sqlite_path, resolve_url
from vending_app.core.errors import (
    DatabaseLocked,
    DatabaseUnusable,
    DiskFull,
    PermissionDenied,
    StorageReadOnly,
)


@dataclass(frozen=True)
class StationConfig:
    station: str
    name: str
    db_url: str
    set_up_at: str = ""
    # Where this station last wrote a backup: a damaged database cannot say
    # where its backup.folder setting pointed, so the set-up file keeps it.
    backup_folder: str = ""


def documents_dir() -> Path:
    """Where reports are saved: the user's documents folder, in the product's
    own subfolder (made on first use)."""
    folder = platformdirs.user_documents_path() / APP_NAME
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def data_dir() -> Path:
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def default_database_path() -> Path:
    """Where a one-counter station keeps its database file."""
    return default_sqlite_path()


def list_backups(folder: Path) -> list[maintenance.BackupInfo]:
    """The readable backups in ``folder``, newest first (for the recovery path)."""
    return maintenance.list_backups(folder)


def needs_setup(url: str) -> bool:
    """A fresh install: no database file yet, or a database with no operators."""
    from sqlalchemy import func, select

    from db import migrate
    from db.engine import Database
    from db.models import Operator
    path = maintenance.sqlite_path(url)
    if path is not None and not path.exists():
        return True
    db = Database(url)
    try:
        if migrate.current_revision(db.engine) is None:
            return True
        with db.read() as s:
            return not s.scalar(select(func.count(Operator.id)))
    except Exception:  # noqa: BLE001 - damaged or unreachable: the recovery path says which
        return False
    finally:
        db.dispose()


def default_backups() -> Path:
    return data_dir() / "backups"


def default_key_backups() -> Path:
    return data_dir() / "key-backups"


def config_path() -> Path:
    return platformdirs.user_config_path(APP_NAME, appauthor=False) / "station.json"


def load_config(path: Path | None = None) -> StationConfig | None:
    path = path or config_path()
    try:
        return StationConfig(**json.loads(path.read_text()))
    except FileNotFoundError:
        return None
    except (ValueError, TypeError) as e:
        raise DatabaseUnusable("The station's set-up file {path} cannot be read ({error}). "
                               "Fix or remove it and run the set-up again.",
                               path=str(path), error=str(e)) from None


def save_config(config: StationConfig, path: Path | None = None) -> Path:
    path = path or config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not config.set_up_at:
        config = StationConfig(**{**asdict(config), "set_up_at": datetime.now(UTC).isoformat()})
    tmp = path.with_suffix(".tmp")
    # An office-server address may carry its password: readable by this
    # user only, like libpq's own password file.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(json.dumps(asdict(config), indent=1))
    os.chmod(tmp, 0o600)
    tmp.replace(path)
    return path


def backup_folder(config: StationConfig | None = None) -> Path:
    """Where to look for this station's backups when its database cannot be
    asked: the folder of its last backup, else the default one."""
    config = config if config is not None else _quiet_config()
    if config and config.backup_folder:
        return Path(config.backup_folder)
    return default_backups()


def remember_backup_folder(station: str, folder: Path) -> None:
    """Note the folder of a backup in this machine's set-up file, if the file
    is this station's. Best effort: a backup is not failed for it."""
    config = _quiet_config()
    folder = Path(folder).resolve()
    if config is None or config.station.upper() != station.upper() \
            or config.backup_folder == str(folder):
        return
    with contextlib.suppress(OSError):
        save_config(StationConfig(**{**asdict(config), "backup_folder": str(folder)}))


def _quiet_config() -> StationConfig | None:
    try:
        return load_config()
    except DatabaseUnusable:
        return None


def station_url(explicit: str | None, config: StationConfig | None) -> str:
    """--db, else VENDING_DB_URL, else the set-up file's, else the local file."""
    if explicit or os.environ.get(ENV_URL):
        return resolve_url(explicit)
    return config.db_url if config else resolve_url(None)


def check_database(url, creating: bool = False) -> None:
    """Refuse a missing file of a station that was set up, a damaged one, and
    one the station cannot write. Each says what to do about it; only a
    damaged or missing file calls for a restore.
    ``creating``: the caller is about to create the database (set-up, db upgrade)."""
    try:
        maintenance.open_check(make_url(str(url)) if isinstance(url, str) else url)
    except maintenance.MissingDatabase as e:
        if load_config() is not None:
            raise DatabaseUnusable(
                "The database file {path} is missing. The station will not start an empty one "
                "in its place. Restore the latest good backup: in the window choose Restore, or "
                "run 'vending-station-cli db restore --latest'.", path=str(e)) from None
        if not creating:
            raise DatabaseUnusable("There is no database at {path} yet: set up the station, or "
                                   "run 'vending-station-cli db upgrade'.", path=str(e)) from None
    except maintenance.MaintenanceError as e:
        raise storage_unusable(e) from None


def storage_unusable(e: maintenance.MaintenanceError) -> DatabaseUnusable:
    """The operator's message for each way the storage can fail."""
    if isinstance(e, maintenance.StorageFull):
        return DiskFull(
            "The disk that holds the database is full ({detail}). Nothing is sold until there "
            "is room: free some space on that disk, then start again. The database is not "
            "damaged: do not restore it.", detail=str(e))
    if isinstance(e, maintenance.StorageReadOnly):
        return StorageReadOnly(
            "The database cannot be written: the file or its folder is read-only ({detail}). "
            "Make it writable for the station's user (or mount the disk read-write), then "
            "start again. The database is not damaged: do not restore it.", detail=str(e))
    if isinstance(e, maintenance.StorageLocked):
        return DatabaseLocked(
            "Another program holds the database locked ({detail}). Close it (another copy of "
            "the station, a backup or database tool), then try again. The database is not "
            "damaged: do not restore it.", detail=str(e))
    return DatabaseUnusable(
        "The database is damaged ({detail}). The station will not sell on it. Restore the "
        "latest good backup: in the window choose Restore, or run 'vending-station-cli db "
        "restore --latest --replace' (the damaged file is kept aside, not deleted).",
        detail=str(e))


def open_station(url, station: str, creating: bool = False, key_vault=None):
    """The way a station starts: check the database (nothing created over a
    missing or damaged file), bring it to the current schema, open the core
    (with the card layer's ``key_vault``, see StationCore)."""
    from db.engine import Database
    from vending_app.core.station import StationCore
    from vending_app.core.upgrades import upgrade_database, upgrade_note
    check_database(url, creating)
    db = Database(url)
    try:
        outcome = upgrade_database(db.engine, station)
    except Exception:
        db.dispose()
        raise
    core = StationCore(db, station, key_vault=key_vault)
    core.upgrade_note = upgrade_note(outcome)
    return core


@dataclass(frozen=True)
class RestoreLoss:
    """What restoring a backup over a working database takes out of the books."""

    backup: maintenance.BackupInfo
    sales: int
    events: int


def restore_loss(backup: Path, url) -> RestoreLoss | None:
    """What a restore over the database at ``url`` would lose, from the
    backup manifest's row counts and audit head against the live database.
    None when there is no working database there (missing, damaged, empty):
    the recovery path, which needs no sign-in since nothing can be checked.
    A full, read-only or locked database is refused: a restore fixes none."""
    try:
        check_database(url)
    except (DiskFull, StorageReadOnly, DatabaseLocked):
        raise
    except DatabaseUnusable:
        return None
    info = _manifest(backup)
    from db.engine import make_engine
    engine = make_engine(str(url))
    try:
        rows = maintenance.row_counts(engine)
        if "audit_head" not in rows:
            return None
        head, _ = maintenance.audit_head(engine)
    finally:
        engine.dispose()
    return RestoreLoss(info, max(0, rows.get("sales", 0) - info.rows.get("sales", 0)),
                       max(0, head - info.audit_event_id))


def _manifest(backup: Path) -> maintenance.BackupInfo:
    try:
        return maintenance.read_manifest(Path(backup))
    except maintenance.MaintenanceError as e:
        raise DatabaseUnusable("The restore did not happen: {error}", error=e) from None


def _restored_actor(db, actor, station: str):
    """Who restored, as the restored books know them: the operator's row may
    be newer than the backup, so the login names them in any case."""
    from sqlalchemy import select

    from db.models import Operator
    from vending_app.core.actor import Actor, system_actor
    from vending_app.core.station import register_station
    sid = register_station(db, station)
    if actor is None:
        return system_actor(sid, station.upper())
    with db.read() as s:
        op_id = s.scalar(select(Operator.id).where(Operator.login == actor.login))
    return Actor(op_id, actor.login, actor.full_name, actor.role, sid, station.upper())


def restore_backup(backup: Path, url, station: str, replace: bool, actor=None,
                   loss: RestoreLoss | None = None):
    """Restore a backup where the station looks for its database, bring it
    to the current schema, verify its audit chain, and record the restore in
    it, naming the operator who asked (``actor``; the station itself on the
    recovery path) and what it replaced (``loss``).
    Returns (the backup's manifest, where a replaced file was kept)."""
    from db.engine import Database
    from vending_app.core import audit
    from vending_app.core.upgrades import upgrade_database
    if replace and actor is None and restore_loss(backup, url) is not None:
        raise PermissionDenied(
            "This database works: a restore over it rolls the books back to the backup. An "
            "administrator signs in for that: vending-station-cli --operator LOGIN db restore "
            "--replace --yes.")
    try:
        info, moved = maintenance.restore(Path(backup), url, replace=replace)
    except maintenance.MaintenanceError as e:
        raise DatabaseUnusable("The restore did not happen: {error}", error=e) from None
    db = Database(str(url))
    try:
        upgrade_database(db.engine, station)
        with db.read() as s:
            chain = audit.verify(s)
        if not chain.ok:
            raise DatabaseUnusable("The backup was restored, but its audit chain is broken at "
                                   "event {at}: {reason}. Restore an older backup.",
                                   at=chain.broken_at, reason=chain.reason)
        who = _restored_actor(db, actor, station)
        with db.write() as s:
            audit.append(s, who, "db_restore", "backup", info.path.name, {
                "made_at": info.made_at.isoformat(), "rows": info.total_rows,
                "sha256": info.sha256, "kept_aside": str(moved) if moved else None,
                "replaced_working_database": loss is not None,
                "lost_sales": loss.sales if loss else None,
                "lost_events": loss.events if loss else None})
    finally:
        db.dispose()
    return info, moved, chain.checked
