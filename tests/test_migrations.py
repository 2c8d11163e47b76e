"""Every schema change is a migration: the migrated schema is exactly the
models', on both backends, and the migrations go down and up again."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from db import migrate
from db.models import Base


def test_migrations_match_the_models(db):
    assert migrate.is_current(db.engine)
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                Base.metadata)
    assert diff == []


def test_down_and_up_again(db):
    migrate.downgrade(db.engine, "base")
    assert migrate.current_revision(db.engine) is None
    migrate.upgrade(db.engine)
    assert migrate.is_current(db.engine)
