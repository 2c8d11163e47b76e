"""Master vending keys at rest: wrapped under a passphrase, never in clear.

This is the key material behind the core's key service (core/keys.py, which
keeps the wrapped keys in the database and audits every step): a fresh
random master key per version, wrapped with scrypt + AES-GCM under the key
passphrase, its fingerprint, and the unlocked KeyRing the card station
derives each meter's key from.
"""

from __future__ import annotations

import hashlib

from cards import crypto
from cards.keyring import KeyRing
from vending_app.core.card_station import WrappedKey
from vending_app.core.errors import AuthenticationFailed


def fingerprint(master: bytes) -> str:
    return hashlib.sha256(b"vending-station/key-fingerprint" + master).hexdigest()[:16]


class CardKeyVault:
    """The core's KeyVault (core/card_station.py), with ``cryptography``."""

    def new_key(self, version: int, passphrase: str) -> WrappedKey:
        master = crypto.new_master_key()
        return WrappedKey(version, crypto.wrap_master(master, passphrase, version),
                          fingerprint(master))

    def check(self, key: WrappedKey, passphrase: str) -> None:
        self._open(key, passphrase)

    def unlock(self, keys: list[WrappedKey], passphrase: str) -> KeyRing:
        ring = KeyRing()
        for key in keys:
            ring.add(key.version, self._open(key, passphrase))
        return ring

    @staticmethod
    def _open(key: WrappedKey, passphrase: str) -> bytes:
        version, master = crypto.unwrap_master(key.wrapped, passphrase)
        if version != key.version or fingerprint(master) != key.fingerprint:
            raise AuthenticationFailed("Vending key {v} does not match its record.",
                                       v=key.version)
        return master
