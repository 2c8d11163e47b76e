"""What ``--version`` and the window's About say: the station's version and
the schema revision of its database beside the one this release migrates
to. Asking never creates, migrates or changes a database."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from db import maintenance, migrate
from db.engine import Database, resolve_url
from vending_app.version import version


class SchemaState(Enum):
    CURRENT = "current"      # the database is at this release's revision
    OLDER = "older"          # the next start migrates it
    NEWER = "newer"          # written by a later release: this one does not know it
    NO_DATABASE = "none"     # nothing there yet: the first start creates it
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class VersionInfo:
    version: str
    schema_head: str            # the revision this release migrates to
    schema: str | None          # the database's revision (None: none yet, or unreadable)
    state: SchemaState
    database: str               # the URL, password hidden
    detail: str = ""            # why it could not be read

    def lines(self) -> list[str]:
        """Plain English, for the command line (the window words it itself)."""
        schema = {
            SchemaState.CURRENT: f"{self.schema} (current)",
            SchemaState.OLDER: f"{self.schema} (the next start migrates it to {self.schema_head})",
            SchemaState.NEWER: f"{self.schema} (newer than this release's {self.schema_head})",
            SchemaState.NO_DATABASE: f"none yet (the first start creates {self.schema_head})",
            SchemaState.UNREADABLE: f"cannot be read: {self.detail}",
        }[self.state]
        return [f"vending-station {self.version}", f"database: {self.database}",
                f"schema: {schema}"]


def version_info(db: Database) -> VersionInfo:
    """For a station whose database is open."""
    return _info(db, db.url.render_as_string())


def version_info_at(url: str | None) -> VersionInfo:
    """For ``--version``: the database at ``url`` (or the default one), opened
    only if it is there, read and closed again."""
    url = resolve_url(url)
    path = maintenance.sqlite_path(url)
    shown = _hidden(url)
    if path is not None and not path.exists():
        return VersionInfo(version(), migrate.head_revision(), None, SchemaState.NO_DATABASE,
                           shown)
    try:
        db = Database(url)
    except Exception as e:  # noqa: BLE001 - a bad URL is said, not raised, by --version
        return _unreadable(shown, e)
    try:
        return _info(db, shown)
    finally:
        db.dispose()


def _info(db: Database, shown: str) -> VersionInfo:
    head = migrate.head_revision()
    try:
        current = migrate.current_revision(db.engine)
    except Exception as e:  # noqa: BLE001 - unreachable server, damaged file: said, not raised
        return _unreadable(shown, e)
    if current is None:
        return VersionInfo(version(), head, None, SchemaState.NO_DATABASE, shown)
    if current == head:
        state = SchemaState.CURRENT
    elif migrate.knows(current):
        state = SchemaState.OLDER
    else:
        state = SchemaState.NEWER
    return VersionInfo(version(), head, current, state, shown)


def _unreadable(shown: str, e: Exception) -> VersionInfo:
    detail = (str(getattr(e, "orig", e)).splitlines() or [type(e).__name__])[0]
    return VersionInfo(version(), migrate.head_revision(), None, SchemaState.UNREADABLE, shown,
                       detail)


def _hidden(url: str) -> str:
    from sqlalchemy.engine import make_url
    return make_url(url).render_as_string(hide_password=True)
