"""The meter link and the analyses from the command line, in separate
processes, with the dlt645 package's meter on the other end of the line."""

from tests.meter_peer import meter_line
from tests.test_cli import run  # noqa: F401 - the CLI fixture

MASTER = "990000000001"
# A pty ignores line settings, but Linux refuses to set even parity again on
# one opened before: each process here opens it anew, so no parity.
LINE = ("--parity", "N")


def test_master_meter_read_over_the_link_and_typed(run, tmp_path, pty_pair):  # noqa: F811
    run("db", "upgrade")
    run("demo", "seed", "--password", "demo-pass-1")
    run("--operator", "admin", "master", "add", "T1", MASTER, "Transformer 1", "--multiplier",
        "40")
    run("--operator", "clerk", "master", "record", MASTER, "--kwh", "1000.00", "--note",
        "installed")
    with meter_line(tmp_path, pty_pair, MASTER, 1234.56, None) as (port, _, _):
        out = run("link", "read", "--port", port, *LINE).stdout
        assert f"meter {MASTER}: total active energy 1234.56 kWh" in out
        out = run("--operator", "clerk", "master", "record", MASTER, "--port", port,
                  *LINE).stdout
        assert "1234.56 kWh read over" in out
        failed = run("link", "read", "--port", port, "--address", "990000000002", *LINE,
                     ok=False)
        assert failed.returncode != 0 and "refused the request" in failed.stderr
    listed = run("--operator", "clerk", "master", "list").stdout
    assert "1234.56 kWh" in listed and f"serial {port}" in listed
    lost = run("link", "read", "--port", port, *LINE, ok=False)  # the line is gone
    assert "cannot be opened" in lost.stderr
    out = run("--operator", "finance", "analyse", "line-loss", "--month", "2026-11").stdout
    assert out.splitlines()[0].startswith("team")
    out = run("--operator", "finance", "analyse", "suspicious").stdout
    assert "customer(s) flagged" in out
    denied = run("--operator", "seller", "analyse", "suspicious", ok=False)
    assert "may not" in denied.stderr
