"""Upgrading an office's database without risking it.

Before the migrations touch a database that already holds a station's
books, a backup is written (the same ``.vbk`` the station's backups are) and
verified: its payload is unpacked again and must match its digest, and a
SQLite copy must hold every row the manifest counted (a PostgreSQL archive
must list every table's data). Only then do the migrations run. When one
fails, the backup is put back: on SQLite the half-migrated file is kept aside
and the backup's copy takes its place; on PostgreSQL the tables are dropped
and the archive restored in one transaction, so the office's database is
either the old one again or untouched. Either way the result is checked
against the backup's manifest (schema revision, every table's rows, the audit
chain's head) before the station says the database is as it was.

Migrations on both backends run in one transaction, so most failures roll
back on their own; the restore is still done every time, because a step may
have committed part of its work (an index built outside the transaction).
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Engine, create_engine

from db import maintenance, migrate


@dataclass(frozen=True)
class UpgradeOutcome:
    """What an upgrade did. ``backup`` is None when there was nothing to
    keep: a new, empty database, or one already at the code's schema."""

    from_revision: str | None
    to_revision: str
    backup: maintenance.BackupInfo | None

    @property
    def upgraded(self) -> bool:
        return self.from_revision != self.to_revision


class UpgradeFailed(maintenance.MaintenanceError):
    """A migration failed. ``restored`` says whether the database was put back
    from the backup taken before it (and checked); ``backup`` is that file."""

    def __init__(self, template: str, backup_path: Path | None, restored: bool, **params):
        super().__init__(template, **params)
        self.backup, self.restored = backup_path, restored


class NewerDatabase(maintenance.MaintenanceError):
    """The database was migrated by a newer version of the station."""


def _known(revision: str) -> bool:
    try:
        return ScriptDirectory.from_config(migrate.alembic_config()).get_revision(
            revision) is not None
    except CommandError:
        return False


def safe_upgrade(engine: Engine, folder: Path, station: str = "") -> UpgradeOutcome:
    """Bring the database at ``engine`` to the code's schema; a database that
    holds books is backed up into ``folder`` first, and restored if a
    migration fails (UpgradeFailed says which happened)."""
    current, head = migrate.current_revision(engine), migrate.head_revision()
    if current == head:
        return UpgradeOutcome(current, head, None)
    if current is None:  # a new database: nothing in it to lose
        migrate.upgrade(engine)
        return UpgradeOutcome(None, head, None)
    if not _known(current):
        raise NewerDatabase("The database is at schema {revision}, which this version of the "
                            "station does not know (it knows up to {head}): a newer version "
                            "migrated it. Install that version on this computer.",
                            revision=current, head=head)
    info = take_verified_backup(engine, Path(folder), station, current)
    try:
        migrate.upgrade(engine)
    except Exception as e:  # noqa: BLE001 - any failure: the backup goes back
        restore_after_failure(engine, info, current, head, e)
    return UpgradeOutcome(current, head, info)


def take_verified_backup(engine: Engine, folder: Path, station: str,
                         revision: str) -> maintenance.BackupInfo:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    name = f"vending-{station or 'db'}-before-upgrade-{revision}-{stamp}.vbk"
    info = maintenance.backup(engine, folder / name, station)
    verify_backup(info)
    return info


def verify_backup(info: maintenance.BackupInfo) -> None:
    """Unpack the backup again and check it: the digest, then the rows (a
    SQLite copy) or the archive's table of contents (pg_dump)."""
    with tempfile.TemporaryDirectory(dir=info.path.parent, prefix=".verify-") as tmp:
        payload = maintenance._extract(info, Path(tmp))
        if info.backend == "sqlite":
            found = maintenance.pragma_lines(payload, "quick_check")
            if found != ["ok"]:
                raise maintenance.MaintenanceError("The backup {name} fails its check: {detail}",
                                                   name=info.path.name, detail=found[0])
            snap = create_engine(f"sqlite:///{payload}")
            try:
                maintenance._check_counts(snap, info)
            finally:
                snap.dispose()
            return
        listing = _tool(["pg_restore", "--list", str(payload)], "read the backup")
        missing = [t for t in info.rows if f"TABLE DATA public {t} " not in listing]
        if missing:
            raise maintenance.MaintenanceError("The backup {name} lacks the data of {tables}.",
                                               name=info.path.name, tables=", ".join(missing))


def _tool(cmd: list[str], what: str) -> str:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True)
    except FileNotFoundError:
        raise maintenance.MaintenanceError(
            "{tool} is not installed: install the PostgreSQL client tools (Debian: "
            "postgresql-client).", tool=cmd[0]) from None
    if done.returncode:
        raise maintenance.MaintenanceError("{tool} failed ({what}): {detail}", tool=cmd[0],
                                           what=what, detail=done.stderr.strip()[-400:])
    return done.stdout


def restore_after_failure(engine: Engine, info: maintenance.BackupInfo, current: str,
                          head: str, error: Exception) -> None:
    """Put the backup back after a failed migration, check it, and raise
    UpgradeFailed saying what happened (always raises)."""
    params = {"old": current, "new": head, "error": str(error).strip().splitlines()[0][:300],
              "backup": str(info.path)}
    engine.dispose()
    try:
        if info.backend == "sqlite":
            maintenance.restore(info.path, engine.url, replace=True)
        else:
            _restore_postgres_in_place(info, engine)
        engine.dispose()
        _check_restored(engine, info)
    except maintenance.MaintenanceError as e:
        raise UpgradeFailed(
            "The upgrade of the database from schema {old} to {new} failed ({error}), and "
            "putting the backup back failed too ({restore_error}). Do not sell on this "
            "database: restore the backup {backup} (vending-station-cli db restore).",
            info.path, False, restore_error=str(e), **params) from error
    raise UpgradeFailed(
        "The upgrade of the database from schema {old} to {new} failed ({error}). The "
        "database was restored from the backup taken just before ({backup}) and checked: it "
        "is as it was. Keep using the previous version of the station and report this.",
        info.path, True, **params) from error


def _check_restored(engine: Engine, info: maintenance.BackupInfo) -> None:
    revision = migrate.current_revision(engine)
    if revision != info.revision:
        raise maintenance.MaintenanceError("the restored database is at schema {found}, not "
                                           "{expected}", found=revision, expected=info.revision)
    maintenance._check_counts(engine, info)


# Everything the failed migration may have left in the station's schema goes,
# in the same transaction that restores the archive.
_DROP_ALL = """
DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT c.relname, c.relkind FROM pg_class c
           JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
  LOOP
    EXECUTE format(CASE r.relkind WHEN 'v' THEN 'DROP VIEW IF EXISTS %I CASCADE'
                   WHEN 'm' THEN 'DROP MATERIALIZED VIEW IF EXISTS %I CASCADE'
                   WHEN 'S' THEN 'DROP SEQUENCE IF EXISTS %I CASCADE'
                   ELSE 'DROP TABLE IF EXISTS %I CASCADE' END, r.relname);
  END LOOP;
END $$;
"""


def _restore_postgres_in_place(info: maintenance.BackupInfo, engine: Engine) -> None:
    """Drop what is there and restore the archive, in one transaction
    (psql --single-transaction): the database is the backup, or unchanged."""
    url = maintenance.libpq_url(engine.url)
    with tempfile.TemporaryDirectory(prefix=".restore-") as tmp:
        payload = maintenance._extract(info, Path(tmp))
        script, drop = Path(tmp) / "restore.sql", Path(tmp) / "drop.sql"
        _tool(["pg_restore", "--no-owner", "--no-privileges", f"--file={script}",
               str(payload)], "read the backup")
        drop.write_text(_DROP_ALL)
        _tool(["psql", "--no-psqlrc", "--quiet", "--single-transaction", "-v",
               "ON_ERROR_STOP=1", f"--dbname={url}", f"--file={drop}", f"--file={script}"],
              "restore the database")
