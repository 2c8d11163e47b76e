"""Sealing the audit chain with a key the database does not hold.

The plain chain (core/audit.py) finds an edit only if the editor did not
recompute the hashes after it. So each event also gets a seal: HMAC-SHA256
of its id and hash under the audit key, which is derived from the vending
master key (cards/crypto.py) and so exists only, wrapped, in the key store
and, unlocked, in the memory of a station that holds the keys. Whoever
edits an event and recomputes the plain hashes cannot recompute the seals.

Sealed events are a prefix of the chain. The head row keeps the last
sealed event and a seal over it (the mark), so sealed events cannot be
passed off as unsealed without the key. Events appended while no station
held the keys (a finance PC, the CLI without a passphrase, a freshly
migrated chain) are sealed by the next station that unlocks them, after
their plain hashes are checked; that catching up is an audit event of its
own ('audit_seal'). The sheets print the chain head (audit.head_anchor):
an anchor kept on paper that ``audit verify --anchor`` finds in the chain.
"""

from __future__ import annotations

import dataclasses
import hmac
import logging
import re

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from db.models import AuditEvent, AuditHead
from vending_app.core import audit
from vending_app.core.card_station import UnlockedKeys
from vending_app.core.errors import ValidationError, echo

log = logging.getLogger(__name__)
BATCH = 5000


def event_message(event_id: int, event_hash: str) -> bytes:
    return f"audit-event:{event_id}:{event_hash}".encode()


def mark_message(event_id: int, event_hash: str) -> bytes:
    return f"audit-sealed-through:{event_id}:{event_hash}".encode()


class Sealer:
    """What a write session carries (audit.SEALER) while this process holds
    the unlocked keys: seals every event past the last seal."""

    def __init__(self, keys: UnlockedKeys):
        self.keys = keys
        self.version = max(keys.versions)

    def __call__(self, session: Session, head: AuditHead | audit.ChainHead,
                 fresh: tuple = ()) -> int:
        sealed, problem = seal_pending(session, head, self, fresh)
        if problem:
            log.warning("audit events not sealed: %s", problem)
        return sealed

    def seal(self, message: bytes, version: int | None = None) -> str:
        return self.keys.audit_seal(self.version if version is None else version, message)


def seal_pending(session: Session, head: AuditHead | audit.ChainHead, sealer: Sealer,
                 fresh: tuple[AuditEvent, ...] = ()) -> tuple[int, str]:
    """Seal the events after the last sealed one, in order, once their plain
    hashes are checked: (how many were sealed, what was wrong or '').
    ``fresh``: the events this transaction chained just now, right after
    the last sealed one (audit.chain_pending); their hashes were computed
    here, so only their link to the sealed event is read back."""
    start = head.sealed_event_id
    prev = audit.GENESIS
    if start:
        if fresh:
            prev = session.connection().execute(_HASH_OF, {"eid": start}).scalar()
        else:
            last = session.get(AuditEvent, start)
            prev = None if last is None else last.hash
        if prev is None:
            return 0, f"the last sealed event {start} is missing"
    if fresh:
        if fresh[0].prev_hash != prev:
            return 0, f"event {fresh[0].id} does not match the plain chain"
        session.connection().execute(_SEAL, [
            {"eid": ev.id, "s": sealer.seal(event_message(ev.id, ev.hash)), "v": sealer.version}
            for ev in fresh])
        _mark(head, sealer, fresh[-1].id, fresh[-1].hash)
        return len(fresh), ""
    count = 0
    while True:
        rows = session.scalars(select(AuditEvent).where(
            AuditEvent.id > start, AuditEvent.id <= head.last_event_id)
            .order_by(AuditEvent.id).limit(BATCH)).all()
        if not rows:
            return count, ""
        for ev in rows:
            if ev.prev_hash != prev or ev.hash != audit.rehash(ev):
                if count:  # the mark covers exactly the events sealed before it
                    _mark(head, sealer, start, prev)
                return count, f"event {ev.id} does not match the plain chain"
            ev.seal, ev.seal_version = sealer.seal(event_message(ev.id, ev.hash)), sealer.version
            prev, start, count = ev.hash, ev.id, count + 1
        _mark(head, sealer, start, prev)
        session.flush()


def _mark(head: AuditHead | audit.ChainHead, sealer: Sealer, event_id: int, event_hash: str) -> None:
    head.sealed_event_id, head.sealed_version = event_id, sealer.version
    head.sealed_mark = sealer.seal(mark_message(event_id, event_hash))


_EVENTS = AuditEvent.__table__
_HASH_OF = select(_EVENTS.c.hash).where(_EVENTS.c.id == bindparam("eid"))
_SEAL = (update(_EVENTS).where(_EVENTS.c.id == bindparam("eid"))
         .values(seal=bindparam("s"), seal_version=bindparam("v")))


def parse_anchor(text: str) -> str:
    """An anchor as printed on a sheet ('#1234 9f...e0') or its hash alone."""
    token = str(text).strip().split()[-1:] or [""]
    anchor = token[0].lower()
    if not re.fullmatch(r"[0-9a-f]{64}", anchor):
        raise ValidationError("'{text}' is not an audit anchor: copy the 64-character chain "
                              "head printed on a sheet.", text=echo(text))
    return anchor


class _SealCheck:
    """audit.verify's per-event check: seals (when the keys are here) and anchors."""

    def __init__(self, sealer: Sealer | None, sealed_through: int, mark: str | None,
                 mark_version: int | None, anchors: set[str]):
        self.sealer, self.through, self.anchors = sealer, sealed_through, anchors
        self.mark, self.mark_version = mark, mark_version
        self.found: list[str] = []
        self.sealed = self.unsealed = 0
        self.mark_seen = False

    def __call__(self, ev: AuditEvent) -> str | None:
        if ev.hash in self.anchors:
            self.found.append(ev.hash)
        if self.sealer is None or ev.id > self.through:
            self.unsealed += ev.id > self.through
            return None
        if ev.seal is None or ev.seal_version is None:
            return "the event's seal was removed"
        if not self._matches(ev.seal, event_message(ev.id, ev.hash), ev.seal_version):
            return "the event was changed and its hashes recomputed: its seal does not match"
        if ev.id == self.through and not self._matches(
                self.mark or "", mark_message(ev.id, ev.hash), self.mark_version):
            return "the record of the last sealed event was changed"
        self.mark_seen = self.mark_seen or ev.id == self.through
        self.sealed += 1
        return None

    def _matches(self, seal: str, message: bytes, version: int | None) -> bool:
        if version not in self.sealer.keys.versions:
            return False
        return hmac.compare_digest(seal, self.sealer.seal(message, version))


def verify(session: Session, sealer: Sealer | None,
           anchors: tuple[str, ...] = ()) -> audit.ChainReport:
    """The plain chain, every seal (with the keys), and the anchors asked about."""
    head = session.get(AuditHead, 1)
    check = _SealCheck(sealer, head.sealed_event_id, head.sealed_mark, head.sealed_version,
                       set(anchors))
    report = audit.verify(session, check=check)
    report = dataclasses.replace(report, seals_checked=sealer is not None, sealed=check.sealed,
                                 unsealed=check.unsealed, anchors_found=tuple(check.found))
    if not report.ok:
        return report
    if sealer is not None and check.through and not check.mark_seen:
        return dataclasses.replace(report, ok=False, broken_at=check.through,
                                   reason="sealed events were removed")
    missing = [a for a in anchors if a not in check.found]
    if missing:
        return dataclasses.replace(
            report, ok=False, broken_at=None,
            reason=f"anchor {missing[0][:16]}... is not in the chain: an event before it "
                   "was changed or removed")
    return report
