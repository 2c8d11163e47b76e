"""Station messages (网上交谈): an administrator's notice to every counter, a
clerk's question to one station or to all, and the answers, kept in the
database with a read receipt per station.

The windows poll ``unread`` every few seconds: one count of the messages
addressed to the station, less those it has signed a receipt for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from db.models import MessageKind, MessageRead, Operator, Station, StationMessage
from vending_app.core import audit, validation
from vending_app.core.actor import Actor
from vending_app.core.errors import NotFound, PermissionDenied, ValidationError
from vending_app.core.permissions import Permission, allowed, requires
from vending_app.core.service import Service
from vending_app.core.stations import _station


@dataclass(frozen=True)
class Receipt:
    station: str
    login: str
    read_at: datetime


@dataclass(frozen=True)
class MessageView:
    id: int
    kind: str
    from_station: str
    from_login: str
    from_name: str
    to_station: str  # '' = every station
    reply_to: int | None
    subject: str
    body: str
    sent_at: datetime
    mine: bool  # sent from this station
    read_here: bool
    read_by: tuple[Receipt, ...]


def _addressed_to(station_id: int):
    return or_(StationMessage.to_station_id.is_(None), StationMessage.to_station_id == station_id)


class MessageService(Service):
    @requires(Permission.MESSAGES)
    def send(self, actor: Actor, subject: str, body: str, to_station: str = "",
             kind: MessageKind | str = MessageKind.QUESTION, reply_to: int | None = None) -> int:
        kind = MessageKind(kind)
        if kind == MessageKind.NOTICE and not allowed(actor.role, Permission.SEND_NOTICE):
            self._refuse(actor, "MessageService.send(notice)", Permission.SEND_NOTICE)
        subject, body = subject.strip(), body.strip()
        if not 1 <= len(subject) <= 120:
            raise ValidationError("A message needs a subject of 1-120 characters.")
        if not body or len(body) > 4000:
            raise ValidationError("A message needs a text of 1-4000 characters.")
        validation.printable(subject, "The subject")
        validation.printable(body, "The message", keep="\n\t")
        with self.db.write() as s:
            to_id = _station(s, to_station).id if to_station.strip() else None
            if reply_to is not None:
                if s.get(StationMessage, reply_to) is None:
                    raise NotFound("There is no message {id}.", id=reply_to)
                kind = MessageKind.REPLY
            m = StationMessage(kind=kind, from_station_id=actor.station_id,
                               from_operator_id=actor.operator_id, to_station_id=to_id,
                               reply_to=reply_to, subject=subject, body=body)
            s.add(m)
            s.flush()
            audit.append(s, actor, "message_send", "message", m.id, {
                "kind": kind.value, "to": to_station.strip().upper() or "*", "subject": subject})
            return m.id

    @requires(Permission.MESSAGES)
    def unread(self, actor: Actor) -> int:
        """Messages to this station (or to all) from elsewhere, not yet read here."""
        with self.db.read() as s:
            read = select(MessageRead.message_id).where(MessageRead.station_id == actor.station_id)
            return s.scalar(select(func.count(StationMessage.id)).where(
                _addressed_to(actor.station_id), StationMessage.from_station_id != actor.station_id,
                StationMessage.id.not_in(read)))

    @requires(Permission.MESSAGES)
    def conversation(self, actor: Actor, limit: int = 200) -> list[MessageView]:
        """What this station sent and what was sent to it, newest first,
        each with who has read it where."""
        with self.db.read() as s:
            sender, target = aliased(Station), aliased(Station)
            rows = s.execute(
                select(StationMessage, sender.code, Operator.login, Operator.full_name, target.code)
                .join(sender, StationMessage.from_station_id == sender.id)
                .join(Operator, StationMessage.from_operator_id == Operator.id)
                .outerjoin(target, StationMessage.to_station_id == target.id)
                .where(or_(_addressed_to(actor.station_id),
                           StationMessage.from_station_id == actor.station_id))
                .order_by(StationMessage.id.desc()).limit(limit)).all()
            receipts = self._receipts(s, [r[0].id for r in rows])
            return [MessageView(
                m.id, m.kind.value, code, login, name, to or "", m.reply_to, m.subject, m.body,
                m.sent_at, m.from_station_id == actor.station_id,
                any(r.station == self.core.station_code for r in receipts.get(m.id, ())),
                tuple(receipts.get(m.id, ()))) for m, code, login, name, to in rows]

    @staticmethod
    def _receipts(s: Session, ids: list[int]) -> dict[int, list[Receipt]]:
        out: dict[int, list[Receipt]] = {}
        if not ids:
            return out
        for mid, code, login, at in s.execute(
            select(MessageRead.message_id, Station.code, Operator.login, MessageRead.read_at)
            .join(Station, MessageRead.station_id == Station.id)
            .join(Operator, MessageRead.operator_id == Operator.id)
            .where(MessageRead.message_id.in_(ids)).order_by(MessageRead.read_at)
        ):
            out.setdefault(mid, []).append(Receipt(code, login, at))
        return out

    @requires(Permission.MESSAGES)
    def mark_read(self, actor: Actor, message_ids: list[int]) -> int:
        """Sign the receipts of what this station's operator has read; a
        message read once at a station stays read there. A notice or question
        to every station is for the station it was sent from as well (the
        other operators of that counter read it too); a message this station
        sent to one other station is not its own to sign."""
        if not message_ids:
            return 0
        with self.db.write() as s:
            wanted = list(s.scalars(select(StationMessage.id).where(
                StationMessage.id.in_(message_ids), or_(
                    StationMessage.to_station_id.is_(None),
                    and_(StationMessage.to_station_id == actor.station_id,
                         StationMessage.from_station_id != actor.station_id)))))
            if not wanted:
                raise PermissionDenied("These messages were not sent to this station.")
            done = set(s.scalars(select(MessageRead.message_id).where(and_(
                MessageRead.station_id == actor.station_id, MessageRead.message_id.in_(wanted)))))
            new = [mid for mid in wanted if mid not in done]
            for mid in new:
                s.add(MessageRead(message_id=mid, station_id=actor.station_id,
                                  operator_id=actor.operator_id))
            if new:
                s.flush()
                audit.append(s, actor, "message_read", "message", new[0], {"ids": new})
            return len(new)
