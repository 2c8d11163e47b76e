"""The audit log as a hash chain.

Each event's hash covers its content and the previous event's hash, so an
edited, inserted or deleted event breaks the chain at that point. An event
is recorded in the same transaction as the change it records, but it joins
the chain only as that transaction commits: ``append`` keeps it on the
session, and the session's before-commit hook takes the single chain-head
row's lock, inserts the transaction's events in order and moves the head.
So a station holds the office-wide lock only for the last instant of its
transaction (the inserts and the commit), not while it reads, prices and
locks its customer and meter; and because events are inserted under that
lock, their ids follow the chain, which ``verify`` walks in id order.

Plain hashes can be recomputed by whoever can write to the database, so a
station holding the unlocked vending keys also seals each event with an
HMAC under the audit key (core/audit_seal.py): the database session carries
that sealer (``session.info[SEALER]``, set by db.engine.Database.write).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, event, insert, select, update
from sqlalchemy.orm import Session

from db.models import AuditEvent, AuditHead, AuditOutcome
from db.types import utcnow
from vending_app.core.actor import Actor

GENESIS = "0" * 64
SEALER = "audit_sealer"  # session.info key: a callable(session, head, fresh) that seals, or None
PENDING = "audit_pending"  # session.info key: events appended, chained at commit


def canonical(detail: dict) -> str:
    return json.dumps(detail, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def event_hash(prev_hash: str, at: datetime, station_code: str, operator_id: int | None,
               operator_login: str, action: str, outcome: str, entity: str, entity_id: str,
               detail: str) -> str:
    payload = "\x1f".join([
        prev_hash, at.isoformat(timespec="microseconds"), station_code,
        "" if operator_id is None else str(operator_id), operator_login, action, outcome,
        entity, entity_id, detail,
    ])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def rehash(ev: AuditEvent) -> str:
    """The plain hash an event must have, from its content and its prev_hash."""
    return event_hash(ev.prev_hash, ev.at, ev.station_code, ev.operator_id, ev.operator_login,
                      ev.action, ev.outcome.value, ev.entity, ev.entity_id, ev.detail)


def lock_head(session: Session) -> AuditHead:
    """Take the chain's lock: every station that appends waits behind it."""
    return session.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update()).scalar_one()


def append(session: Session, actor: Actor, action: str, entity: str = "", entity_id="",
           detail: dict | None = None, outcome: AuditOutcome = AuditOutcome.OK) -> AuditEvent:
    """Record an event with the transaction's other changes; it is chained
    (hashed, given its id and sealed) as the transaction commits."""
    ev = AuditEvent(station_code=actor.station_code, operator_id=actor.operator_id,
                    operator_login=actor.login, action=action, outcome=outcome, entity=entity,
                    entity_id=str(entity_id), detail=canonical(detail or {}))
    session.info.setdefault(PENDING, []).append(ev)
    return ev


@dataclass
class ChainHead:
    """The head row as chain_pending moves it (read and written as plain
    rows: every write in the office passes here, holding the chain's lock)."""

    last_event_id: int
    last_hash: str
    sealed_event_id: int
    sealed_mark: str | None
    sealed_version: int | None


def chain_pending(session: Session) -> None:
    """Join the transaction's events to the chain, in the order appended:
    under the head's lock, so the lock is held from here to the commit.
    The head and the events are plain rows here, without the unit of work:
    every write in the office passes here while it holds the lock."""
    pending = session.info.pop(PENDING, None)
    if not pending:
        return
    session.flush()  # the transaction's own changes first (a head it sealed, say)
    conn = session.connection()
    head = ChainHead(**conn.execute(_LOCK_HEAD).one()._mapping)
    # Everything before these is sealed: the sealer may seal just these.
    caught_up = head.sealed_event_id == head.last_event_id
    for ev in pending:
        ev.at, ev.prev_hash = utcnow(), head.last_hash
        ev.hash = rehash(ev)
        # One at a time: each id is given under the lock, in chain order.
        ev.id = conn.execute(_INSERT, _row(ev)).inserted_primary_key[0]
        head.last_event_id, head.last_hash = ev.id, ev.hash
    sealer = session.info.get(SEALER)
    if sealer is not None:
        sealer(session, head, tuple(pending) if caught_up else ())
    session.flush()
    conn.execute(_MOVE_HEAD, {"to_" + f: v for f, v in dataclasses.asdict(head).items()})


_HEAD = AuditHead.__table__
_FIELDS = [f.name for f in dataclasses.fields(ChainHead)]
_LOCK_HEAD = select(*(_HEAD.c[f] for f in _FIELDS)).where(_HEAD.c.id == 1).with_for_update()
# (bindparams may not share a name with the column they set)
_MOVE_HEAD = update(_HEAD).where(_HEAD.c.id == 1).values({f: bindparam("to_" + f) for f in _FIELDS})
_INSERT = insert(AuditEvent.__table__)
_COLUMNS = ("at", "station_code", "operator_id", "operator_login", "action", "outcome", "entity",
            "entity_id", "detail", "prev_hash", "hash")


def _row(ev: AuditEvent) -> dict:
    return {c: getattr(ev, c) for c in _COLUMNS}


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    if not session.in_nested_transaction():  # a savepoint's release is not the commit
        chain_pending(session)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(PENDING, None)


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    broken_at: int | None = None
    reason: str = ""
    seals_checked: bool = False  # False: the keys were locked, only plain hashes checked
    sealed: int = 0  # events whose seal was checked
    unsealed: int = 0  # events after the last seal (appended while no station held the keys)
    anchors_found: tuple[str, ...] = ()  # of the anchors asked about, those in the chain


def verify(session: Session, batch: int = 5000,
           check: Callable[[AuditEvent], str | None] | None = None) -> ChainReport:
    """Walk the whole chain in id order, in batches (it may be millions long).
    ``check`` looks at each event whose plain hash is right (the seals, the
    anchors) and names what is wrong with it, if anything."""
    prev, last_id, checked = GENESIS, 0, 0
    while True:
        rows = session.execute(
            select(AuditEvent).where(AuditEvent.id > last_id).order_by(AuditEvent.id).limit(batch)
        ).scalars().all()
        if not rows:
            break
        for ev in rows:
            if ev.prev_hash != prev:
                return ChainReport(False, checked, ev.id, "an event before it is missing or changed")
            if ev.hash != rehash(ev):
                return ChainReport(False, checked, ev.id, "the event's content was changed")
            if check is not None and (problem := check(ev)):
                return ChainReport(False, checked, ev.id, problem)
            prev, last_id, checked = ev.hash, ev.id, checked + 1
        session.expunge_all()
    head = session.get(AuditHead, 1)
    if head is None or head.last_hash != prev or head.last_event_id != last_id:
        return ChainReport(False, checked, last_id or None, "events after this one were removed")
    return ChainReport(True, checked)


def head_anchor(session: Session) -> str:
    """The chain head as printed on a sheet ('#id hash'): proof, kept outside
    the database, that the chain held this event when the sheet was built."""
    head = session.get(AuditHead, 1)
    return f"#{head.last_event_id} {head.last_hash}"
