"""What the install tests do with an installed station, wherever it was
installed from (a wheel in a fresh virtual environment, the .deb's bundle):
the demo office's sale on the virtual reader, its invoice as a PDF with
Chinese text, read back by pdftotext."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tests.test_readme import fresh_home

METER = "000000000001"
CJK = re.compile(r"[\u4e00-\u9fff]")


def home_env(tmp_path: Path, path_first: Path | None = None) -> dict[str, str]:
    """A fresh home with the suite's virtual reader noted, as start.sh notes
    it; no PYTHONPATH, so nothing is found in the checkout by accident."""
    env = fresh_home(tmp_path)
    env.pop("PYTHONPATH", None)
    if path_first is not None:
        env["PATH"] = f"{path_first}:{env['PATH']}"
    env.update(VENDING_PASSWORD="demo-pass", VENDING_KEY_PASSPHRASE="demo-key-passphrase")
    return env


SALE = [
    ["db", "upgrade"],
    ["demo", "seed", "--password", "demo-pass"],
    ["--operator", "admin", "keys", "create"],
    ["--operator", "admin", "setup", "--name", "Demo counter"],
    ["card", "insert", "customer", "--blank"],
    ["--operator", "clerk", "card", "issue", METER],
    ["--operator", "seller", "shift", "open", "--float", "100"],
    ["--operator", "seller", "sell", "--kwh", "100", "--tendered", "60"],
]


def script(cli: str, invoice: Path) -> str:
    """The demo sale as one shell script: a command that fails stops it."""
    lines = ["set -e"] + [" ".join([cli, *map(_quote, args)]) for args in SALE]
    lines.append(f"{cli} --operator seller invoice S01-00000001 --copy --out {invoice}")
    return "\n".join(lines) + "\n"


def _quote(arg: str) -> str:
    return f"'{arg}'" if " " in arg else arg


def check_sale(said: str, invoice: Path) -> None:
    assert "change 7.17" in said, said
    text = subprocess.run(["pdftotext", "-layout", str(invoice), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "售电发票" in text and "S01-00000001" in text, text
    assert len(CJK.findall(text)) > 20, text


def take_out_card(cli: str, env: dict[str, str], cwd: Path) -> None:
    """The virtual card of this home leaves the shared reader."""
    subprocess.run([cli, "card", "remove"], env=env, cwd=cwd, capture_output=True, timeout=60)
