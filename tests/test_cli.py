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
