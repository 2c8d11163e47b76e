"""The station's runtime keeps to calls Windows has too (docs/windows.md):
no POSIX-only module or call, no Linux path, outside the virtual reader
(the virtual card, its slot in vpcd's reader and the CLI commands that
drive them), which exists only for the demo and the tests on Linux."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNTIME = ("vending_app", "cards", "db", "receipts", "meterlink")
VIRTUAL_READER = {"cards/virtual_card.py", "cards/vpcd_slot.py", "cards/virtual_meter.py",
                  "vending_app/cli/simulator.py"}
MODULES = {"fcntl", "termios", "tty", "pty", "pwd", "grp", "resource", "posix", "crypt",
           "syslog", "readline"}
CALLS = {"os.fork", "os.getuid", "os.geteuid", "os.getgid", "os.setsid", "os.killpg",
         "os.getpgid", "os.setpgrp", "os.uname", "os.mkfifo", "os.statvfs", "os.sync",
         "os.getloadavg", "signal.SIGKILL", "signal.SIGHUP", "signal.SIGUSR1", "signal.SIGUSR2",
         "signal.SIGALRM", "signal.SIGQUIT", "signal.alarm", "signal.pause"}
PATHS = ("/proc/", "/sys/", "/run/", "/dev/shm", "/var/run", "nsenter", "unshare", "pgrep")


def findings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names if a.name.split(".")[0] in MODULES]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out += [node.module] if node.module.split(".")[0] in MODULES else []
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            out += [f"{node.value.id}.{node.attr}"] if f"{node.value.id}.{node.attr}" in CALLS else []
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            out += [node.value[:40] for p in PATHS if node.value.startswith(p)]
    return out


def test_the_runtime_makes_no_linux_only_call_outside_the_virtual_reader():
    files = [p for d in RUNTIME for p in (ROOT / d).rglob("*.py") if "versions" not in p.parts]
    assert len(files) > 100
    found = {}
    for p in files:
        rel = p.relative_to(ROOT).as_posix()
        if rel not in VIRTUAL_READER and findings(p):
            found[rel] = findings(p)
    assert found == {}


def test_the_check_sees_what_it_looks_for(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("import fcntl\nimport os, signal\nos.kill(1, signal.SIGKILL)\n"
                     "open('/proc/self/status')\n")
    assert findings(probe) == ["fcntl", "signal.SIGKILL", "/proc/self/status"]
