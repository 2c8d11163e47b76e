"""One signed-in operator at this station: the core, who is acting, the
worker threads, the reader and, once unlocked, the vending keys."""

from __future__ import annotations

import os

from PySide6.QtCore import QObject, QSettings, Signal

from cards.keyring import KeyRing
from cards.station import PcscCardStation
from vending_app.core.actor import Actor
from vending_app.core.permissions import Permission, allowed
from vending_app.core.station import StationCore
from vending_app.ui.reader import Reader
from vending_app.ui.tasks import Tasks


class Session(QObject):
    keys_changed = Signal(bool)
    shift_changed = Signal(object)  # the open shift's id, or None
    language_requested = Signal(str)
    messages_seen = Signal()  # a message was read here: the status bar counts again
    changed = Signal(object)  # an operation's Changed: each page refreshes what it shows

    def __init__(self, core: StationCore, actor: Actor, tasks: Tasks, reader: Reader,
                 settings: QSettings, parent: QObject | None = None):
        super().__init__(parent)
        self.core, self.actor, self.tasks, self.reader, self.settings = (
            core, actor, tasks, reader, settings)
        self.keys: KeyRing | None = None

    def can(self, permission: Permission) -> bool:
        return allowed(self.actor.role, permission)

    def unlock_keys(self, passphrase: str) -> KeyRing:
        """Worker thread: check the passphrase against every key version."""
        keys = self.core.keys.unlock(self.actor, passphrase)
        self.keys = keys
        self.keys_changed.emit(True)
        return keys

    def env_passphrase(self) -> str | None:
        """A station started by the demo script unlocks from its environment."""
        return os.environ.get("VENDING_KEY_PASSPHRASE") or None

    def card_station(self) -> PcscCardStation:
        """Card thread: a station bound to the unlocked keys and the chosen reader."""
        return PcscCardStation(self.keys, self.reader.reader_name)
