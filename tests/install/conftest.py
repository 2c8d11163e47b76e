"""The install tests share one wheel, built from the repository and
installed into one fresh virtual environment outside the checkout: the
wheel's tests run the station from it, and the bundle is built from it."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Installed:
    wheel: Path
    venv: Path


def sh(cmd, **kw) -> subprocess.CompletedProcess:
    done = subprocess.run(cmd, capture_output=True, text=True, **kw)
    assert done.returncode == 0, f"{cmd}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="session")
def installed_wheel(tmp_path_factory) -> Installed:
    where = tmp_path_factory.mktemp("wheel")
    started = time.monotonic()
    wheel = sh(["bash", str(ROOT / "scripts" / "build_wheel.sh"), str(where / "dist")],
               cwd=ROOT).stdout.split()[-1]
    built = time.monotonic()
    sh([sys.executable, "-m", "venv", str(where / "venv")], cwd=where)
    sh([str(where / "venv/bin/python"), "-m", "pip", "install", "-q",
        "--disable-pip-version-check", wheel], cwd=where)
    print(f"\nwheel built in {built - started:.0f} s, installed in a new environment in "
          f"{time.monotonic() - built:.0f} s")
    return Installed(Path(wheel), where / "venv")
