"""First run: a new office's first station, a second station joining the
office's database, and a fresh install importing the office's keys."""

from __future__ import annotations

import pytest

from cards.keystore import CardKeyVault
from db.engine import Database
from vending_app.core.errors import AuthenticationFailed, ValidationError
from vending_app.core.startup import load_config
from vending_app.core.station import StationCore
from vending_app.setup import SetupRequest, first_run

KEY_PASS = "the-office-key-passphrase"


def test_first_station_then_a_second_one_joins_the_same_database(backend, db_url, tmp_path):
    cfg = tmp_path / "a.json"
    done = first_run(SetupRequest(db_url, "s01", "Counter 1", "boss", "The Boss", "boss-pass-1",
                                  KEY_PASS), cfg)
    assert done.created_admin and done.keys == [1] and load_config(cfg).station == "S01"
    assert cfg.stat().st_mode & 0o077 == 0  # the server address may hold a password
    with pytest.raises(ValidationError, match="first administrator"):
        first_run(SetupRequest(f"sqlite:///{tmp_path / 'x.sqlite3'}", "S09", "Lonely"),
                  tmp_path / "x.json")
    with pytest.raises(ValidationError, match="an administrator signs in"):
        first_run(SetupRequest(db_url, "S02", "Counter 2"), tmp_path / "b.json")
    joined = first_run(SetupRequest(db_url, "S02", "Counter 2", operator_login="boss",
                                    operator_password="boss-pass-1"), tmp_path / "b.json")
    assert not joined.created_admin and joined.keys == []  # the office's keys are there
    db = Database(db_url)
    core = StationCore(db, "S02", key_vault=CardKeyVault())
    boss = core.auth.login("boss", "boss-pass-1")
    names = {v.code: v.name for v in core.stations.monitor(boss).stations}
    assert names == {"S01": "Counter 1", "S02": "Counter 2"}
    assert core.keys.unlock(boss, KEY_PASS).versions == [1]
    db.dispose()


def test_a_fresh_install_imports_the_office_keys_from_their_backup(office, tmp_path):
    office.core.keys.create_version(office.admin, KEY_PASS)
    office.core.keys.create_version(office.admin, KEY_PASS)
    done = office.core.safety.backup(office.admin, tmp_path / "db", tmp_path / "keys")
    fresh = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    with pytest.raises(AuthenticationFailed):
        first_run(SetupRequest(fresh, "S05", "New PC", "root1", "Root", "root-pass-1",
                               "wrong-passphrase!", done.keys_path), tmp_path / "c.json")
    # the failed attempt stored no key; running the set-up again is fine
    result = first_run(SetupRequest(fresh, "S05", "New PC", "root1", "Root", "root-pass-1",
                                    KEY_PASS, done.keys_path), tmp_path / "c.json")
    assert result.keys == [1, 2]
    db = Database(fresh)
    core = StationCore(db, "S05", key_vault=CardKeyVault())
    ring = core.keys.unlock(core.auth.login("root1", "root-pass-1"), KEY_PASS)
    assert ring.versions == [1, 2]
    db.dispose()


def setup_events(db_url: str) -> list[tuple[str, str, str]]:
    from sqlalchemy import select

    from db.models import AuditEvent
    db = Database(db_url)
    with db.read() as s:
        rows = s.execute(select(AuditEvent.action, AuditEvent.operator_login, AuditEvent.entity_id)
                         .where(AuditEvent.action.in_(["station_setup", "station_rename"]))
                         .order_by(AuditEvent.id)).all()
    db.dispose()
    return [tuple(r) for r in rows]


def test_setup_on_an_office_with_operators_signs_in_and_is_audited(run_cli, tmp_path):
    """Renaming the station through setup needed no sign-in and left no trace."""
    env = {"VENDING_KEY_PASSPHRASE": "key-pass-phrase-1", "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    run_cli("setup", "--name", "Counter 1", "--admin", "boss", **env)  # a new office: allowed
    assert setup_events(url)[-1] == ("station_setup", "boss", "S01")
    p = run_cli("setup", "--name", "Renamed", ok=False, VENDING_OPERATOR="", **env)
    assert p.returncode == 2 and "an administrator signs in" in p.stderr
    run_cli("--operator", "boss", "operator", "add", "--login", "cl", "--name", "Clerk",
            "--role", "clerk", VENDING_NEW_PASSWORD="clerk-pass-1", **env)
    p = run_cli("--operator", "cl", "setup", "--name", "Renamed", ok=False,
                VENDING_PASSWORD="clerk-pass-1", **env)
    assert p.returncode == 2 and "A clerk may not do this" in p.stderr
    run_cli("--operator", "boss", "setup", "--name", "Renamed", **env)
    assert setup_events(url)[-2:] == [("station_rename", "boss", "S01"),
                                      ("station_setup", "boss", "S01")]
    out = run_cli("--operator", "boss", "station", "list", **env).stdout
    assert "S01,Renamed" in out
