"""The README is a test: its ``sh`` blocks run in order, as printed, in a
fresh home against the demo office that ``scripts/start.sh`` sets up
(``scripts/demo.sh``, the same script start.sh runs before the window).

A block preceded by ``<!-- readme-test: not run: WHY -->`` is skipped (the
install commands, hardware, a server the demo has not got). Every other
command must exit 0, or the code its comment gives (``exits 2``), with no
traceback; a comment ``prints "TEXT"`` must find TEXT in what it printed.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
SKIP = re.compile(r"<!--\s*readme-test:\s*not run:\s*(.+?)\s*-->\s*$")
FENCE = re.compile(r"^```(\S*)")
# ~60 CLI processes of ~2 s each on an idle machine (imports, a password
# hash per sign-in): 2-3 minutes; the bounds leave room for a busy, shared
# one (13 minutes at a load of 11 on 2 cores).
DEMO_S, COMMANDS_S = 180, 900


@dataclass
class Command:
    line: int  # in the README
    text: str  # as printed (continuation lines joined by their backslash-newline)
    exit_code: int
    prints: list[str]


def readme_blocks(text: str) -> tuple[list[list[Command]], list[tuple[int, str]]]:
    """The runnable ``sh`` blocks (each a list of commands) and the skipped
    ones (line, reason)."""
    blocks: list[list[Command]] = []
    skipped: list[tuple[int, str]] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        lang, start = m.group(1), i
        end = next(j for j in range(i + 1, len(lines)) if lines[j].startswith("```"))
        body = lines[start + 1:end]
        i = end + 1
        if lang != "sh":
            continue
        reason = SKIP.match(lines[start - 1]) if start else None
        if reason:
            skipped.append((start + 1, reason.group(1)))
            continue
        blocks.append(list(_commands(body, start + 2)))
    return blocks, skipped


def _commands(body: list[str], first_line: int) -> list[Command]:
    found: list[tuple[int, str, str]] = []  # line, command, its comment
    pending: list[str] = []
    at = first_line
    for n, raw in enumerate(body, first_line):
        if not pending:
            at = n
            if not raw.strip():
                continue
            if raw.lstrip().startswith("#"):
                if found and raw.startswith(" "):  # the comment of the command above, wrapped
                    found[-1] = (*found[-1][:2], found[-1][2] + " " + raw.strip(" #"))
                continue
        pending.append(raw)
        if raw.rstrip().endswith("\\"):
            continue
        text = "\n".join(pending)
        pending = []
        found.append((at, text, text.split(" # ", 1)[1] if " # " in text else ""))
    commands = []
    for at, text, comment in found:
        code = re.search(r"\bexits (\d+)", comment)
        commands.append(Command(at, text, int(code.group(1)) if code else 0,
                                re.findall(r'prints "([^"]+)"', comment)))
    return commands


def test_the_readme_marks_only_a_few_blocks_not_run_and_says_why():
    blocks, skipped = readme_blocks(README.read_text())
    assert len(skipped) <= 5, skipped
    assert all(len(why) > 15 for _, why in skipped), skipped
    assert sum(len(b) for b in blocks) >= 40  # the README's commands are what runs


def fresh_home(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    for d in (".config", ".local/share", ".local/state", ".cache", "run"):
        (home / d).mkdir(parents=True, mode=0o700)
    drop = ("VENDING_", "XDG_")
    keep_vpcd = {"VENDING_VPCD_NETNS", "VENDING_VPCD_PORT", "VENDING_READER"}  # the suite's reader
    env = {k: v for k, v in os.environ.items() if not k.startswith(drop) or k in keep_vpcd}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_DATA_HOME=str(home / ".local/share"),
               XDG_STATE_HOME=str(home / ".local/state"), XDG_CACHE_HOME=str(home / ".cache"),
               XDG_RUNTIME_DIR=str(home / "run"), LC_ALL="C.UTF-8")
    # what start.sh does when the test suite's pcscd with the virtual reader runs
    data = home / ".local/share/vending-station"
    data.mkdir(parents=True)
    (data / "virtual-reader.netns").write_text(os.environ["VENDING_VPCD_NETNS"] + "\n")
    return env


def script_of(commands: list[Command], out: Path) -> str:
    """One shell runs them all (exports and ``C=`` carry on, as in a
    terminal); each command's output and exit code go to files of its own."""
    parts = ["set +e"]
    for n, c in enumerate(commands):
        parts.append(f"{{ {c.text}\n}} >{out}/{n}.out 2>{out}/{n}.err </dev/null\n"
                     f"echo $? >{out}/{n}.rc")
    return "\n".join(parts) + "\n"


def run_bounded(cmd: list[str], env: dict[str, str], seconds: float) -> tuple[int, str]:
    """Run ``cmd`` in a session of its own; past ``seconds`` the whole
    session (the CLI it is running too) is stopped."""
    p = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        out, _ = p.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, _ = p.communicate()
        return -1, f"stopped after {seconds} s\n{out}"
    return p.returncode, out


@pytest.mark.timeout(DEMO_S + COMMANDS_S + 60)
def test_the_readme_runs_as_printed_against_the_demo_office(pcsc_ready, tmp_path):
    cli = ROOT / ".venv" / "bin" / "vending-station-cli"
    if not cli.exists():
        pytest.fail("the README's commands run .venv/bin/vending-station-cli: "
                    "scripts/test.sh makes .venv")
    blocks, _ = readme_blocks(README.read_text())
    commands = [c for b in blocks for c in b]
    env = fresh_home(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    try:
        rc, said = run_bounded(["bash", str(ROOT / "scripts" / "demo.sh")], env, DEMO_S)
        assert rc == 0 and "Traceback" not in said, said
        rc, said = run_bounded(["bash", "-c", script_of(commands, out)], env, COMMANDS_S)
        assert rc == 0, said
    finally:  # the virtual card process of this home leaves the shared reader
        subprocess.run([str(cli), "card", "remove"], cwd=ROOT, env=env, capture_output=True,
                       timeout=60)
    failures = []
    for n, c in enumerate(commands):
        rc_file = out / f"{n}.rc"
        if not rc_file.exists():
            failures.append(f"README line {c.line}: did not run: {c.text}")
            continue
        rc = int(rc_file.read_text())
        stdout, stderr = (out / f"{n}.out").read_text(), (out / f"{n}.err").read_text()
        said = f"README line {c.line}: {c.text}\n  exit {rc}\n  {stdout[-800:]}{stderr[-800:]}"
        if rc != c.exit_code:
            failures.append(f"exit {rc}, the README says {c.exit_code}: {said}")
        elif "Traceback" in stdout + stderr:
            failures.append(f"a traceback: {said}")
        for text in c.prints:
            if text not in stdout:
                failures.append(f"does not print {text!r}: {said}")
    assert not failures, "\n".join(failures)
