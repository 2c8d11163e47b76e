"""The card reader as the window sees it: insert/remove events as Qt
signals, and the reader's state for the status bar. pyscard's monitor
thread never touches a widget; it only emits."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from cards.errors import CardError
from cards.reader import CardWatcher, list_readers


class Reader(QObject):
    card_changed = Signal(bool)  # a card was inserted (True) or removed (False)
    state_changed = Signal(str)  # "ready", "absent" (no reader or no pcscd)

    def __init__(self, reader_name: str | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.reader_name = reader_name
        self.state = "absent"
        self.card_in = False
        self._watcher: CardWatcher | None = None
        self._retry = QTimer(self, interval=3000, timeout=self.start)

    def start(self) -> None:
        """Watch the reader; while there is none, look again every 3 s."""
        try:
            readers = list_readers()
        except CardError:
            readers = []
        if not readers:
            self._set_state("absent")
            self._retry.start()
            return
        self._retry.stop()
        self._set_state("ready")
        if self._watcher is None:
            self._watcher = CardWatcher(self._event)

    def stop(self) -> None:
        self._retry.stop()
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
