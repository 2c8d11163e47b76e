"""``--version`` of both programs: the station's version from its installed
metadata, and the schema revision of the database it would open, which is
read, never created or migrated. (The window's About: tests/ui/test_about.py.)"""

from importlib import metadata

import pytest
from sqlalchemy import text

from db import migrate
from vending_app import app, cli

VERSION = metadata.version("vending-station")


def version_of(main, capsys, *args) -> list[str]:
    assert main([*args, "--version"]) == 0
    return capsys.readouterr().out.splitlines()


def set_revision(db, revision: str) -> None:
    with db.engine.begin() as c:
        c.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})


@pytest.mark.parametrize("main", [cli.main, app.main], ids=["cli", "window"])
def test_no_database_yet_is_said_and_not_created(main, capsys, tmp_path):
    path = tmp_path / "office" / "station.sqlite3"
    lines = version_of(main, capsys, "--db", f"sqlite:///{path}")
    assert lines[0] == f"vending-station {VERSION}"
    assert lines[2] == f"schema: none yet (the first start creates {migrate.head_revision()})"
    assert not path.parent.exists()


def test_the_databases_revision_against_this_releases(db, db_url, capsys):
    head = migrate.head_revision()
    assert version_of(cli.main, capsys, "--db", db_url)[2] == f"schema: {head} (current)"
    set_revision(db, "0005")
    assert version_of(app.main, capsys, "--db", db_url)[2] == (
        f"schema: 0005 (the next start migrates it to {head})")
    set_revision(db, "9999")  # a later release's
    assert version_of(cli.main, capsys, "--db", db_url)[2] == (
        f"schema: 9999 (newer than this release's {head})")
    set_revision(db, head)


def test_the_version_option_needs_no_command_and_hides_the_password(capsys):
    lines = version_of(cli.main, capsys, "--db",
                       "postgresql+psycopg://clerk:secret@127.0.0.1:1/nowhere")
    assert "secret" not in "\n".join(lines)
    assert lines[1] == "database: postgresql+psycopg://clerk:***@127.0.0.1:1/nowhere"
    assert lines[2].startswith("schema: cannot be read: ")
