"""The CLI's small refusals: a command that cannot go on says so in one
line with exit code 2 (1 when a virtual meter refuses a card), never with a
traceback, and never after asking for what it will not use."""

import os
import subprocess
import sys

import pytest

from tests.conftest import CLI_PASSWORD


@pytest.fixture
def headless(tmp_path):
    """The CLI with no terminal at all: stdin is empty and the process has no
    controlling terminal, as under a timer or a script."""
    env = {k: v for k, v in os.environ.items() if k != "VENDING_NEW_PASSWORD"}
    env.update(VENDING_DB_URL=f"sqlite:///{tmp_path / 'cli.sqlite3'}",
               VENDING_PASSWORD=CLI_PASSWORD, XDG_DATA_HOME=str(tmp_path / "data"),
               VENDING_KEY_PASSPHRASE="key-pass-phrase-1")

    def _run(*args, ok=True, **extra):
        p = subprocess.run([sys.executable, "-m", "vending_app.cli", *args],
                           env={**env, **extra}, stdin=subprocess.DEVNULL, capture_output=True,
                           text=True, timeout=120, start_new_session=True)
        if ok:
            assert p.returncode == 0, p.stderr
        return p

    _run("db", "upgrade")
    _run("demo", "seed", "--password", CLI_PASSWORD)
    return _run


def _one_line(p) -> bool:
    return p.stderr.count("\n") == 1 and "Traceback" not in p.stderr


def test_operator_add_checks_the_permission_then_needs_a_password_source(headless):
    p = headless("--operator", "seller", "operator", "add", "--login", "new1", "--name", "N",
                 "--role", "seller", ok=False)
    assert p.returncode == 2 and _one_line(p), p.stderr
    assert "A seller may not do this" in p.stderr and "password" not in p.stderr.lower()
    p = headless("--operator", "admin", "operator", "add", "--login", "new1", "--name", "N",
                 "--role", "seller", ok=False)
    assert p.returncode == 2 and _one_line(p), p.stderr
    assert "VENDING_NEW_PASSWORD" in p.stderr and "EOFError" not in p.stderr
    assert "new1" not in headless("--operator", "admin", "operator", "list").stdout
    headless("--operator", "admin", "operator", "add", "--login", "new1", "--name", "N",
             "--role", "seller", VENDING_NEW_PASSWORD="new-pass-123")
    assert "new1" in headless("--operator", "admin", "operator", "list").stdout


def test_a_station_parameter_applies_whatever_the_case_and_only_to_a_station(headless):
    headless("--operator", "admin", "param", "set", "invoice.paper", "80mm", "--scope", "s01")
    assert "invoice.paper,80mm," in headless("param", "list").stdout
    p = headless("--operator", "admin", "param", "set", "invoice.paper", "a5", "--scope", "S99",
                 ok=False)
    assert p.returncode == 2 and _one_line(p) and "There is no station S99" in p.stderr
    assert "invoice.paper,80mm," in headless("param", "list").stdout


def test_a_card_the_virtual_meter_refuses_exits_1(headless, tmp_path):
    headless("--operator", "admin", "keys", "create")
    headless("--operator", "admin", "meter-sim", "create", "000000000001")
    p = headless("--operator", "admin", "meter-sim", "insert", "000000000001", "blank", ok=False)
    assert p.returncode == 1 and "REFUSED" in p.stdout, (p.stdout, p.stderr)


def test_a_virtual_card_with_no_virtual_reader_to_go_into_says_so(headless, pcsc_ready):
    """A fresh home on a machine whose virtual reader lives in another network
    namespace: the card process cannot reach it. `card insert` must not say
    "inserted"; and a slot taken by another session's card is named."""
    lost = headless("card", "insert", "customer", ok=False, VENDING_VPCD_NETNS="")
    assert lost.returncode == 2 and _one_line(lost), lost.stderr
    assert "found no virtual reader" in lost.stderr and "inserted" not in lost.stdout
    headless("card", "insert", "customer")
    other = headless("card", "insert", "customer", ok=False, XDG_DATA_HOME="/nonexistent-home")
    assert other.returncode == 2 and "Another virtual card is in the virtual reader" in other.stderr
    headless("card", "remove")
