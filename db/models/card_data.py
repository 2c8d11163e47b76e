"""What cards bring back: the meters' reports, anomalies the station
noticed, and the vending keys (wrapped, never in clear)."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, str_enum
from db.types import Energy, UTCDateTime, utcnow


class AnomalyKind(enum.StrEnum):
    UNAPPLIED_PURCHASE = "unapplied_purchase"  # the meter has not applied a sold purchase yet
    OLD_WRITEBACK = "old_writeback"  # a report older than one already seen
    UNKNOWN_SEQUENCE = "unknown_sequence"  # a purchase sequence this office never issued
    FORGED_WRITEBACK = "forged_writeback"  # the report fails authentication
    BAD_RECORD = "bad_record"  # the purchase record is unreadable or fails authentication
    TAMPER_EVENT = "tamper_event"  # cover open, magnetic field
    REVERSE_CURRENT = "reverse_current"
    REPLACED_CARD = "replaced_card"  # a card that was replaced was presented


class MeterReading(Base):
    """A meter's report (write-back) as read from a card, authentic or not."""

    __tablename__ = "meter_readings"

    id: Mapped[int] = mapped_column(primary_key=True)
    meter_id: Mapped[int] = mapped_column(ForeignKey("meters.id"), index=True)
    card_id: Mapped[int | None] = mapped_column(ForeignKey("cards.id"))
    read_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    station_code: Mapped[str] = mapped_column(String(16))
    authentic: Mapped[bool] = mapped_column(Boolean)
    counter: Mapped[int] = mapped_column(Integer)
    last_seq: Mapped[int] = mapped_column(Integer)
    remaining_kwh: Mapped[Decimal] = mapped_column(Energy())  # secondary
    cumulative_kwh: Mapped[Decimal] = mapped_column(Energy())  # secondary
    events: Mapped[int] = mapped_column(Integer)
    trips: Mapped[int] = mapped_column(Integer)
    meter_time: Mapped[datetime] = mapped_column(UTCDateTime)
    key_version: Mapped[int] = mapped_column(Integer)
    illegal_cards: Mapped[int] = mapped_column(Integer)


class CardAnomaly(Base):
    __tablename__ = "card_anomalies"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    meter_id: Mapped[int | None] = mapped_column(ForeignKey("meters.id"), index=True)
    card_id: Mapped[int | None] = mapped_column(ForeignKey("cards.id"))
    kind: Mapped[AnomalyKind] = mapped_column(str_enum(AnomalyKind))
    detail: Mapped[str] = mapped_column(Text)
    station_code: Mapped[str] = mapped_column(String(16))
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))


class VendingKey(Base):
    """A master vending key version, wrapped under a passphrase-derived key."""

    __tablename__ = "vending_keys"

    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    wrapped: Mapped[bytes] = mapped_column(LargeBinary)
    fingerprint: Mapped[str] = mapped_column(String(16))  # identifies the key, reveals nothing
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
