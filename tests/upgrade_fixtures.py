"""The upgrade fixtures: a working office's books as each older schema
revision held them (tests/fixtures/upgrade/rev-NNNN.sql, made by
scripts/make_upgrade_fixtures.py), loaded into a database at that revision.

A fixture is plain INSERT statements, one per line, in an order that keeps
foreign keys happy; the same text loads into SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import Engine, MetaData, inspect, select, text

from db import migrate

FOLDER = Path(__file__).resolve().parent / "fixtures" / "upgrade"
NAME = re.compile(r"rev-(\w+)\.sql$")


def fixtures() -> dict[str, Path]:
    """Every fixture by its schema revision, oldest first."""
    found = {NAME.search(p.name).group(1): p for p in FOLDER.glob("rev-*.sql")}
    return dict(sorted(found.items()))


def statements(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("--")]


def load(engine: Engine, revision: str, path: Path) -> None:
    """Migrate an empty database to ``revision`` and fill it from ``path``."""
    migrate.upgrade(engine, revision)
    with engine.begin() as conn:
        for sql in statements(path):
            conn.exec_driver_sql(sql)
        if conn.dialect.name == "postgresql":  # explicit ids: move the sequences past them
            ins = inspect(conn)
            for table in ins.get_table_names():
                if "id" not in {c["name"] for c in ins.get_columns(table)}:
                    continue
                seq = conn.scalar(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table})
                if seq:
                    conn.execute(text(f"SELECT setval('{seq}', (SELECT coalesce(max(id), 0) + 1 "
                                      f"FROM \"{table}\"), false)"))
    engine.dispose()


def snapshot(engine: Engine) -> dict[str, dict[tuple, dict]]:
    """Every row of every table (but Alembic's), by primary key."""
    meta = MetaData()
    meta.reflect(engine)
    out = {}
    with engine.connect() as conn:
        for table in meta.sorted_tables:
            if table.name == "alembic_version":
                continue
            key = [c.name for c in table.primary_key.columns]
            out[table.name] = {tuple(r[k] for k in key): dict(r)
                               for r in conn.execute(select(table)).mappings()}
    return out
