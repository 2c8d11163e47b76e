"""The office's master vending keys in the database: created, unlocked,
backed up and restored by an operator, every step audited.

The database holds only wrapped keys and their fingerprints. What a key is
(random bytes, scrypt + AES-GCM under the passphrase, the key ring that
derives each meter's key) is the card layer's business, reached through
the ``KeyVault`` the station is built with (core/card_station.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from db.models import AuditOutcome, VendingKey
from vending_app.core import audit, audit_seal
from vending_app.core.actor import Actor
from vending_app.core.card_station import KeyVault, UnlockedKeys, WrappedKey
from vending_app.core.errors import AuthenticationFailed, StateError
from vending_app.core.permissions import Permission, requires
from vending_app.core.safety import KEYS_FORMAT, key_backup_doc
from vending_app.core.service import Service

if TYPE_CHECKING:
    from vending_app.core.station import StationCore


class KeyService(Service):
    def __init__(self, core: StationCore, vault: KeyVault | None):
        super().__init__(core)
        self._vault = vault

    @property
    def vault(self) -> KeyVault:
        if self._vault is None:  # a wiring mistake, never an operator's: not translated
            raise RuntimeError("this StationCore was built without a key_vault (the card "
                               "layer's KeyVault): keys cannot be created or unlocked")
        return self._vault

    def versions(self) -> list[int]:
        """The key versions this office has (wrapped), oldest first."""
        with self.db.read() as s:
            return list(s.scalars(select(VendingKey.version).order_by(VendingKey.version)))

    @requires(Permission.MANAGE_KEYS)
    def create_version(self, actor: Actor, passphrase: str) -> int:
        vault = self.vault
        with self.db.write() as s:
            version = (s.scalar(select(func.max(VendingKey.version))) or 0) + 1
            key = vault.new_key(version, passphrase)
            s.add(VendingKey(version=version, wrapped=key.wrapped, fingerprint=key.fingerprint,
                             created_by=actor.operator_id))
            audit.append(s, actor, "key_create", "vending_key", version,
                         {"fingerprint": key.fingerprint})
            return version

    def unlock(self, actor: Actor, passphrase: str) -> UnlockedKeys:
        """Any signed-in operator may unlock (the seller must sell); the
        passphrase is what is checked, and every attempt is audited."""
        vault = self.vault
        with self.db.read() as s:
            keys = [WrappedKey(r.version, r.wrapped, r.fingerprint)
                    for r in s.scalars(select(VendingKey).order_by(VendingKey.version))]
        if not keys:
            raise StateError("No vending key exists yet: an administrator must create one.")
        try:
            ring = vault.unlock(keys, passphrase)
        except AuthenticationFailed:
            with self.db.write() as s:
                audit.append(s, actor, "key_unlock", "vending_key", "", {},
                             AuditOutcome.FAILED)
            raise
        self._start_sealing(actor, ring)
        self._note(actor, "key_unlock", "vending_key", "", {"versions": ring.versions})
        return ring

    def _start_sealing(self, actor: Actor, ring: UnlockedKeys) -> None:
        """From now on this process seals the audit events it appends; first
        it seals those appended while no station held the keys (the whole
        chain after migration 0009), and records that it did."""
        sealer = audit_seal.Sealer(ring)
        self.db.audit_sealer = sealer
        with self.db.write() as s:
            head = audit.lock_head(s)
            first = head.sealed_event_id
            count, problem = audit_seal.seal_pending(s, head, sealer)
            detail = {"sealed": count, "from": first + 1, "to": head.sealed_event_id,
                      "first": first == 0, "key_version": sealer.version}
            if problem:
                audit.append(s, actor, "audit_seal", "audit", "", {**detail, "problem": problem},
                             AuditOutcome.FAILED)
            elif count:
                audit.append(s, actor, "audit_seal", "audit", "", detail)

    @requires(Permission.MANAGE_KEYS)
    def export_backup(self, actor: Actor, path: Path) -> int:
        """The wrapped keys (still encrypted) to a file kept apart from the
        database backups; restoring needs the passphrase as well."""
        with self.db.read() as s:
            doc = key_backup_doc(s)
        data = doc["keys"]
        Path(path).write_text(json.dumps(doc, indent=1))
        self._note(actor, "key_backup", "vending_key", "", {"versions": [d["version"] for d in data]})
        return len(data)

    @requires(Permission.MANAGE_KEYS)
    def import_backup(self, actor: Actor, path: Path, passphrase: str) -> list[int]:
        """Bring the office's keys onto a fresh install (or a restored one
        that lost them): every key must unwrap with the passphrase and match
        its fingerprint before any is stored; keys already here are kept."""
        vault = self.vault
        entries = _read_backup(path)
        for key in entries:
            vault.check(key, passphrase)
        with self.db.write() as s:
            have = {v: f for v, f in s.execute(select(VendingKey.version, VendingKey.fingerprint))}
            added = []
            for key in entries:
                if key.version in have:
                    if have[key.version] != key.fingerprint:
                        raise StateError("Key version {v} here is a different key from the "
                                         "backup's: this backup is from another office.",
                                         v=key.version)
                    continue
                s.add(VendingKey(version=key.version, wrapped=key.wrapped,
                                 fingerprint=key.fingerprint, created_by=actor.operator_id))
                added.append(key.version)
            audit.append(s, actor, "key_import", "vending_key", "", {"versions": added})
        return added


def _read_backup(path: Path) -> list[WrappedKey]:
    try:
        doc = json.loads(Path(path).read_text())
        if doc.get("format") != KEYS_FORMAT:
            raise ValueError(doc.get("format"))
        return [WrappedKey(int(k["version"]), bytes.fromhex(k["wrapped"]), k["fingerprint"])
                for k in doc["keys"]]
    except FileNotFoundError:
        raise StateError("There is no key backup {path}.", path=str(path)) from None
    except (ValueError, KeyError, TypeError, AttributeError):
        raise StateError("{path} is not a vending key backup.", path=str(path)) from None
