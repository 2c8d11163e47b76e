"""Moving in (core/moving_in.py): the sample file imports and the ladder
counts the year's energy brought with it; a file with bad rows is refused
whole with every row's problem; an exported file re-imports to the same
state; the CLI imports a generated XLSX of 50,000 customers (the issue's
figure; bench/import_customers.py times it) and refuses it whole the
second time (about 80 s on a shared 2-core machine, most of it the seven
CLI processes and three reads of the workbook the workflow needs)."""

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.engine import Database
from db.models import AuditEvent, Customer, Meter, MeterOpening
from receipts.table_file import read_table, write_table
from tests import import_files
from tests.conftest import FAST_HASHER, build_office, new_database_url
from vending_app.core.import_rows import COLUMNS
from vending_app.core.moving_in import ImportRefused
from vending_app.core.station import StationCore
from vending_app.core.validation import resident_id_check_digit

SAMPLES = Path(__file__).resolve().parents[1] / "vending_app" / "resources" / "samples"


def with_industry(office):
    office.core.catalog.add_tariff(office.admin, "IND", "Industrial")
    office.core.catalog.add_tariff_version(office.admin, "IND", date(2020, 1, 1), "0.9000")
    office.core.catalog.add_category(office.admin, "IND", "Industrial", "IND")
    return office


def count(core, what) -> int:
    with core.db.read() as s:
        return s.scalar(select(func.count()).select_from(what))


@pytest.mark.parametrize("sample", ["customers.csv", "customers.xlsx"])
def test_the_sample_file_imports_and_the_ladder_counts_its_year(office, sample):
    core = with_industry(office).core
    table = read_table(SAMPLES / sample)
    check = core.moving_in.dry_run(office.clerk, table)
    assert check.ok and (check.rows, check.customers, check.meters) == (4, 3, 3)
    assert count(core, Customer) == 0  # a dry run changes nothing
    import_id = core.moving_in.commit(office.clerk, sample, table)
    [summary] = core.moving_in.imports(office.clerk)
    assert (summary.import_id, summary.customers, summary.meters, summary.cards_to_issue) == (
        import_id, 3, 3, 3)
    cards = core.moving_in.cards_to_issue(office.clerk, import_id)
    assert [c.meter_number for c in cards] == ["300000000001", "300000000002", "300000000003"]
    assert cards[1].multiplier == 30
    assert [c.old_account_no for c in cards] == ["A-1001", "A-1002", "A-1002"]  # for the clerk
    # 1,840 kWh bought this year in the old system: 400 more cross the 2,160 step.
    q = core.sales.quote(office.seller, "300000000001", kwh="400")
    assert [(line.kwh, line.price) for line in q.tier_lines] == [
        (D("320.00"), D("0.5283")), (D("80.00"), D("0.5783"))]
    with core.db.read() as s:
        ct = s.scalar(select(Meter).where(Meter.number == "300000000002"))
        assert (ct.low_balance_threshold_kwh, ct.multiplier) == (D("36.00"), 30)
        assert s.scalar(select(MeterOpening.remaining_kwh).where(
            MeterOpening.meter_id == ct.id)) == D("1200.00")
        numbered = s.execute(select(Customer.id, Customer.account_no)).all()
        assert [acc for _, acc in numbered] == [f"{i:08d}" for i, _ in numbered]  # as the counter
        actions = list(s.scalars(select(AuditEvent.action).where(
            AuditEvent.action == "customer_import")))
    assert actions == ["customer_import"]  # one event for the whole file
    assert core.audit.verify_chain(office.admin).ok


def spoil(rows: list[list[str]]) -> dict[int, str]:
    """Twenty rows made wrong, each in its own way: {spreadsheet row: column}."""
    bad = {}
    wrong_digit = "0" if resident_id_check_digit("11010119500101000") != "0" else "1"
    edits = [("id_number", "11010119500101000" + wrong_digit), ("phone", "phone"), ("team", "T9"),
             ("category", "NOPE"), ("meter_number", "12345"), ("meter_type", "two_phase"),
             ("ct_ratio", "150/7"), ("remaining_kwh", "-3"), ("year_kwh", "lots"),
             ("name", ""), ("threshold_kwh", "abc"), ("pt_ratio", "0"), ("address", ""),
             ("old_account_no", "x" * 40)]
    for k in range(20):
        i = 5 + k * 7
        column, value = edits[k % len(edits)]
        if k >= len(edits):  # the rest: a meter that is on an earlier row too
            column, value = "meter_number", rows[i - 3][COLUMNS.index("meter_number")]
        rows[i][COLUMNS.index(column)] = value
        bad[i + 2] = column  # +1 for the header, +1 as spreadsheets count
    return bad


def test_a_file_with_twenty_bad_rows_is_refused_whole(office, tmp_path):
    core = office.core
    rows = [list(map(str, r)) for r in import_files.rows(200)]
    bad = spoil(rows)
    table = [list(COLUMNS), *rows]
    check = core.moving_in.dry_run(office.clerk, table)
    assert {p.row: p.column for p in check.problems} == bad
    assert all(str(p.problem) and str(p.fix) for p in check.problems)
    with pytest.raises(ImportRefused) as refused:
        core.moving_in.commit(office.clerk, "bad.csv", table)
    assert {p.row for p in refused.value.check.problems} == set(bad)
    assert count(core, Customer) == count(core, Meter) == 0
    assert core.moving_in.imports(office.clerk) == []


def test_a_missing_column_is_named(office):
    table = [[c for c in COLUMNS if c != "year_kwh"], ["x"] * 13]
    check = office.core.moving_in.dry_run(office.clerk, table)
    assert [(p.row, p.column) for p in check.problems] == [(1, "year_kwh")]


def other_office(backend, request, tmp_path) -> StationCore:
    tmp_path.mkdir()
    db = Database(new_database_url(backend, request, tmp_path))
    request.addfinalizer(db.dispose)
    return build_office(StationCore(db, "S01", hasher=FAST_HASHER))


def test_the_exported_file_reimports_to_the_same_state(office, backend, request, tmp_path):
    core = office.core
    core.moving_in.commit(office.clerk, "a.csv", [list(COLUMNS), *import_files.rows(120)])
    first = tmp_path / "first.xlsx"
    table = core.moving_in.export(office.clerk)
    write_table(first, table.header, table.rows)
    other = other_office(backend, request, tmp_path / "b")
    clerk = other.core.auth.login("clerk", "counter-pass-1")
    other.core.moving_in.commit(clerk, first.name, read_table(first))
    again = other.core.moving_in.export(clerk)
    assert again.header == table.header and again.rows == table.rows
    exported = {r[2]: r for r in read_table(first)[1:]}
    source = import_files.rows(120)[9]  # a CT meter on 150/5
    assert exported[source[2]][:8] == list(source[:8])
    assert exported[source[2]][9:] == ["30", "1", "36.00", source[12], source[13]]


def test_the_cli_imports_a_generated_workbook(run_cli, tmp_path):
    run_cli("db", "upgrade")
    run_cli("demo", "seed", "--password", "demo-pass-1")
    path = import_files.write(tmp_path / "office.xlsx", 50_000)
    out = run_cli("--operator", "clerk", "import", "check", str(path)).stdout
    assert "50000 rows: 50000 customers, 50000 meters, ready to import" in out
    out = run_cli("--operator", "clerk", "import", "commit", str(path)).stdout
    assert "50000 customers, 50000 meters; 50000 cards to issue" in out
    listed = run_cli("--operator", "clerk", "import", "list").stdout
    assert "office.xlsx,50000,50000,50000,clerk,50000" in listed
    again = run_cli("--operator", "clerk", "import", "commit", str(path), ok=False)
    assert again.returncode == 2 and "100000 problems: nothing was imported" in again.stderr
    lines = again.stderr.splitlines()
    # every customer and every meter is already here: the first 100 problems, then the count
    assert [line.split(":")[0] for line in lines[:4]] == [
        "row 2, id_number", "row 2, meter_number", "row 3, id_number", "row 3, meter_number"]
    assert sum(line.startswith("row ") for line in lines) == 100
    assert "... and 99900 more problems (--show 0 prints them all)" in lines
    with_all = run_cli("--operator", "clerk", "import", "commit", "--show", "0",
                       str(import_files.write(tmp_path / "again.csv", 300)), ok=False)
    assert with_all.stderr.count("\nrow ") + 1 == 600 and "more problems" not in with_all.stderr


def test_the_cli_saves_the_sample_file(tmp_path, capsys):
    """The manual sends an office to 'import sample FILE' (no sign-in): the
    sample inside the installed station is not where anyone looks. (The
    command as the parser reads it, in this process: a CLI process costs
    seconds and the command opens nothing else.)"""
    from vending_app.cli import build_parser
    from vending_app.cli.common import CliError

    def run(*argv):
        args = build_parser().parse_args(["import", "sample", *argv])
        return args.fn(args)

    for name in ("customers.csv", "customers.xlsx"):
        run(str(tmp_path / name))
        assert f"sample written to {tmp_path / name}" in capsys.readouterr().out
        assert (tmp_path / name).read_bytes() == (SAMPLES / name).read_bytes()
    with pytest.raises(CliError, match="exists already"):
        run(str(tmp_path / "customers.csv"))
    with pytest.raises(CliError, match="a .csv or .xlsx"):
        run(str(tmp_path / "customers.txt"))
