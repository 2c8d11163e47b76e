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

from sqlalchemy.exc import OperationalError

from cards.keystore import CardKeyVault
from db import migrate
from db.engine import Database
from vending_app.core import audit, validation
from vending_app.core.actor import Actor
from vending_app.core.errors import StateError, ValidationError
from vending_app.core.startup import StationConfig, check_database, save_config
from vending_app.core.station import StationCore
from vending_app.core.upgrades import upgrade_database


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
    # An office that has operators: who sets this station up (an
    # administrator). Default: the administrator's login and password above.
    operator_login: str = ""
    operator_password: str = ""


@dataclass(frozen=True)
class SetupResult:
    station: str
    created_admin: bool
    keys: list[int]
    config_path: Path


def check_station_code(code: str) -> str:
    return validation.station_code(code)


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
    """Set the station up. Once the office has operators, an administrator
    signs in for it (the station's name and registry are the office's); on
    a new office the first administrator it creates signs the set-up."""
    code = check_station_code(req.station)
    name = req.station_name.strip()
    if not name:
        raise ValidationError("Give the station a name, like 'Counter 1'.")
    db = Database(req.db_url)
    try:
        check_database(db.url, creating=True)
        upgrade_database(db.engine, code)
        core = StationCore(db, code, key_vault=CardKeyVault())
        actor, created = _signed_in(core, req)
        core.stations.rename(actor, code, name)  # the name typed now wins; audited
        with db.write() as s:
            audit.append(s, actor, "station_setup", "station", code, {
                "name": name, "first_administrator": created})
        keys = _keys(core, req, actor)
        path = save_config(StationConfig(code, name,
                                         db.url.render_as_string(hide_password=False)),
                           config_file)
        return SetupResult(code, created, keys, path)
    finally:
        db.dispose()


def _signed_in(core: StationCore, req: SetupRequest) -> tuple[Actor, bool]:
    """(who sets the station up, whether that is the new first administrator)."""
    if not core.auth.has_operators():
        if not (req.admin_login and req.admin_password):
            raise ValidationError("This office has no operators yet: create its first "
                                  "administrator.")
        core.auth.bootstrap_administrator(req.admin_login, req.admin_name or req.admin_login,
                                          req.admin_password)
        return core.auth.login(req.admin_login, req.admin_password), True
    login = req.operator_login or req.admin_login
    password = req.operator_password or req.admin_password
    if not (login and password):
        raise ValidationError("This office has operators already: an administrator signs in "
                              "to set up a station.")
    return core.auth.login(login, password), False


def _keys(core: StationCore, req: SetupRequest, actor: Actor) -> list[int]:
    have = core.keys.versions()
    if not req.import_keys_from and have:
        return []  # a second station on the office server: the keys are there
    if not req.key_passphrase:
        raise ValidationError("Type the vending key passphrase.")
    if req.import_keys_from:
        return core.keys.import_backup(actor, Path(req.import_keys_from), req.key_passphrase)
    if len(req.key_passphrase) < 12:
        raise ValidationError("The key passphrase needs at least 12 characters.")
    return [core.keys.create_version(actor, req.key_passphrase)]
