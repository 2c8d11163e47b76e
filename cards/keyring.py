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

    def card_psc(self, version: int, serial: str, length: int) -> bytes:
        return crypto.card_psc(self._master(version), version, serial, length)

    def meter_key(self, version: int, meter_number: str) -> bytes:
        return crypto.meter_key(self._master(version), version, meter_number)

    def _master(self, version: int) -> bytes:
        master = self._masters.get(version)
        if master is None:
            raise StateError("Vending key version {v} is not unlocked at this station: an "
                             "administrator must unlock the keys.", v=version)
        return master

    def audit_seal(self, version: int, message: bytes) -> str:
        """The audit chain's HMAC under version ``version``'s audit key."""
        return crypto.audit_seal(crypto.audit_key(self._master(version), version), message)
