"""Putting virtual cards into vpcd's reader slot and taking them out.

Used by the tests, the demo and the CLI. When pcscd runs in a private network
namespace (scripts/services.sh), the card process joins it with nsenter.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from cards.errors import NoReader

VANISH_SETTLE_S = 0.6
NETNS_FILE = "virtual-reader.netns"  # written by scripts/start.sh for later shells


def default_netns() -> str:
    if os.environ.get("VENDING_VPCD_NETNS"):
        return os.environ["VENDING_VPCD_NETNS"]
    import platformdirs

    from db.engine import APP_NAME
    f = platformdirs.user_data_path(APP_NAME, appauthor=False) / NETNS_FILE
    if f.exists() and Path(f.read_text().strip()).exists():
        return f.read_text().strip()
    return ""


class VirtualSlot:
    def __init__(self, netns: str | None = None, port: int | None = None):
        self.netns = netns if netns is not None else default_netns()
        self.port = port or int(os.environ.get("VENDING_VPCD_PORT", 35963))
        self.proc: subprocess.Popen | None = None
        self.kind = "cpu"  # of new card images

    def _command(self, image: Path, vanish_at: int | None, vanish_mode: str,
                 tear_at: int | None = None, kind: str = "cpu") -> list[str]:
        cmd = [sys.executable, "-m", "cards.virtual_card", "--image", str(image),
               "--port", str(self.port), "--kind", kind]
        if vanish_at is not None:
            cmd += ["--vanish-at", str(vanish_at), "--vanish-mode", vanish_mode]
        if tear_at is not None:
            cmd += ["--tear-at", str(tear_at)]
        if self.netns:
            cmd = ["nsenter", f"--net={self.netns}", "--", *cmd]
        return cmd

    def insert(self, image: Path, vanish_at: int | None = None, vanish_mode: str = "before",
               timeout: float = 15.0, tear_at: int | None = None, kind: str | None = None) -> None:
        """``kind``: of a new card image (cpu, sle4442, sle4428); ``self.kind`` if not given."""
        self.remove()
        root = Path(__file__).resolve().parents[1]
        env = {**os.environ, "PYTHONPATH": str(root)}
        cmd = self._command(Path(image), vanish_at, vanish_mode, tear_at, kind or self.kind)
        self.proc = subprocess.Popen(cmd, env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.wait_arrived(self.proc, timeout)

    def remove(self, timeout: float = 15.0) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout)
        self.proc = None
        self.wait_present(False, timeout)
        time.sleep(VANISH_SETTLE_S)

    def wait_vanished(self, timeout: float = 15.0) -> str:
        """Wait for a card told to vanish to leave; returns what it said.

        vpcd and pcscd wedge for good if a new card connects within a moment
        of one that left (seen with vsmartcard 0.8 / pcsc-lite 1.9.9 after a
        card dropped mid-command or its client was killed); no hand is that
        fast, so the slot stays empty a little while after every removal.
        """
        out, _ = self.proc.communicate(timeout=timeout)
        self.proc = None
        self.wait_present(False, timeout)
        time.sleep(VANISH_SETTLE_S)
        return out.strip()

    @staticmethod
    def occupied() -> bool:
        """Whether a card is in the reader already (no reader: not occupied)."""
        from cards.reader import card_present
        try:
            return card_present()
        except NoReader:
            return False

    @classmethod
    def wait_arrived(cls, proc: subprocess.Popen, timeout: float) -> None:
        """Wait for the card of the card process ``proc`` to be in the reader;
        NoReader (and the process stopped) if it ends first or does not get
        there in time: it found no virtual reader."""
        from cards.reader import card_present
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if card_present():
                    return
            except NoReader:
                pass
            time.sleep(0.05)
        if proc.poll() is None:
            proc.kill()
        raise NoReader("The virtual card found no virtual reader to go into: start the "
                       "virtual reader first (scripts/start.sh starts it).")

    @staticmethod
    def wait_present(present: bool, timeout: float) -> None:
        from cards.reader import card_present
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if card_present() == present:
                    return
            except NoReader:
                pass
            time.sleep(0.05)
        raise TimeoutError(f"the virtual card did not {'arrive' if present else 'leave'} in time")
