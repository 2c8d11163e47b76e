"""Master vending keys at rest: wrapped under a passphrase, never in clear.

An administrator creates a key version (a fresh random master key, wrapped
with scrypt + AES-GCM under the key passphrase) and unlocks the station's
key ring at start by typing the passphrase. The database holds only wrapped
blobs and a fingerprint; a backup is the same wrapped blobs in a file.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from sqlalchemy import func, select

from cards import crypto
from cards.keyring import KeyRing
from db.models import AuditOutcome, VendingKey
from vending_app.core import audit
from vending_app.core.actor import Actor
from vending_app.core.errors import AuthenticationFailed, StateError
from vending_app.core.permissions import Permission, requires
from vending_app.core.safety import KEYS_FORMAT, key_backup_doc
from vending_app.core.service import Service


def fingerprint(master: bytes) -> str:
    return hashlib.sha256(b"vending-station/key-fingerprint" + master).hexdigest()[:16]


class KeyStore(Service):
    @requires(Permission.MANAGE_KEYS)
    def create_version(self, actor: Actor, passphrase: str) -> int:
        with self.db.write() as s:
            version = (s.scalar(select(func.max(VendingKey.version))) or 0) + 1
            master = crypto.new_master_key()
            s.add(VendingKey(version=version, wrapped=crypto.wrap_master(master, passphrase, version),
                             fingerprint=fingerprint(master), created_by=actor.operator_id))
            audit.append(s, actor, "key_create", "vending_key", version,
                         {"fingerprint": fingerprint(master)})
            return version

    def unlock(self, actor: Actor, passphrase: str) -> KeyRing:
        """Any signed-in operator may unlock (the seller must sell); the
        passphrase is what is checked, and every attempt is audited."""
        ring = KeyRing()
        with self.db.read() as s:
            rows = s.scalars(select(VendingKey).order_by(VendingKey.version)).all()
        if not rows:
            raise StateError("No vending key exists yet: an administrator must create one.")
        try:
            for row in rows:
                version, master = crypto.unwrap_master(row.wrapped, passphrase)
                if version != row.version or fingerprint(master) != row.fingerprint:
                    raise AuthenticationFailed("Vending key {v} does not match its record.",
                                               v=row.version)
                ring.add(version, master)
        except AuthenticationFailed:
            with self.db.write() as s:
                audit.append(s, actor, "key_unlock", "vending_key", "", {},
                             AuditOutcome.FAILED)
            raise
        self._note(actor, "key_unlock", "vending_key", "", {"versions": ring.versions})
        return ring

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
        try:
            doc = json.loads(Path(path).read_text())
            if doc.get("format") != KEYS_FORMAT:
                raise ValueError(doc.get("format"))
            entries = [(int(k["version"]), bytes.fromhex(k["wrapped"]), k["fingerprint"])
                       for k in doc["keys"]]
        except FileNotFoundError:
            raise StateError("There is no key backup {path}.", path=str(path)) from None
        except (ValueError, KeyError, TypeError, AttributeError):
            raise StateError("{path} is not a vending key backup.", path=str(path)) from None
        for version, wrapped, fp in entries:
            got_version, master = crypto.unwrap_master(wrapped, passphrase)
            if got_version != version or fingerprint(master) != fp:
                raise AuthenticationFailed("Vending key {v} does not match its record.", v=version)
        with self.db.write() as s:
            have = {v: f for v, f in s.execute(select(VendingKey.version, VendingKey.fingerprint))}
            added = []
            for version, wrapped, fp in entries:
                if version in have:
                    if have[version] != fp:
                        raise StateError("Key version {v} here is a different key from the "
                                         "backup's: this backup is from another office.", v=version)
                    continue
                s.add(VendingKey(version=version, wrapped=wrapped, fingerprint=fp,
                                 created_by=actor.operator_id))
                added.append(version)
            audit.append(s, actor, "key_import", "vending_key", "", {"versions": added})
        return added
