"""The customer search by a fragment of the name, and its trigram index
(migration 0011): the query, the check that the index agrees with the
customers, and its rebuild.

SQLite keeps an FTS5 table with the trigram tokenizer, ``customer_names``
(rowid = customers.id), in step with customers by triggers. A fragment of
three characters or more finds its candidates there; every candidate's name
(the table's own copy, equal to the customer's while the triggers hold it
so, which ``db check`` confirms) is then held to the same ``lower(name)
LIKE`` as before and ordered as the name index orders, so the rows are
exactly the scan's (the trigram tokenizer folds case more widely than
SQLite's lower(), never less). Shorter fragments have no trigram: they
read their own index of one- and two-character pieces (db/name_grams.py,
migration 0014), which lists each piece's customers in name order.

The trigram path reads every candidate and sorts them. So a fragment that
many names contain ('ang', in Wang, Zhang, Yang, ...; 'Wang') is read
instead off the rows of its first pair of characters in the short pieces'
index, in name order, until ``limit`` of them hold it: a bounded count of
the candidates decides. (The trigram phrase's candidates are its matches,
but for case, so a common fragment's pair yields a match at least every
pair-rows / COMMON rows.) Until 0014 a common one walked the name index
itself, which reads most names when the matches sort late ('Zhang').

PostgreSQL: pg_trgm's GIN index on customers.name answers the ILIKE itself,
so the query is the one it always was; where the server refused the
extension there is no index and the ILIKE scans.

A later migration that rebuilds the customers table on SQLite (Alembic's
batch mode copies, drops and renames it) drops its triggers with it: that
migration must create them again (``TRIGGERS``, and name_grams.TRIGGERS);
tests/test_migrations.py and ``db check`` notice when it did not.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import column, func, select, table, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from db import name_grams
from db.models import Customer

FTS = "customer_names"
PG_INDEX = "ix_customers_name_trgm"
TRIGGERS = {
    "customer_names_ai": """CREATE TRIGGER customer_names_ai AFTER INSERT ON customers BEGIN
  INSERT INTO customer_names (rowid, name) VALUES (new.id, new.name);
END""",
    "customer_names_ad": """CREATE TRIGGER customer_names_ad AFTER DELETE ON customers BEGIN
  DELETE FROM customer_names WHERE rowid = old.id;
END""",
    "customer_names_au": """CREATE TRIGGER customer_names_au AFTER UPDATE OF id, name ON customers
BEGIN
  DELETE FROM customer_names WHERE rowid = old.id;
  INSERT INTO customer_names (rowid, name) VALUES (new.id, new.name);
END""",
}
# The trigram tokenizer's shortest query: fewer characters find nothing there.
TRIGRAM = 3
# More candidates than this: the fragment is common, and its pair's rows in
# name order meet ``limit`` matches sooner than the candidates can be read
# and sorted (at 100,000 names: 'Wang', 5,000 candidates, 12 ms sorted, 1 ms
# off the pair 'wa').
COMMON = 1_000

_fts = table(FTS, column("rowid"), column("name"))
_content = table(f"{FTS}_content", column("id"), column("c0"))


def like_pattern(fragment: str) -> str:
    """The fragment anywhere in the name, its wildcards taken literally."""
    escaped = fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def fts_phrase(fragment: str) -> str:
    """The fragment as one FTS5 string: every character literal."""
    return '"' + fragment.replace('"', '""') + '"'


def fragment_ids(s: Session, fragment: str, limit: int) -> list[int]:
    """Up to ``limit`` customers whose name holds ``fragment`` (any case):
    on SQLite the first by name (then id), as the scan of the name index
    gives them; on PostgreSQL those the ILIKE meets first, as before."""
    matches = Customer.name.ilike(like_pattern(fragment), escape="\\")
    if s.get_bind().dialect.name != "sqlite":
        return list(s.scalars(select(Customer.id).where(matches).limit(limit)))
    if name_grams.serves(fragment):
        return list(s.scalars(name_grams.query(fragment, like_pattern(fragment)).limit(limit)))
    if len(fragment) < TRIGRAM or candidates(s, fragment, COMMON + 1) > COMMON:
        piece = name_grams.piece(fragment)
        if piece is not None:  # its piece's rows, in name order, until ``limit`` match
            return list(s.scalars(name_grams.query(piece, like_pattern(fragment)).limit(limit)))
        return list(s.scalars(select(Customer.id).where(matches)
                              .order_by(Customer.name, Customer.id).limit(limit)))
    # The candidates' names are read from the FTS table's own copy (FTS5's
    # content table, rowid and c0): narrow rows, so a few thousand
    # candidates cost a third of the reads in the wide customers table.
    named = _content.c.c0
    return list(s.scalars(
        select(_content.c.id).join(_fts, _fts.c.rowid == _content.c.id).where(_match(fragment))
        .where(named.ilike(like_pattern(fragment), escape="\\"))
        .order_by(named, _content.c.id).limit(limit)))


def candidates(s: Session, fragment: str, bound: int) -> int:
    """How many names the trigram index offers for ``fragment``, counted up
    to ``bound`` (the index hands them out in rowid order, so this stops)."""
    inner = select(_fts.c.rowid).where(_match(fragment)).limit(bound).subquery()
    return s.scalar(select(func.count()).select_from(inner))


def _match(fragment: str):
    return text(f"{FTS} MATCH :phrase").bindparams(phrase=fts_phrase(fragment))


def include_name(name: str | None, type_: str, parent_names: dict) -> bool:
    """Alembic's filter: the index lives beside the models, not in them
    (an FTS5 table and its shadow tables; an index of an operator class)."""
    if type_ == "table":
        return not (name in (FTS, name_grams.TABLE) or (name or "").startswith(FTS + "_"))
    if type_ == "index":
        return name != PG_INDEX
    return True


# --- the index's check and rebuild ---------------------------------------------

@dataclass(frozen=True)
class IndexState:
    """What ``db check`` says of the index: a line for its checks, and what
    is wrong (empty: the index agrees with the customers)."""

    check: str
    problems: list[str]


def inspect_index(s: Session, full: bool = True) -> IndexState:
    if s.get_bind().dialect.name == "sqlite":
        return _sqlite_state(s, full)
    return IndexState(_pg_state(s), [])


def _sqlite_state(s: Session, full: bool) -> IndexState:
    found = set(s.scalars(text("SELECT name FROM sqlite_master WHERE (type = 'table' AND "
                               "name IN (:t, :g)) OR (type = 'trigger' AND tbl_name = "
                               "'customers')"), {"t": FTS, "g": name_grams.TABLE}))
    fix = "; 'db reindex' makes it again"
    short = name_grams.problems(s, found, fix)
    if FTS not in found:
        return IndexState("customer name index", [f"the customer name index ({FTS}) is "
                                                  f"missing{fix}"] + short)
    problems = short + [f"the trigger {t} that keeps the customer name index in step is missing{fix}"
                for t in TRIGGERS if t not in found]
    # the names the search reads: the FTS table's copy (its content table)
    stray = s.scalar(text(f"SELECT count(*) FROM {FTS}_content n WHERE NOT EXISTS "
                          "(SELECT 1 FROM customers c WHERE c.id = n.id)"))
    unlike = s.scalar(text(f"SELECT count(*) FROM customers c WHERE NOT EXISTS (SELECT 1 FROM "
                           f"{FTS}_content n WHERE n.id = c.id AND n.c0 IS c.name)"))
    if stray or unlike:
        problems.append(f"the customer name index disagrees with the customers: {unlike} "
                        f"customers missing or named otherwise, {stray} rows of no customer"
                        f"; a search by name may miss them{fix}")
    if full and not problems:
        problems += _fts_integrity(s, fix)
    return IndexState("customer name index (trigram, and pieces of one and two characters) "
                      "against the customers", problems)


def _fts_integrity(s: Session, fix: str) -> list[str]:
    """FTS5's own check that its index holds what its rows say."""
    try:
        with s.begin_nested():
            s.execute(text(f"INSERT INTO {FTS} ({FTS}) VALUES ('integrity-check')"))
    except DBAPIError as e:
        return [f"the customer name index is damaged ({e.orig}){fix}"]
    return []


def _pg_state(s: Session) -> str:
    if s.scalar(text("SELECT count(*) FROM pg_indexes WHERE indexname = :i"), {"i": PG_INDEX}):
        return "customer name index (pg_trgm)"
    return ("customer name index: none (the pg_trgm extension is not installed in this "
            "database), so a search by name scans every name; once it is, 'db reindex' "
            "makes the index")


@dataclass(frozen=True)
class Reindexed:
    names: int
    indexed: bool  # False: PostgreSQL without pg_trgm, the search scans


def rebuild(s: Session) -> Reindexed:
    """Make the index again from the customers (SQLite: the FTS table, the
    table of short pieces, and their triggers; PostgreSQL: pg_trgm, when it can be had, and its index)."""
    names = s.scalar(select(func.count()).select_from(Customer))
    if s.get_bind().dialect.name != "sqlite":
        return Reindexed(names, _pg_rebuild(s))
    for trigger in TRIGGERS:
        s.execute(text(f"DROP TRIGGER IF EXISTS {trigger}"))
    s.execute(text(f"DROP TABLE IF EXISTS {FTS}"))
    s.execute(text(f"CREATE VIRTUAL TABLE {FTS} USING "
                   "fts5(name, tokenize = 'trigram case_sensitive 0')"))
    for ddl in TRIGGERS.values():
        s.execute(text(ddl))
    s.execute(text(f"INSERT INTO {FTS} (rowid, name) SELECT id, name FROM customers"))
    name_grams.rebuild(s)
    return Reindexed(names, True)


def _pg_rebuild(s: Session) -> bool:
    try:
        with s.begin_nested():
            s.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except DBAPIError:
        pass  # refused: the index cannot be made, and the search scans
    schema = s.scalar(text("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n "
                           "ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'"))
    s.execute(text(f"DROP INDEX IF EXISTS {PG_INDEX}"))
    if schema is None:
        return False
    quoted = s.get_bind().dialect.identifier_preparer.quote(schema)
    s.execute(text(f"CREATE INDEX {PG_INDEX} ON customers USING gin (name {quoted}.gin_trgm_ops)"))
    return True
