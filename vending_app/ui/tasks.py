"""Work off the GUI thread: one thread per resource.

The database has one worker thread and the card reader another (each an
executor of one thread, as Anki's task manager and Electrum's device
thread): a resource's work runs in the order it was asked for, never two
jobs at once, and the resource can check at its entry that it is called
from its own thread (``on_card_thread``). A card job gets its card station
on the card thread; when the core does both in one call (a sale: read the
card, reserve, write the card, commit), that call runs on the card thread
and reaches the database from there. Documents (a 400-page PDF takes seconds)
are drawn on a third thread, so neither the database nor the card waits
behind a drawing. Results come back to the GUI thread
through queued signals, so callbacks may touch widgets. ``busy_changed``
drives the window's busy indicator. Every job's start, end and failure goes
to the application log (an unexpected failure with its traceback, taken on
the worker while it is at hand).
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QObject, Qt, Signal, Slot

from cards.station import PcscCardStation, WrongThread
from vending_app import applog

_here = threading.local()  # which resource's worker this thread is, if any


def on_card_thread() -> bool:
    """True on a card executor's thread: the only place card I/O may start."""
    return getattr(_here, "resource", None) == "card"


def on_database_thread() -> bool:
    return getattr(_here, "resource", None) == "database"


def require_card_thread() -> None:
    """The card station's check in the window: card I/O only on the card thread."""
    if not on_card_thread():
        raise WrongThread(f"card I/O on {threading.current_thread().name}: "
                          "only the card thread may start it")


def guard_card_thread() -> None:
    """The window is starting on this thread: the card station refuses card
    I/O here, and anywhere but the card thread."""
    PcscCardStation.gui_thread = threading.current_thread()
    PcscCardStation.thread_check = require_card_thread


def _executor(resource: str) -> ThreadPoolExecutor:
    def mark() -> None:
        _here.resource = resource
    return ThreadPoolExecutor(1, thread_name_prefix=f"station-{resource}", initializer=mark)


class _Relay(QObject):
    finished = Signal(int, bool, object)


class Tasks(QObject):
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.database = _executor("database")
        self.card = _executor("card")
        self.documents = _executor("documents")
        self._relay = _Relay()
        self._relay.finished.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        self._ids = itertools.count(1)
        self._callbacks: dict[int, tuple] = {}
        self._background: set[int] = set()
        self.stopped = self._closed = False

    @property
    def busy(self) -> bool:
        return len(self._callbacks) > len(self._background)

    def run(self, fn: Callable[[], object], done: Callable[[object], None],
            failed: Callable[[BaseException], None], background: bool = False,
            name: str | None = None) -> int:
        """Database work (and anything else that is not the card).
        ``background``: a poll (monitoring, messages, heartbeat) that the
        operator did not ask for does not show the busy bar, and is logged
        only when it fails. ``name``: the job in the log (default: ``fn``'s)."""
        return self._submit(self.database, fn, done, failed, background,
                            name or applog.job_name(fn), card=False)

    def run_documents(self, fn: Callable[[], object], done: Callable[[object], None],
                      failed: Callable[[BaseException], None], background: bool = False,
                      name: str | None = None) -> int:
        """Drawing a document from data already read (no database, no card):
        in the order asked for, on the documents' own thread."""
        return self._submit(self.documents, fn, done, failed, background,
                            name or applog.job_name(fn), card=False)

    def run_card(self, station: Callable[[], object], fn: Callable[[object], object],
                 done: Callable[[object], None], failed: Callable[[BaseException], None],
                 name: str | None = None) -> int:
        """Card work: ``station()`` makes the card station on the card thread
        and ``fn(station)`` runs there, so no card job can land elsewhere."""
        return self._submit(self.card, lambda: fn(station()), done, failed, False,
                            name or applog.job_name(fn), card=True)

    def _submit(self, executor: ThreadPoolExecutor, fn: Callable[[], object], done, failed,
                background: bool, name: str, card: bool) -> int:
        if self.stopped:  # the application is closing: late timers start nothing
            return 0
        job_id = next(self._ids)
        was_busy = self.busy
        self._callbacks[job_id] = (done, failed)
        if background:
            self._background.add(job_id)
        executor.submit(self._work, job_id, fn, name, card, background)
        if not was_busy and self.busy:
            self.busy_changed.emit(True)
        return job_id

    def _work(self, job_id: int, fn: Callable[[], object], name: str, card: bool,
              background: bool) -> None:
        """On the resource's thread."""
        started = applog.job_started(name, background)
        try:
            result = fn()
        except BaseException as e:  # noqa: BLE001 - handed to the GUI thread as it is
            applog.failure(f"job {name}", e, card=card)
            self._relay.finished.emit(job_id, False, e)
        else:
            applog.job_ended(name, started, background)
            self._relay.finished.emit(job_id, True, result)

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
        """Block until the work asked for so far has run (tests)."""
        if self._closed:
            return
        for executor in (self.card, self.database, self.documents):
            executor.submit(lambda: None).result(msecs / 1000)

    def shutdown(self, msecs: int = 30000) -> None:
        """Let running work finish (a card write is never cut off); start no more."""
        self.stopped = True
        self.wait(msecs)
        self._closed = True
        for executor in (self.card, self.database, self.documents):
            executor.shutdown(wait=True)
