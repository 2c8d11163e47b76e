"""Throwaway PostgreSQL databases, for the test suite and the benches: each
gets a database of its own on the same server, dropped when it is done."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def scratch_database(server_url: str, prefix: str,
                     template: str | None = None) -> tuple[str, Callable[[], None]]:
    """Create an empty database (or a copy of ``template``) on the server at
    ``server_url``; returns its URL and the function that drops it."""
    base = make_url(server_url)
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    copy = f' TEMPLATE "{template}"' if template else ""
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"{copy}'))

    def drop() -> None:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return base.set(database=name).render_as_string(hide_password=False), drop
