"""Work off the GUI thread.

Card I/O runs on one thread of its own (one reader, one operation at a
time); database work and report building run on a small pool. Results come
back to the GUI thread through queued signals, so callbacks may touch
widgets. ``busy_changed`` drives the window's busy indicator. Every job's
start, end and failure goes to the application log (an unexpected failure
with its traceback, taken on the worker while it is at hand).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

from vending_app import applog


class _Relay(QObject):
    finished = Signal(int, bool, object)


class _Job(QRunnable):
    def __init__(self, job_id: int, fn: Callable[[], object], relay: _Relay, name: str,
                 card: bool = False, background: bool = False):
        super().__init__()
        self.job_id, self.fn, self.relay = job_id, fn, relay
        self.name, self.card, self.background = name, card, background

    def run(self) -> None:
        started = applog.job_started(self.name, self.background)
        try:
            result = self.fn()
        except BaseException as e:  # noqa: BLE001 - handed to the GUI thread as it is
            applog.failure(f"job {self.name}", e, card=self.card)
            self.relay.finished.emit(self.job_id, False, e)
        else:
            applog.job_ended(self.name, started, self.background)
            self.relay.finished.emit(self.job_id, True, result)


class Tasks(QObject):
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.card_pool = QThreadPool(self)
        self.card_pool.setMaxThreadCount(1)
        self.db_pool = QThreadPool(self)
        self.db_pool.setMaxThreadCount(3)
        self._relay = _Relay()
        self._relay.finished.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        self._ids = itertools.count(1)
        self._callbacks: dict[int, tuple] = {}
        self._background: set[int] = set()
        self.stopped = False

    @property
    def busy(self) -> bool:
        return len(self._callbacks) > len(self._background)

    def run(self, fn: Callable[[], object], done: Callable[[object], None],
            failed: Callable[[BaseException], None], card: bool = False,
            background: bool = False, name: str | None = None) -> int:
        """``background``: a poll (monitoring, messages, heartbeat) that the
        operator did not ask for does not show the busy bar, and is logged
        only when it fails. ``name``: the job in the log (default: ``fn``'s)."""
        if self.stopped:  # the application is closing: late timers start nothing
            return 0
        job_id = next(self._ids)
        was_busy = self.busy
        self._callbacks[job_id] = (done, failed)
        if background:
            self._background.add(job_id)
        job = _Job(job_id, fn, self._relay, name or applog.job_name(fn), card, background)
        (self.card_pool if card else self.db_pool).start(job)
        if not was_busy and self.busy:
            self.busy_changed.emit(True)
        return job_id

    @Slot(int, bool, object)
    def _finished(self, job_id: int, ok: bool, value: object) -> None:
        done, failed = self._callbacks.pop(job_id)
        self._background.discard(job_id)
        if self.stopped:  # the windows are gone: nothing to show it on
            return
        try:
            (done if ok else failed)(value)
        finally:
            if not self.busy:
                self.busy_changed.emit(False)

    def wait(self, msecs: int = 30000) -> None:
        """Block until the pools are idle (tests)."""
        self.card_pool.waitForDone(msecs)
        self.db_pool.waitForDone(msecs)

    def shutdown(self, msecs: int = 30000) -> None:
        """Let running work finish (a card write is never cut off); start no more."""
        self.stopped = True
        self.wait(msecs)
