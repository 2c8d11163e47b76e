"""The CLI as a user runs it: separate processes on a real database file."""


import pytest


@pytest.fixture
def run(run_cli):
    return run_cli


def test_a_newcomer_session(run):
    run("db", "upgrade")
    assert run("status", "--has-operators", ok=False).returncode == 3
    run("demo", "seed", "--password", "demo-pass-1")
    run("status", "--has-operators")
    out = run("--operator", "seller", "quote", "000000000001", "--amount", "100").stdout
    assert "189.29 kWh" in out and "total         100.00" in out
    acc = run("--operator", "clerk", "account", "open", "--name", "Zhang San", "--id-number",
              "PASSPORT-77", "--phone", "13900000001", "--address", "9 Well Road", "--team", "T1",
              "--category", "RESID").stdout.strip()
    run("--operator", "clerk", "meter", "pair", acc, "000000000099", "--type", "three_phase_ct",
        "--ct", "400/5")
    out = run("--operator", "seller", "quote", "000000000099", "--kwh", "1").stdout
    assert "multiplier 80" in out and "card          0.01 kWh; carried 0.00 -> 0.20 kWh" in out
    assert "Zhang San" in run("--operator", "clerk", "account", "search", "zhang").stdout
    assert "audit chain intact" in run("--operator", "finance", "audit", "verify").stdout


@pytest.mark.parametrize("args,message", [
    (["--operator", "seller", "quote", "12345", "--kwh", "1"], "12 digits"),
    (["--operator", "seller", "quote", "000000000001", "--kwh", "-1"], "more than zero"),
    (["--operator", "seller", "tariff", "add", "--code", "X", "--name", "x"], "may not"),
    (["--operator", "nobody", "audit", "verify"], "Wrong login or password"),
])
def test_errors_are_one_clear_line(run, args, message):
    run("db", "upgrade")
    run("demo", "seed", "--password", "demo-pass-1")
    p = run(*args, ok=False)
    assert p.returncode == 2
    assert p.stderr.count("\n") == 1 and message in p.stderr and "Traceback" not in p.stderr


def test_an_unmigrated_database_is_refused_clearly(run):
    p = run("--operator", "admin", "audit", "verify", ok=False)
    assert p.returncode == 2 and "db upgrade" in p.stderr


def test_approval_flow_from_the_command_line(run):
    run("db", "upgrade")
    run("demo", "seed", "--password", "demo-pass-1")
    out = run("--operator", "clerk", "adjustment", "request", "000000000001", "--kwh", "20",
              "--reason", "meter fault compensation").stdout
    assert "adjustment 1 requested" in out
    assert "adjustment,1,20.00 kWh" in run("--operator", "admin", "approvals").stdout
    assert run("--operator", "clerk", "approve", "adjustment", "1", ok=False).returncode == 2
    run("--operator", "admin", "approve", "adjustment", "1")
    assert "adjustment" not in run("--operator", "admin", "approvals").stdout


def test_report_sheets_from_the_command_line(run, tmp_path):
    run("db", "upgrade")
    run("demo", "seed", "--password", "demo-pass-1")
    run("--operator", "seller", "shift", "open", "--float", "150")
    out = run("--operator", "seller", "sheet", "shift", "--x", "--format", "csv").stdout
    assert "Opening float 备用金" in out and "150.00" in out
    xlsx = tmp_path / "d1.xlsx"
    run("--operator", "finance", "sheet", "dekad", "--year", "2026", "--month", "2", "--dekad",
        "3", "--format", "xlsx", "--out", str(xlsx))
    assert xlsx.read_bytes()[:2] == b"PK"
    pdf = tmp_path / "m.pdf"
    run("--operator", "finance", "sheet", "month-end", "--year", "2026", "--month", "2",
        "--out", str(pdf))
    assert pdf.read_bytes()[:5] == b"%PDF-"
    p = run("--operator", "seller", "invoice", "S01-99999999", ok=False)
    assert p.returncode == 2 and "No sale with receipt" in p.stderr
    p = run("--operator", "seller", "sheet", "month-end", "--year", "2026", "--month", "2", ok=False)
    assert p.returncode == 2 and "may not" in p.stderr


def test_the_cli_logs_a_refusal_in_one_line(run, tmp_path):
    logs = tmp_path / "logs"
    run("db", "upgrade", VENDING_LOG_DIR=str(logs))
    run("demo", "seed", "--password", "demo-pass-1", VENDING_LOG_DIR=str(logs))
    p = run("--operator", "nobody", "audit", "verify", ok=False, VENDING_LOG_DIR=str(logs))
    assert p.returncode == 2
    log = (logs / "station.log").read_text()
    assert "cli started: version" in log
    assert "station S01, database sqlite (sqlite:///" in log and ": command audit verify" in log
    assert "sign-in refused at station S01 for login 'nobody': Wrong login or password." in log
    assert "command audit verify refused: AuthenticationFailed: Wrong login or password." in log
    assert "Traceback" not in log and "demo-pass-1" not in log


def test_the_cli_logs_an_error_with_its_traceback_and_no_password(run, tmp_path):
    logs = tmp_path / "logs"
    url = "postgresql+psycopg://vend:s3cret-pw@127.0.0.1:1/station?connect_timeout=5"
    p = run("status", ok=False, VENDING_LOG_DIR=str(logs), VENDING_DB_URL=url)
    assert p.returncode == 2 and "Traceback" not in p.stderr
    assert "s3cret-pw" not in p.stderr and "vend:***@127.0.0.1:1" in p.stderr
    log = (logs / "station.log").read_text()
    assert "database postgresql (postgresql+psycopg://vend:***@127.0.0.1:1/station" in log
    assert "ERROR" in log and "command status failed: OperationalError" in log
    assert "Traceback (most recent call last):" in log and "in cmd_status" in log
    assert "s3cret-pw" not in log
