"""customer search: an index of one- and two-character pieces of the names

The trigram index (0011) cannot answer a fragment shorter than three
characters, so such a fragment walked the whole name index: a rare one
('建国') read every name, a common one whose names sort late ('Wu') most of
them. customer_name_grams lists, for each distinct lowercase piece of one
or two characters of a name (no space in it), its customers in name order;
triggers keep it in step with customers; this fills it from the customers
there are. SQLite only: PostgreSQL's pg_trgm index answers short fragments
too.

The statements are frozen here; db/name_grams.py holds the live copies (its
rebuild) and must keep to the same names.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02
"""
from alembic import op
from sqlalchemy.exc import DBAPIError

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

TABLE = "customer_name_grams"


def pieces(ref: str, source: str = "") -> str:
    low = f"lower({ref}.name)"
    piece = f"substr({low}, p.key + 1, k.value)"
    return (f"SELECT {piece} AS gram, {ref}.name AS name, {ref}.id AS id FROM {source}"
            f"json_each('[' || substr(replace(hex(zeroblob(length({ref}.name))), '00', ',0'), 2)"
            f" || ']') AS p, json_each('[1,2]') AS k "
            f"WHERE p.key + k.value <= length({ref}.name) AND instr({low}, {piece}) = p.key + 1 "
            f"AND instr({piece}, ' ') = 0")


INSERT = f"INSERT OR IGNORE INTO {TABLE} (gram, name, id) {pieces('new')};"
DELETE = (f"DELETE FROM {TABLE} WHERE id = old.id AND name = old.name "
          f"AND gram IN (SELECT gram FROM ({pieces('old')}));")
TRIGGERS = [
    f"CREATE TRIGGER {TABLE}_ai AFTER INSERT ON customers BEGIN\n  {INSERT}\nEND",
    f"CREATE TRIGGER {TABLE}_ad AFTER DELETE ON customers BEGIN\n  {DELETE}\nEND",
    f"CREATE TRIGGER {TABLE}_au AFTER UPDATE OF id, name ON customers BEGIN\n"
    f"  {DELETE}\n  {INSERT}\nEND",
]


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    _require_json(bind)
    op.execute(f"CREATE TABLE {TABLE} (gram TEXT NOT NULL, name TEXT NOT NULL, "
               "id INTEGER NOT NULL, PRIMARY KEY (gram, name, id)) WITHOUT ROWID")
    for trigger in TRIGGERS:
        op.execute(trigger)
    op.execute(f"INSERT INTO {TABLE} (gram, name, id) {pieces('c', 'customers AS c, ')} "
               "ORDER BY 1, 2, 3")


def _require_json(bind) -> None:
    """The triggers make the pieces with json_each (built in since SQLite
    3.38, an extension some older builds leave out): say so, rather than
    'no such table' at the first new customer."""
    try:
        bind.exec_driver_sql("SELECT count(*) FROM json_each('[1,2]')").scalar()
    except DBAPIError as e:
        version = bind.exec_driver_sql("SELECT sqlite_version()").scalar()
        raise RuntimeError(
            f"This Python's SQLite ({version}) has no JSON functions ({e.orig}): the customer "
            "search needs SQLite built with them (3.38 or later has them built in). Run the "
            "station with a Python whose sqlite3 module has them.") from None


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in ("au", "ad", "ai"):
        op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{name}")
    op.execute(f"DROP TABLE IF EXISTS {TABLE}")
