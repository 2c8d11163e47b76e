"""The station's schema upgrades, as the operator sees them.

Every way in that migrates an existing database (the window's start, the
headless start, ``db upgrade``, the first-run set-up joining an office,
a restore of an older backup) goes through ``upgrade_database``: a verified
backup first, in the station's backup folder, and the backup put back when a
migration fails. The storage work is ``db.safe_upgrade``; this adds where
the station keeps its backups and the operator's messages.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from db import maintenance
from db.safe_upgrade import NewerDatabase, UpgradeFailed, UpgradeOutcome, safe_upgrade
from vending_app.core.errors import DatabaseUnusable, Note, StateError
from vending_app.core.startup import backup_folder, remember_backup_folder

log = logging.getLogger(__name__)


class UpgradeRestored(StateError):
    """A migration failed and the database was put back as it was."""


def upgrade_folder(engine, station: str) -> Path:
    """Where the backup before an upgrade goes: the station's backup.folder
    parameter (its own, else the office's), else the folder of its last
    backup, else the data folder's. The parameter is read with plain SQL:
    the database is still at its old schema."""
    try:
        with engine.connect() as conn:
            rows = dict(conn.execute(text(
                "SELECT scope, value FROM settings WHERE key = 'backup.folder' "
                "AND scope IN ('', :code)"), {"code": station.upper()}).all())
    except SQLAlchemyError:
        rows = {}
    chosen = rows.get(station.upper()) or rows.get("")
    return Path(chosen).expanduser() if chosen else backup_folder()


def upgrade_database(engine, station: str) -> UpgradeOutcome:
    """Bring the database to the code's schema safely; the errors say what
    happened to the office's database."""
    try:
        outcome = safe_upgrade(engine, upgrade_folder(engine, station), station)
    except UpgradeFailed as e:
        log.error("upgrade failed: %s", e)
        if e.restored:
            raise UpgradeRestored(e.template, **e.params) from None
        raise DatabaseUnusable(e.template, **e.params) from None
    except NewerDatabase as e:
        raise StateError(e.template, **e.params) from None
    except (maintenance.MaintenanceError, OSError) as e:  # no backup could be taken: nothing ran
        raise StateError("The database was not upgraded: the backup before the upgrade could "
                         "not be made ({error}). Free some space or set backup.folder, then "
                         "start again.", error=str(e)) from None
    if outcome.backup is not None:
        remember_backup_folder(station, outcome.backup.path.parent)
        log.info("upgraded %s -> %s; backup before it: %s", outcome.from_revision,
                 outcome.to_revision, outcome.backup.path)
    return outcome


def upgrade_note(outcome: UpgradeOutcome | None) -> Note | None:
    """What the operator is told after an upgrade that changed a database."""
    if outcome is None or outcome.backup is None:
        return None
    return Note("The database was upgraded from schema {old} to {new}. A verified backup of "
                "it as it was is at {backup}.", old=outcome.from_revision,
                new=outcome.to_revision, backup=str(outcome.backup.path))
