"""First run on a fresh install: the one place the window's wizard and
``vending-station-cli setup`` both go through.

It connects to the chosen database (a local file, or the office's
PostgreSQL server that another station may already have set up), brings the
schema to the current version, registers this station under its name,
creates the first administrator (only on an office's first station), sets up
the vending keys (a new key, or the office's keys imported from their
backup) and writes the station's set-up file last, so an interrupted set-up
simply runs again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError

from cards.keystore import KeyStore
from db import migrate
from db.engine import Database
from db.models import Station, VendingKey
from vending_app.core.errors import StateError, ValidationError
from vending_app.core.startup import StationConfig, check_database, save_config
from vending_app.core.station import StationCore, register_station


@dataclass(frozen=True)
class SetupRequest:
    db_url: str
    station: str
    station_name: str
    admin_login: str = ""
    admin_name: str = ""
    admin_password: str = ""
    key_passphrase: str = ""
    import_keys_from: Path | None = None  # else a new key version is created


@dataclass(frozen=True)
class SetupResult:
    station: str
    created_admin: bool
    keys: list[int]
    config_path: Path


def check_station_code(code: str) -> str:
    code = code.strip().upper()
    if not (1 <= len(code) <= 16 and code.replace("-", "").isalnum()):
        raise ValidationError("A station code is 1-16 letters or digits, like S01.")
    return code


def try_connect(url: str) -> str:
    """For the wizard's 'test the connection' button: the server's answer."""
    db = Database(url)
    try:
        with db.engine.connect():
            pass
        rev = migrate.current_revision(db.engine)
    except OperationalError as e:
        raise StateError("Cannot reach the database: {error}", error=str(e.orig).strip()) from None
    finally:
        db.dispose()
    return rev or ""


def first_run(req: SetupRequest, config_file: Path | None = None) -> SetupResult:
    code = check_station_code(req.station)
    if not req.station_name.strip():
        raise ValidationError("Give the station a name, like 'Counter 1'.")
    db = Database(req.db_url)
    try:
        check_database(db.url, creating=True)
        migrate.upgrade(db.engine)
        register_station(db, code, req.station_name.strip())
        with db.write() as s:  # the name typed now wins over an earlier default
            s.execute(update(Station).where(Station.code == code).values(
                name=req.station_name.strip()))
        core = StationCore(db, code)
        created = False
        if not core.auth.has_operators():
            if not (req.admin_login and req.admin_password):
                raise ValidationError("This office has no operators yet: create its first "
                                      "administrator.")
            core.auth.bootstrap_administrator(req.admin_login, req.admin_name or req.admin_login,
                                              req.admin_password)
            created = True
        keys = _keys(core, req)
        path = save_config(StationConfig(code, req.station_name.strip(),
                                         db.url.render_as_string(hide_password=False)),
                           config_file)
        return SetupResult(code, created, keys, path)
    finally:
        db.dispose()


def _keys(core: StationCore, req: SetupRequest) -> list[int]:
    with core.db.read() as s:
        have = list(s.scalars(select(VendingKey.version)))
    if not req.import_keys_from and have:
        return []  # a second station on the office server: the keys are there
    if not req.key_passphrase:
        raise ValidationError("Type the vending key passphrase.")
    if not (req.admin_login and req.admin_password):
        raise ValidationError("Sign in as an administrator to set up the keys.")
    actor = core.auth.login(req.admin_login, req.admin_password)
    store = KeyStore(core)
    if req.import_keys_from:
        return store.import_backup(actor, Path(req.import_keys_from), req.key_passphrase)
    if len(req.key_passphrase) < 12:
        raise ValidationError("The key passphrase needs at least 12 characters.")
    return [store.create_version(actor, req.key_passphrase)]
