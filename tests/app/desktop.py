"""A real desktop for the real application: Xvfb with a window manager,
the station started by the README's own command in a fresh home, driven
by real X key events (xdotool) and photographed at every step.

Nothing here calls a widget: what the test knows of the window is what a
clerk would see (window titles, screenshots) and what the books say
afterwards (the station's own database file)."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-output" / "screens"  # kept by CI as files of the run
GRAB = """
import sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication(["grab", "-platform", "xcb"])
app.primaryScreen().grabWindow(0).save(sys.argv[1])
"""


def _free_display() -> int:
    first = 90 + 50 * int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    for n in range(first, first + 50):  # parallel workers never race for one number
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists():
            return n
    raise RuntimeError("no free X display number")


class Desktop:
    """One X server (1366x768, the old counter monitor) with openbox."""

    def __init__(self, home: Path, name: str):
        for tool in ("Xvfb", "openbox", "xdotool"):
            if shutil.which(tool) is None:
                raise RuntimeError(f"{tool} is missing: scripts/test.sh installs it")
        self.home, self.name, self.step = home, name, 0
        self.display = f":{_free_display()}"
        self.procs: list[subprocess.Popen] = []
        self.stations: list[Station] = []
        self._spawn(["Xvfb", self.display, "-screen", "0", "1366x768x24", "-nolisten", "tcp"])
        self._wait(lambda: Path(f"/tmp/.X11-unix/X{self.display[1:]}").exists(), 20, "Xvfb")
        self._spawn(["openbox"])
        time.sleep(1)
        self.shots = SHOTS / name
        shutil.rmtree(self.shots, ignore_errors=True)
        self.shots.mkdir(parents=True)

    def env(self, **extra) -> dict[str, str]:
        """The fresh home's environment on this display (no offscreen Qt)."""
        drop = {"QT_QPA_PLATFORM", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "VENDING_DB_URL"}
        env = {k: v for k, v in os.environ.items() if k not in drop}
        env.update(HOME=str(self.home), DISPLAY=self.display,
                   XDG_RUNTIME_DIR=str(self.home / "run"), **extra)
        (self.home / "run").mkdir(parents=True, exist_ok=True, mode=0o700)
        return env

    def _spawn(self, cmd, **kw) -> subprocess.Popen:
        p = subprocess.Popen(cmd, env=self.env(), stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True, **kw)
        self.procs.append(p)
        return p

    @staticmethod
    def _wait(ok, seconds: float, what: str) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if ok():
                return
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for {what}")

    # --- what a person does ---------------------------------------------------------
    def xdotool(self, *args: str) -> str:
        return subprocess.run(["xdotool", *args], env=self.env(), capture_output=True,
                              text=True, timeout=30).stdout.strip()

    def window(self, title: str, seconds: float = 90) -> str:
        """The id of the visible window whose title contains ``title``."""
        found: list[str] = []

        def visible():
            found[:] = self.xdotool("search", "--onlyvisible", "--name", title).split()
            return bool(found)
        self._wait(visible, seconds, f"a window titled {title!r}")
        return found[-1]

    def gone(self, title: str, seconds: float = 30) -> None:
        self._wait(lambda: not self.xdotool("search", "--onlyvisible", "--name", title),
                   seconds, f"the window {title!r} to close")

    def focus(self, wid: str) -> None:
        self.xdotool("windowactivate", "--sync", wid)
        time.sleep(0.3)

    def keys(self, *keys: str, pause: float = 0.25) -> None:
        for k in keys:
            self.xdotool("key", "--clearmodifiers", k)
            time.sleep(pause)

    def type(self, text: str) -> None:
        self.xdotool("type", "--delay", "60", text)
        time.sleep(0.3)

    def shot(self, what: str) -> Path:
        self.step += 1
        path = self.shots / f"{self.step:02d}-{what}.png"
        subprocess.run([sys.executable, "-c", GRAB, str(path)], env=self.env(), check=True,
                       timeout=60, capture_output=True)
        return path

    def close(self) -> None:
        for station in self.stations:
            station.stop()
        for p in reversed(self.procs):
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
                try:
                    p.wait(10)
                except subprocess.TimeoutExpired:
                    os.killpg(p.pid, signal.SIGKILL)


class Station:
    """The station as the README starts it: ``bash scripts/start.sh``."""

    def __init__(self, desk: Desktop, *args: str):
        self.desk = desk
        self.log = desk.home / "start.log"
        self.proc = subprocess.Popen(["bash", str(ROOT / "scripts" / "start.sh"), *args],
                                     env=desk.env(), stdout=self.log.open("w"),
                                     stderr=subprocess.STDOUT, start_new_session=True)
        desk.stations.append(self)

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def cli(self, *args: str) -> subprocess.CompletedProcess:
        cli = Path(sys.executable).with_name("vending-station-cli")
        return subprocess.run([str(cli), *args], env=self.desk.env(
            VENDING_PASSWORD="demo-pass", VENDING_KEY_PASSPHRASE="demo-key-passphrase"),
            capture_output=True, text=True, timeout=120)

    def database(self) -> Path:
        found = list((self.desk.home / ".local" / "share" / "vending-station").glob("*.sqlite3"))
        assert len(found) == 1, found
        return found[0]

    def query(self, sql: str) -> list[tuple]:
        with sqlite3.connect(self.database()) as db:
            return db.execute(sql).fetchall()

    def stop(self) -> None:
        """Close the station and take its virtual card out of the shared reader."""
        if self.alive:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(20)
        self.cli("card", "remove")
