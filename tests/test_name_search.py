"""The customer search by a fragment of the name, on its trigram index
(db/name_search.py, migration 0011) and, for one or two characters, its
index of short pieces (db/name_grams.py, migration 0014): the same rows, in
the same order, as
the scan it replaces, for every fragment a clerk (or a hostile paste) can
type; the index kept in step with the customers; `db check` noticing when it
is not, and `db reindex` mending it."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import event, insert, select, text

from db import name_grams, name_search
from db.models import Customer, CustomerCategory, SupplyTeam
from tests.conftest import new_id_number
from vending_app.core import validation
from vending_app.core.customer_edits import DetailsEdit

SURNAMES = "Li Wang Zhang Liu Chen Yang Zhao Huang Zhou Wu".split()
GIVEN = "Wei Fang Na Min Jing Li Qiang Lei Jun Yang".split()
ODD = ["王小明", "王小红", "李雷", "韩梅梅", "张伟", "欧阳娜娜", "王芳", "100% Pure", "a_b c",
       "Under_score", "back\\slash", "O'Brien", 'Say "Hi" Wang', "Mc%Donald", "ÉCOLE Ému",
       "école", "STRASSE straße", "\u212a Sign", "İstanbul", "ǅemal", "Ωmega ωmega",
       "Sun ☀ Li", "AND OR NOT", "NEAR(a b)", "col:umn", "star* ^caret", "(paren) -minus +plus",
       "WANG Fang", "wang fang", "Wang  Fang", "𠀀x𠀀 Zhou", "ǆamila ǅ"]
HOSTILE = ["%", "_", "%%%", "a_b", "0%", "% P", "\\", "\\s", "'", "O'B", '"', '"Hi"', '""',
           "王", "王小", "王小明", "小明", "梅梅", "李", "ZHANG", "zhang", "zHaNg W", "ang", "an",
           "a", "ÉCO", "éco", "eco", "Ω", "ωme", "ΩME", "straße", "STRASSE", "k s", "\u212a S",
           "ist", "İst", "☀", "☀ L", "AND", "and or", "NEAR(", "col:", "star*", "*", "^ca",
           "(pa", "-mi", "+pl", "nobody-like-this", "Wang Fang", "g F", "i37", "Wei3"]
# one or two characters (the short pieces' index): wildcards and escapes,
# quotes, letters SQLite's lower() does not fold (É, Ω, İ, the Kelvin sign),
# ß, a two-letter title-case digraph, characters outside the BMP
SHORT = ["%_", "_%", "\\", "\\%", "%\\", "''", "'\"", "É", "é", "Ém", "ém", "ÉM", "Ω", "ω",
         "ωM", "İ", "İs", "i", "IS", "\u212a", "k", "K", "ß", "SS", "ss", "ǅ", "ǆ", "ǅe", "☀",
         "Li", "LI", "li", "lI", "Wu", "z", "Z", "0", "3", "37", "41", "王", "王小", "梅梅", "阳娜",
         "娜", "欧阳", "𠀀", "x𠀀", "Mc", "c%", "%D", "*", "^", "(", "-m", ":u", "\"\"", "i3"]


def populate(db, n: int = 300) -> list[str]:
    """``n`` synthetic names (many sharing fragments) and the odd ones, put
    in around the services (the triggers must index them all the same)."""
    rng = random.Random(20)
    names = [f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}{i % 41}" for i in range(n)] + ODD
    with db.write() as s:
        team = s.scalar(select(SupplyTeam.id).limit(1))
        category = s.scalar(select(CustomerCategory.id).limit(1))
        s.execute(insert(Customer), [dict(
            account_no=f"9{i:07d}", name=name, id_number=f"ODD-{i}", phone=f"1500000{i:04d}",
            address="1 Well Road", team_id=team, category_id=category, status="open")
            for i, name in enumerate(names)])
    return names


def fragments(names: list[str], count: int = 80) -> list[str]:
    """Pieces of the names (1 to 6 characters, case changed now and then) and
    the hostile ones; normalised as the search normalises what is typed."""
    rng = random.Random(21)
    out = HOSTILE + SHORT
    for _ in range(count):
        name = rng.choice(names)
        start = rng.randrange(len(name))
        piece = name[start:start + rng.randint(1, 6)]
        out.append(piece.upper() if rng.random() < 0.3 else piece)
    return [f for f in (" ".join(p.split()) for p in out)
            if f and not validation.ascii_digits(f)]


def scan_ids(s, fragment: str, limit: int) -> list[int]:
    """The search as it was before the index (0010), word for word."""
    t = fragment
    pattern = "%" + t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return list(s.scalars(select(Customer.id).where(
        Customer.name.ilike(pattern, escape="\\")).limit(limit)))


def only_the_index(s) -> None:
    """PostgreSQL: no plan but the trigram index's bitmap scan, so that the
    index, not the table, answers (the test's table is small enough that
    the planner would scan it)."""
    if s.get_bind().dialect.name == "postgresql":
        for plan in ("seqscan", "indexscan", "indexonlyscan"):
            s.execute(text(f"SET LOCAL enable_{plan} = off"))


@pytest.mark.parametrize("common", [name_search.COMMON, 3])
def test_the_index_finds_what_the_scan_found(office, monkeypatch, common):
    """Every fragment, with a limit above and below the number of matches:
    the ids, in their order, are the scan's. ``common`` 3 sends fragments
    with more than three candidates to the rows of their first pair of
    characters in the short pieces' index (or, with no pair free of spaces,
    to the ordered scan)."""
    monkeypatch.setattr(name_search, "COMMON", common)
    db = office.core.db
    frags = fragments(populate(db))
    compared = found = 0
    for limit in (500, 5):
        for fragment in frags:
            with db.read() as s:
                want = scan_ids(s, fragment, limit)
                only_the_index(s)
                got = name_search.fragment_ids(s, fragment, limit)
            assert got == want, (fragment, limit)
            compared, found = compared + 1, found + bool(want)
    assert compared == 2 * len(frags) and found > len(frags)  # most fragments find someone


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)  # PostgreSQL runs the scan's ILIKE
def test_the_short_pieces_find_what_the_scan_found(office):
    """Every piece of one and two characters of every name, in its case and
    in upper case, and the hostile short ones: the ids, in their order, are
    the scan's, with a limit above, at and below the number of matches."""
    db = office.core.db
    names = populate(db)
    pieces = {n[i:i + k] for n in names for k in (1, 2) for i in range(len(n) - k + 1)}
    frags = sorted({f for f in pieces | {p.upper() for p in pieces} | set(SHORT)
                    if len(f) <= 2 and f.strip() == f and not validation.ascii_digits(f)})
    assert len(frags) > 400 and all(name_grams.serves(f) for f in frags)
    compared = found = 0
    with db.read() as s:
        for fragment in frags:
            want = scan_ids(s, fragment, 1000)
            for limit in sorted({1000, 5, len(want), max(1, len(want) - 1)}):
                assert name_search.fragment_ids(s, fragment, limit) == want[:limit], (
                    fragment, limit)
                compared += 1
            found += bool(want)
    assert found > 300 and compared > 3 * len(frags)


def test_the_search_shows_the_same_rows_as_before(office):
    """Through the service, as the counter's screens call it: the rows the
    old scan's ids give, ordered by name, cut at the limit."""
    db, core = office.core.db, office.core
    frags = fragments(populate(db), 30)
    for fragment in frags:
        for limit in (50, 3):
            with db.read() as s:
                ids = scan_ids(s, fragment, limit)
                want = list(s.scalars(select(Customer.account_no).where(Customer.id.in_(ids))
                                      .order_by(Customer.name, Customer.id).limit(limit)))
            got = [r.account_no for r in core.accounts.search(office.clerk, fragment, limit)]
            assert got == want, (fragment, limit)
    assert [r.name for r in core.accounts.search(office.clerk, "  欧阳娜   ")] == ["欧阳娜娜"]


def plan(s, fragment: str) -> str:
    """The plan of the query that fetches a fragment's customers."""
    seen = []
    conn = s.connection()

    def keep(_conn, _cursor, statement, parameters, _context, _many):
        if any(c in statement for c in ("customers.name", "content.c0", "grams.name")) \
                and "EXPLAIN" not in statement:
            seen.append((statement, parameters))
    event.listen(conn, "before_cursor_execute", keep)
    try:
        name_search.fragment_ids(s, fragment, 50)
    finally:
        event.remove(conn, "before_cursor_execute", keep)
    (statement, parameters), = seen
    sqlite = conn.dialect.name == "sqlite"
    rows = conn.exec_driver_sql(("EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN ") + statement,
                                parameters).all()
    return "\n".join(str(r[-1] if sqlite else r[0]) for r in rows)


def test_the_trigram_index_answers_a_fragment(office, backend, monkeypatch):
    """SQLite: a rare fragment is looked up in the FTS table, then each
    candidate's name by its rowid; a common one walks the name index in
    order; one of one or two characters reads its piece's rows, already in
    name order. PostgreSQL: the ILIKE can use the GIN index."""
    populate(office.core.db)
    with office.core.db.read() as s:
        only_the_index(s)
        rare, common = plan(s, "ng Wei1"), plan(s, "ang")
        short = [plan(s, f) for f in ("Li", "王", "%")]
    if backend == "sqlite":
        assert "SCAN customer_names VIRTUAL TABLE" in rare, rare
        assert "SEARCH customer_names_content USING INTEGER PRIMARY KEY" in rare, rare
        assert short == [f"SEARCH {name_grams.TABLE} USING PRIMARY KEY (gram=?)"] * 3, short
        assert "VIRTUAL TABLE" in common  # 300 names: nothing is common yet
        monkeypatch.setattr(name_search, "COMMON", 3)
        with office.core.db.read() as s:
            common, spaced = plan(s, "ang"), plan(s, "g F")
        assert common == f"SEARCH {name_grams.TABLE} USING PRIMARY KEY (gram=?)", common
        assert spaced == "SCAN customers USING COVERING INDEX ix_customers_name", spaced
        assert [name_grams.piece(f) for f in ("Li W", "g Wei", "a b c", "Ω")] == [
            "Li", "We", None, None]
    else:
        assert f"Bitmap Index Scan on {name_search.PG_INDEX}" in rare, rare


def names_found(office, fragment: str) -> list[str]:
    return [r.name for r in office.core.accounts.search(office.clerk, fragment)]


def test_the_index_keeps_step_with_opening_renaming_and_removing(office):
    """Accounts opened and renamed through the services, and a customer row
    removed around them: the index follows each, and `db check` is clean."""
    core = office.core
    populate(core.db, 5)
    assert names_found(office, "韩梅梅") == names_found(office, "梅梅") == ["韩梅梅"]
    acc = core.accounts.open_account(office.clerk, "Ouyang Xiaoxue", new_id_number(), "13800138000",
                                     "1 Well Road", "T1", "RESID")
    assert names_found(office, "yang Xiao") == ["Ouyang Xiaoxue"]
    assert names_found(office, "XU") == ["Ouyang Xiaoxue"]
    core.customers.edit_details(office.clerk, acc, DetailsEdit(name="Ouyang Dongmei"))
    assert names_found(office, "yang Xiao") == names_found(office, "XU") == []
    assert names_found(office, "ANG DONG") == names_found(office, "gM") == ["Ouyang Dongmei"]
    with core.db.write() as s:
        state = name_search.inspect_index(s)
        s.execute(text("DELETE FROM customers WHERE name = '韩梅梅'"))
    assert state.problems == [] and "customer name index" in state.check
    assert names_found(office, "韩梅梅") == names_found(office, "梅梅") == []
    report = core.safety.check(office.admin)
    assert report.ok, report.problems
    assert any(c.startswith("customer name index") for c in report.checks)


def test_db_check_notices_an_index_out_of_step_and_reindex_mends_it(office, backend):
    """SQLite: a customer the FTS table lacks, a trigger gone (as a careless
    later migration would leave it), a piece missing from the short pieces'
    index and one of no name: the check says so, the search misses the
    customer, and `db reindex` (audited) puts all back."""
    core = office.core
    populate(core.db, 20)
    if backend == "sqlite":
        with core.db.write() as s:
            s.execute(text("DELETE FROM customer_names WHERE name = '韩梅梅'"))
            s.execute(text("DROP TRIGGER customer_names_ai"))
            s.execute(text("DROP TRIGGER customer_name_grams_au"))
            s.execute(text("DELETE FROM customer_name_grams WHERE gram = '梅梅'"))
            s.execute(text("INSERT INTO customer_name_grams VALUES ('zz', 'Zz Top', 1)"))
        assert names_found(office, "韩梅梅") == names_found(office, "梅梅") == []
        report = core.safety.check(office.admin)
        assert not report.ok
        assert any("customer_names_ai" in p for p in report.problems), report.problems
        assert any("customer_name_grams_au" in p for p in report.problems), report.problems
        assert any("1 customers missing or named otherwise" in p for p in report.problems)
        assert any("1 pieces missing, 1 rows of no customer's name" in p
                   for p in report.problems), report.problems
    done = core.safety.reindex(office.admin)
    assert done.indexed and done.names == len(ODD) + 20
    assert names_found(office, "韩梅梅") == names_found(office, "梅梅") == ["韩梅梅"]
    acc = core.accounts.open_account(office.clerk, "Ximen Chuixue", new_id_number(),
                                     "13800138000", "1 Well Road", "T1", "RESID")
    assert names_found(office, "men Chui") == ["Ximen Chuixue"]  # the trigger is back
    core.customers.edit_details(office.clerk, acc, DetailsEdit(name="Ximen Chuiyu"))
    assert names_found(office, "YU") == ["Ximen Chuiyu"] and names_found(office, "xu") == []
    assert core.safety.check(office.admin).ok
    actions = [e.action for e in core.audit_log.search(office.admin)]
    assert "db_reindex" in actions


@pytest.fixture
def weak_pg_url(request) -> str:
    """A PostgreSQL database whose user may create tables in it but not the
    pg_trgm extension (no CREATE on the database), as an office's server
    may hand out."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from db.scratch import scratch_database
    from tests.conftest import pg_url
    role = f"vending_weak_{random.randrange(16**8):08x}"
    url, drop = scratch_database(pg_url(), "vending_weak")
    owner = create_engine(url, isolation_level="AUTOCOMMIT")
    with owner.connect() as c:
        c.execute(text(f"CREATE ROLE {role} LOGIN"))
        c.execute(text(f"GRANT CREATE, USAGE ON SCHEMA public TO {role}"))

    def done() -> None:
        owner.dispose()
        drop()
        server = create_engine(make_url(pg_url()), isolation_level="AUTOCOMMIT")
        with server.connect() as c:
            c.execute(text(f"DROP ROLE IF EXISTS {role}"))
        server.dispose()
    request.addfinalizer(done)
    request.node.owner = owner
    return make_url(url).set(username=role).render_as_string(hide_password=False)


def test_postgresql_without_the_right_to_pg_trgm_upgrades_and_scans(weak_pg_url, request,
                                                                   caplog, clock):
    """The migration succeeds without the index and says why; the search
    works by the scan, `db check` says there is no index; once the
    database's owner installs pg_trgm, `db reindex` makes it."""
    from db import migrate
    from db.engine import Database
    from tests.conftest import FAST_HASHER, build_office, open_customer
    from vending_app.core.station import StationCore
    db = Database(weak_pg_url)
    request.addfinalizer(db.dispose)
    migrate.upgrade(db.engine)
    assert migrate.is_current(db.engine)
    said = " ".join(r.getMessage() for r in caplog.records if r.levelname == "WARNING")
    assert "may not create the pg_trgm extension" in said and "db reindex" in said, said
    office = build_office(StationCore(db, "S01", hasher=FAST_HASHER, clock=clock))
    open_customer(office, "000000000001", name="Ouyang Xiaoxue")
    assert names_found(office, "yang xiao") == ["Ouyang Xiaoxue"]
    report = office.core.safety.check(office.admin)
    assert report.ok and any("pg_trgm extension is not installed" in c for c in report.checks)
    assert not office.core.safety.reindex(office.admin).indexed
    with request.node.owner.connect() as c:
        c.execute(text("CREATE EXTENSION pg_trgm"))
    assert office.core.safety.reindex(office.admin).indexed
    with db.read() as s:
        only_the_index(s)
        assert f"Bitmap Index Scan on {name_search.PG_INDEX}" in plan(s, "ang Xiao")
    assert names_found(office, "yang xiao") == ["Ouyang Xiaoxue"]
    assert "customer name index (pg_trgm)" in office.core.safety.check(office.admin).checks
