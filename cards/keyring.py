"""Unlocked master vending keys, in this process's memory only."""

from __future__ import annotations

from cards import crypto
from vending_app.core.errors import StateError


class KeyRing:
    def __init__(self, masters: dict[int, bytes] | None = None):
        self._masters = dict(masters or {})

    def add(self, version: int, master: bytes) -> None:
        self._masters[version] = master

    @property
    def versions(self) -> list[int]:
        return sorted(self._masters)

    def meter_key(self, version: int, meter_number: str) -> bytes:
        master = self._masters.get(version)
        if master is None:
            raise StateError("Vending key version {v} is not unlocked at this station: an "
                             "administrator must unlock the keys.", v=version)
        return crypto.meter_key(master, version, meter_number)

    def audit_seal(self, version: int, message: bytes) -> str:
        """The audit chain's HMAC under version ``version``'s audit key."""
        master = self._masters.get(version)
        if master is None:
            raise StateError("Vending key version {v} is not unlocked at this station: an "
                             "administrator must unlock the keys.", v=version)
        return crypto.audit_seal(crypto.audit_key(master, version), message)
