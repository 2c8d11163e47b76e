"""The customer search by a fragment of one or two characters, and its index
(migration 0014), SQLite only: the trigram index cannot answer a fragment
shorter than three characters.

Without it such a fragment walked the whole name index until ``limit``
names held it: a rare one ('建国', '王' in an office of pinyin names, 'Xq')
read every name, and a common one whose names sort late ('Wu', 'Zhang''s
'z', 'Ma': a surname, so all its names sit together near the end) read most
of them before its first match.

``customer_name_grams`` holds, for every customer, each distinct piece of
one or two characters of ``lower(name)`` that holds no space, with the name
and the id: its key (gram, name, id) lists a piece's customers in the
order the name index gives them. A fragment reads its own piece's rows in
that order and stops at ``limit``: a rare one reads only its candidates, a
common one only the first ``limit``. Each row's name (the table's copy,
equal to the customer's while the triggers hold it so, which ``db check``
confirms) is held to the same ``lower(name) LIKE`` as before, so the rows
are exactly the scan's. (SQLite's lower() and LIKE fold ASCII letters only,
and alike, so the piece is found exactly when the LIKE holds.)

A common fragment of three characters or more (db/name_search.py: its
trigram candidates too many to sort) is read the same way off the rows of
its first pair of characters, which every name holding it holds. A fragment
with no pair free of spaces keeps the scan.

The pieces are made in SQL, in the triggers, from a JSON array of the
name's length (json_each; SQLite lets a trigger hold no WITH). Size: some
14 rows a name, 24 bytes a row (100,000 names: 1.39 M rows, 33 MB; the
trigram index is 4.3 MB). Cost: each piece is a row in its own place, so
opening an account writes some 23 more pages at its commit (44, not 21), a
rename some 33 (51, not 18: the old name's rows out, the new one's in).
"""

from __future__ import annotations

from sqlalchemy import column, func, select, table, text
from sqlalchemy.orm import Session

TABLE = "customer_name_grams"
LONGEST = 2  # longer fragments go to the trigram index


def pieces(rows: str) -> str:
    """A SELECT of (gram, name, id): the distinct lowercase pieces of one and
    two characters without a space of each name of ``rows`` (a SELECT of
    name and id), each where it first occurs in the name."""
    piece = "substr(x.low, p.key + 1, k.value)"
    return (f"SELECT {piece} AS gram, x.name AS name, x.id AS id FROM (SELECT lower(name) AS low, "
            f"length(name) AS n, name, id FROM ({rows})) AS x, "
            "json_each('[' || substr(replace(hex(zeroblob(x.n)), '00', ',0'), 2) || ']') AS p, "
            "json_each('[1,2]') AS k "
            f"WHERE p.key + k.value <= x.n AND instr(x.low, {piece}) = p.key + 1 "
            f"AND instr({piece}, ' ') = 0")


CREATE = (f"CREATE TABLE {TABLE} (gram TEXT NOT NULL, name TEXT NOT NULL, id INTEGER NOT NULL, "
          "PRIMARY KEY (gram, name, id)) WITHOUT ROWID")
NEW, OLD = "SELECT new.name AS name, new.id AS id", "SELECT old.name AS name, old.id AS id"
EVERY = "SELECT name, id FROM customers"
_INSERT = f"INSERT OR IGNORE INTO {TABLE} (gram, name, id) {pieces(NEW)};"
_DELETE = (f"DELETE FROM {TABLE} WHERE id = old.id AND name = old.name "
           f"AND gram IN (SELECT gram FROM ({pieces(OLD)}));")
TRIGGERS = {
    f"{TABLE}_ai": f"CREATE TRIGGER {TABLE}_ai AFTER INSERT ON customers BEGIN\n  {_INSERT}\nEND",
    f"{TABLE}_ad": f"CREATE TRIGGER {TABLE}_ad AFTER DELETE ON customers BEGIN\n  {_DELETE}\nEND",
    f"{TABLE}_au": f"CREATE TRIGGER {TABLE}_au AFTER UPDATE OF id, name ON customers BEGIN\n"
                   f"  {_DELETE}\n  {_INSERT}\nEND",
}
FILL = f"INSERT INTO {TABLE} (gram, name, id) {pieces(EVERY)} ORDER BY 1, 2, 3"

_grams = table(TABLE, column("gram"), column("name"), column("id"))


def serves(fragment: str) -> bool:
    return 0 < len(fragment) <= LONGEST and " " not in fragment


def piece(fragment: str) -> str | None:
    """A piece every name holding ``fragment`` holds, whose rows can be read
    instead of every name's: the fragment's first pair of characters with no
    space (None: it has none, or the index is not to be used)."""
    pairs = (fragment[i:i + LONGEST] for i in range(len(fragment) - LONGEST + 1))
    return next((p for p in pairs if LONGEST == 2 and " " not in p), None)


def query(piece: str, pattern: str):
    """The first customers, by name then id, whose name's ``lower(name) LIKE
    pattern`` holds, read off the rows of ``piece`` (the fragment itself, or
    a piece of it) in name order."""
    named = _grams.c.name
    return (select(_grams.c.id).where(_grams.c.gram == func.lower(piece))
            .where(named.ilike(pattern, escape="\\")).order_by(named, _grams.c.id))


def problems(s: Session, found: set[str], fix: str) -> list[str]:
    """What is wrong with the index (``found``: the tables and the
    customers' triggers there are): its rows against the pieces the
    customers' names give."""
    if TABLE not in found:
        return [f"the short-fragment name index ({TABLE}) is missing{fix}"]
    out = [f"the trigger {t} that keeps the short-fragment name index in step is missing{fix}"
           for t in TRIGGERS if t not in found]
    expected, missing = s.execute(text(
        f"SELECT count(*), coalesce(sum(NOT EXISTS (SELECT 1 FROM {TABLE} g WHERE g.gram = e.gram "
        f"AND g.name = e.name AND g.id = e.id)), 0) FROM ({pieces(EVERY)}) e"
    )).one()
    stray = s.scalar(text(f"SELECT count(*) FROM {TABLE}")) - (expected - missing)
    if missing or stray:
        out.append(f"the short-fragment name index disagrees with the customers' names: "
                   f"{missing} pieces missing, {stray} rows of no customer's name; a search by "
                   f"one or two characters may miss them{fix}")
    return out


def rebuild(s: Session) -> None:
    for trigger in TRIGGERS:
        s.execute(text(f"DROP TRIGGER IF EXISTS {trigger}"))
    s.execute(text(f"DROP TABLE IF EXISTS {TABLE}"))
    s.execute(text(CREATE))
    for ddl in TRIGGERS.values():
        s.execute(text(ddl))
    s.execute(text(FILL))
