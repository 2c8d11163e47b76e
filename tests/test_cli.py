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


def test_card_issue_over_a_live_card_is_one_line_and_exit_2(run, pcsc_ready, tmp_path):
    """The README's card lines: the demo card is issued on a blank card; a
    new card for meter 2 on that live card is refused and writes nothing;
    on a blank card (``card insert NAME --blank``) it is issued."""
    env = {"XDG_DATA_HOME": str(tmp_path / "data"), "VENDING_KEY_PASSPHRASE": "a long passphrase"}
    run("db", "upgrade")
    run("demo", "seed", "--password", "demo-pass-1")
    run("--operator", "admin", "keys", "create", **env)
    try:
        run("card", "insert", "customer", "--blank", **env)
        run("--operator", "clerk", "card", "issue", "000000000001", **env)
        image = tmp_path / "data" / "vending-station" / "cards" / "customer.json"
        before = image.read_bytes()
        p = run("--operator", "clerk", "card", "issue", "000000000002", ok=False, **env)
        assert p.returncode == 2 and p.stderr.count("\n") == 1, p.stderr
        assert "live card of meter 000000000001" in p.stderr and "Traceback" not in p.stderr
        p = run("--operator", "clerk", "tool", "issue", "check", "000000000002", "--overwrite",
                ok=False, **env)
        assert p.returncode == 2 and "live card of meter 000000000001" in p.stderr
        assert image.read_bytes() == before
        run("card", "insert", "customer", **env)  # put back as it is: still the live card
        assert image.read_bytes() == before
        run("card", "insert", "spare", "--blank", **env)
        out = run("--operator", "clerk", "card", "issue", "000000000002", **env).stdout
        assert "issued for meter 000000000002" in out
    finally:
        run("card", "remove", ok=False, **env)


def _rows(url):
    from db.engine import Database
    from tests.conftest import table_counts
    db = Database(url)
    try:
        return table_counts(db)
    finally:
        db.engine.dispose()


@pytest.mark.parametrize("args,message", [
    (["--operator", "seller", "quote", "000000000001", "--kwh", "1e400"], "not a number"),
    (["--operator", "seller", "quote", "000000000001", "--amount", "1,000"], "separators: 1000"),
    (["--operator", "seller", "sell", "--kwh", "10", "--tendered", "1e400"], "not a number"),
    (["--operator", "seller", "sell", "--amount", "１０"], "0-9"),
    (["--operator", "seller", "shift", "open", "--float", "1e400"], "not a number"),
    (["--operator", "admin", "tariff", "version", "--code", "RES", "--from", "2027-01-01",
      "--tiers", "2160:1e400,*:0.8583"], "not a number"),
    (["--operator", "clerk", "meter", "pair", "00000001", "０００００００００１２３"], "0-9"),
])
def test_absurd_numbers_are_one_line_and_change_nothing(run, tmp_path, args, message):
    run("db", "upgrade")
    run("demo", "seed", "--password", "demo-pass-1")
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    before = _rows(url)
    p = run(*args, ok=False)
    assert p.returncode == 2, p.stderr
    assert p.stderr.count("\n") == 1 and message in p.stderr and "Traceback" not in p.stderr
    after = _rows(url)
    after.pop("audit_events"), before.pop("audit_events")
    assert after == before


@pytest.mark.parametrize("typed,message", [
    ("20270101", "like 2026-03-01"), ("2027-W01-1", "like 2026-03-01"),
    ("0001-01-01", "outside the years 2000-2099"), ("x" * 10_000, "like 2026-03-01"),
])
def test_dates_are_typed_as_yyyy_mm_dd(run, tmp_path, typed, message):
    run("db", "upgrade")
    run("demo", "seed", "--password", "demo-pass-1")
    before = _rows(f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    p = run("--operator", "admin", "tariff", "version", "--code", "RES", "--from", typed,
            "--tiers", "0.5", ok=False)
    assert p.returncode == 2 and message in p.stderr and "Traceback" not in p.stderr
    assert len(p.stderr) < 1000
    assert _rows(f"sqlite:///{tmp_path / 'cli.sqlite3'}") == before


def test_whole_number_arguments_are_ascii_digits(run):
    run("db", "upgrade")
    for year in ("２０２６", "+2026", "2_026"):
        p = run("--operator", "finance", "report", "totals", "--year", year, "--month", "2",
                ok=False)
        assert p.returncode == 2 and "is not a whole number" in p.stderr, p.stderr


def test_an_error_raised_by_a_card_command_is_one_line(run):
    """CliError raised by a command module is caught, also when the CLI runs as __main__."""
    run("db", "upgrade")
    run("demo", "seed", "--password", "demo-pass-1")
    p = run("--operator", "seller", "sell", "--kwh", "10", ok=False, VENDING_KEY_PASSPHRASE="")
    assert p.returncode == 2 and p.stderr.count("\n") == 1 and "Traceback" not in p.stderr


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


def _audited(tmp_path, action: str) -> list[tuple[str, str]]:
    import sqlite3
    con = sqlite3.connect(str(tmp_path / "cli.sqlite3"))
    rows = con.execute("SELECT operator_login, entity_id FROM audit_events WHERE action = ?",
                       (action,)).fetchall()
    con.close()
    return rows


def test_the_virtual_meter_is_a_demo_office_administrators_and_keeps_no_key(run, tmp_path):
    """Any role could write a meter's key in clear with 'meter-sim create'."""
    env = {"XDG_DATA_HOME": str(tmp_path / "data"), "VENDING_KEY_PASSPHRASE": "key-pass-phrase-1"}
    run("db", "upgrade")
    run("demo", "seed", "--password", "demo-pass-1")
    run("--operator", "admin", "keys", "create", **env)
    p = run("--operator", "finance", "meter-sim", "create", "000000000001", ok=False, **env)
    assert p.returncode == 2 and "A finance may not do this" in p.stderr
    run("--operator", "admin", "meter-sim", "create", "000000000001", **env)
    state = tmp_path / "data" / "vending-station" / "meters" / "000000000001.json"
    text = state.read_text()
    assert "key_hex" not in text and '"key_version": 1' in text
    p = run("--operator", "admin", "meter-sim", "consume", "000000000001", "1", **env)
    assert "delivered 0.00 kWh" in p.stdout
    assert _audited(tmp_path, "meter_sim_create") == [("admin", "000000000001")]
    assert _audited(tmp_path, "meter_sim_consume") == [("admin", "000000000001")]


def test_the_virtual_meter_does_not_exist_in_a_working_office(run, tmp_path):
    env = {"XDG_DATA_HOME": str(tmp_path / "data"), "VENDING_KEY_PASSPHRASE": "key-pass-phrase-1",
           "XDG_CONFIG_HOME": str(tmp_path / "cfg")}  # the set-up file stays the test's
    run("setup", "--name", "Counter 1", "--admin", "boss", **env)
    p = run("--operator", "boss", "meter-sim", "create", "000000000001", ok=False, **env)
    assert p.returncode == 2 and "exists only in a demo office" in p.stderr
    assert not (tmp_path / "data" / "vending-station" / "meters").exists()
