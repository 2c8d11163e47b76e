"""Station messages (网上交谈): notices and questions between the counters of
one office, kept in the database, with a read receipt per station."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, str_enum
from db.types import UTCDateTime, utcnow


class MessageKind(enum.StrEnum):
    NOTICE = "notice"
    QUESTION = "question"
    REPLY = "reply"


class StationMessage(Base):
    __tablename__ = "station_messages"
    __table_args__ = (Index("ix_station_messages_to_id", "to_station_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[MessageKind] = mapped_column(str_enum(MessageKind))
    from_station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"))
    from_operator_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    to_station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"))  # None: all
    reply_to: Mapped[int | None] = mapped_column(ForeignKey("station_messages.id"))
    subject: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MessageRead(Base):
    """A read receipt: who read the message at which station, and when."""

    __tablename__ = "message_reads"
    __table_args__ = (UniqueConstraint("message_id", "station_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("station_messages.id"), index=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"))
    operator_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    read_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BackupRecord(Base):
    """One backup the office made: where it went, what it holds, its digest."""

    __tablename__ = "backups"

    id: Mapped[int] = mapped_column(primary_key=True)
    made_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    station_code: Mapped[str] = mapped_column(String(16))
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    trigger: Mapped[str] = mapped_column(String(16))  # on demand | scheduled
    path: Mapped[str] = mapped_column(String(400))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(Integer)
