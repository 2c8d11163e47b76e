"""The audit log: an append-only hash chain of who did what, when, where."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, str_enum
from db.types import UTCDateTime, utcnow


class AuditOutcome(enum.StrEnum):
    OK = "ok"
    DENIED = "denied"
    FAILED = "failed"


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    station_code: Mapped[str] = mapped_column(String(16))
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"), index=True)
    operator_login: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(64), index=True)
    outcome: Mapped[AuditOutcome] = mapped_column(str_enum(AuditOutcome))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(Text)  # canonical JSON
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # HMAC-SHA256 of ``hash`` under the audit key of vending key version
    # ``seal_version`` (core/audit_seal.py); None until a station holding the
    # unlocked keys seals it. Sealed events are a prefix of the chain.
    seal: Mapped[str | None] = mapped_column(String(64))
    seal_version: Mapped[int | None] = mapped_column(Integer)


class AuditHead(Base):
    """One row: the chain's last event. Appending locks it, so stations
    sharing one database extend the chain one at a time."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_event_id: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64))
    # The last sealed event, and a seal over (its id, its hash): lowering
    # the mark to pass off sealed events as unsealed needs the key.
    sealed_event_id: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    sealed_mark: Mapped[str | None] = mapped_column(String(64))
    sealed_version: Mapped[int | None] = mapped_column(Integer)
