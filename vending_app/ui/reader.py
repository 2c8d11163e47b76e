"""The card reader as the window sees it: insert/remove events as Qt
signals, and the reader's state for the status bar. pyscard's monitor
thread never touches a widget; it only emits."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from cards.errors import CardError
from cards.reader import CardWatcher, list_readers


class Reader(QObject):
    card_changed = Signal(bool)  # a card was inserted (True) or removed (False)
    state_changed = Signal(str)  # "ready", "absent" (no reader or no pcscd)

    POLL_S = 3.0

    def __init__(self, reader_name: str | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.reader_name = reader_name
        self.state = "absent"
        self.card_in = False
        self._watcher: CardWatcher | None = None
        self._stop = threading.Event()
        self._poller: threading.Thread | None = None

    def start(self) -> None:
        """Look for the reader on a thread of its own (asking pcscd can block),
        every 3 s while there is none; then watch it for cards."""
        if self._poller is not None and self._poller.is_alive():
            return
        self._stop.clear()
        self._poller = threading.Thread(target=self._poll, name="reader-poll", daemon=True)
        self._poller.start()

    def _poll(self) -> None:  # the poller's thread: it only emits
        while not self._stop.is_set():
            try:
                readers = list_readers()
            except CardError:
                readers = []
            if readers:
                self._set_state("ready")
                if self._watcher is None and not self._stop.is_set():
                    self._watcher = CardWatcher(self._event, self.reader_name)
                return
            self._set_state("absent")
            self._stop.wait(self.POLL_S)

    def stop(self) -> None:
        self._stop.set()
        if self._poller is not None:
            self._poller.join(10)
            self._poller = None
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher = None

    def _event(self, present: bool) -> None:  # pyscard's thread
        self.card_in = present
        self.card_changed.emit(present)

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.state_changed.emit(state)
