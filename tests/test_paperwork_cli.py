"""The same work from vending-station-cli, in its own processes on a demo
office: retiring a tariff, the blind X report, a statement PDF, sales
search, the daily report, the call list and the audit log's filters."""

import csv
import io
from datetime import date

from db.engine import Database
from tests.conftest import CLI_PASSWORD, FAST_HASHER, MemoryCard
from vending_app.core.sales import SaleRequest
from vending_app.core.station import StationCore


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_paperwork_and_upkeep_from_the_command_line(run_cli, tmp_path):
    run = run_cli
    run("db", "upgrade")
    run("demo", "seed", "--password", CLI_PASSWORD)
    run("--operator", "seller", "shift", "open", "--float", "100")
    core = StationCore(Database(f"sqlite:///{tmp_path / 'cli.sqlite3'}"), "S01",
                       hasher=FAST_HASHER)
    seller = core.auth.login("seller", CLI_PASSWORD)
    sale = core.sales.sell(seller, SaleRequest("000000000001", kwh="100", tendered="60"),
                           MemoryCard())
    core.db.dispose()
    # the blind X report: what was sold, no expected cash
    (x,) = _rows(run("--operator", "seller", "shift", "x").stdout)
    assert x["sales_amount"] == "52.83" and x["expected_cash"] == "" and x["blind"] == "True"
    sheet = run("--operator", "seller", "sheet", "shift", "--x", "--format", "csv").stdout
    assert "Cash expected" not in sheet and "152.83" not in sheet and "52.83" in sheet
    # the catalogue
    run("--operator", "admin", "tariff", "retire", "IND")
    p = run("--operator", "clerk", "account", "open", "--name", "New Pump", "--id-number",
            "PUMP-0002", "--phone", "13900000001", "--address", "Pump yard 2", "--team", "T2",
            "--category", "IND", ok=False)
    assert p.returncode == 2 and "retired" in p.stderr
    run("--operator", "admin", "team", "rename", "T2", "--name", "Second team (east)")
    listed = {(r["kind"], r["code"]): r for r in _rows(run("--operator", "admin", "catalog",
                                                           "list").stdout)}
    assert listed[("tariff", "IND")]["active"] == "False"
    assert listed[("team", "T2")]["name"] == "Second team (east)"
    out = run("--operator", "clerk", "tariff", "preview", "00000001", "--kwh", "200").stdout
    assert "year so far   100.00 kWh" in out and "total         105.66" in out
    # paperwork
    pdf = tmp_path / "statement.pdf"
    today = date.today().isoformat()
    out = run("--operator", "clerk", "statement", "00000001", "--from", "2020-01-01", "--to",
              today, "--out", str(pdf)).stdout
    assert "Customer statement written" in out and pdf.read_bytes().startswith(b"%PDF")
    found = _rows(run("--operator", "seller", "sales", "search", "--customer", "Li").stdout)
    assert [r["receipt_no"] for r in found] == [sale.receipt_no]
    daily = run("--operator", "finance", "daily-report", "--day", today, "--format",
                "csv").stdout
    assert "Sun Li" in daily and "52.83" in daily
    assert run("--operator", "clerk", "call-list", "--days", "7").stdout == ""  # no write-backs
    events = _rows(run("--operator", "finance", "audit", "list", "--action", "tariff_*").stdout)
    assert [e["action"] for e in events] == ["tariff_preview", "tariff_retire"] + [
        "tariff_version_create", "tariff_create"] * 2
    xlsx = tmp_path / "audit.xlsx"
    run("--operator", "admin", "audit", "list", "--by", "admin", "--format", "xlsx",
        "--out", str(xlsx))
    assert xlsx.read_bytes()[:2] == b"PK"
    p = run("--operator", "seller", "audit", "list", ok=False)
    assert p.returncode == 2 and "may not" in p.stderr
