"""Named points where the fault tests kill the station process.

``VENDING_FAULT_KILL_AT=<point>`` makes the process SIGKILL itself when it
reaches that point, as a power cut would. Unset (always, in production) a
point costs one dictionary lookup. The points are the boundaries between
the steps of a sale, where a crash must leave a recoverable state.
"""

from __future__ import annotations

import os
import signal

POINTS = ("after_reserve", "after_card_update", "after_card_write", "after_commit")
# The same boundaries in a refund on demand (core/refunds.py).
REFUND_POINTS = ("after_refund_reserve", "after_card_update", "after_refund_card_write",
                 "after_refund_commit")


# Windows has no SIGKILL; its os.kill ends the process at once (TerminateProcess).
KILL = getattr(signal, "SIGKILL", signal.SIGTERM)


def point(name: str) -> None:
    if os.environ.get("VENDING_FAULT_KILL_AT") == name:
        os.kill(os.getpid(), KILL)
