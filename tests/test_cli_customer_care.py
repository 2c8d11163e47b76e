"""Customer maintenance from the command line, as a clerk runs it."""


def test_edit_history_owner_category_and_suspension(run_cli):
    run = run_cli
    run("db", "upgrade")
    run("demo", "seed", "--password", "demo-pass-1")
    clerk = ("--operator", "clerk")
    found = run(*clerk, "account", "search", "000000000001").stdout.splitlines()
    acc = found[1].split(",")[0]
    run(*clerk, "customer", "edit", acc, "--phone", "13911112222", "--reason", "new number")
    hist = run(*clerk, "customer", "history", acc).stdout
    assert "edit" in hist and "13911112222" in hist and "new number" in hist
    run(*clerk, "customer", "owner", acc, "--name", "Qian Wu", "--id-number", "PASSPORT-88",
        "--date", "2026-03-01")
    assert "Qian Wu" in run(*clerk, "account", "search", acc).stdout
    assert "owner" in run(*clerk, "customer", "history", acc).stdout
    run(*clerk, "customer", "category", acc, "IND", "--date", "2026-01-01")
    # industrial: 0.85 a kWh and the monthly charge of 10.00
    assert "95.00" in run("--operator", "seller", "quote", "000000000001", "--kwh", "100").stdout
    run(*clerk, "customer", "suspend", acc, "--reason", "tamper check")
    p = run("--operator", "seller", "quote", "000000000001", "--kwh", "1", ok=False)
    assert p.returncode == 2 and "suspended: no sales" in p.stderr
    run(*clerk, "customer", "reactivate", acc, "--reason", "checked")
    run("--operator", "seller", "quote", "000000000001", "--kwh", "1")
