"""Alembic environment: uses the engine the station hands over, or
VENDING_DB_URL when run through the alembic command line."""

from alembic import context

from db.engine import make_engine
from db.models import Base
from db.types import ScaledDecimal, UTCDateTime

config = context.config
target_metadata = Base.metadata


def render_item(type_, obj, autogen_context):
    """Migrations describe what is stored: integers and plain datetimes, not
    the Python-side decorators (which can change without a migration)."""
    if type_ == "type" and isinstance(obj, ScaledDecimal):
        return "sa.BigInteger()"
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


def run_migrations_online() -> None:
    engine = config.attributes.get("engine") or make_engine()
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            # Our engine starts transactions itself; make this one a write.
            connection = connection.execution_options(vending_write=True)
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            render_item=render_item,
        )
        with context.begin_transaction():
            context.run_migrations()
        if connection.in_transaction():
            connection.commit()


run_migrations_online()
