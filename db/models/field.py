"""Work done at the meter with cards: meter replacements (换表) and the tool
cards a technician carries (check, parameter and key-change cards)."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, str_enum
from db.types import Energy, UTCDateTime, utcnow


class JobStatus(enum.StrEnum):
    PENDING = "pending"  # recorded; the card is being (or was being) written
    ISSUED = "issued"  # the card holds the order; waiting for the meter's report
    DONE = "done"  # confirmed: the new card works, or the meter reported back


class MeterReplacement(Base):
    """An old meter taken out and a new one put in for the same account; what
    the old meter held moves to the new one as a TRANSFER purchase."""

    __tablename__ = "meter_replacements"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    old_meter_id: Mapped[int] = mapped_column(ForeignKey("meters.id"), unique=True)
    new_meter_id: Mapped[int] = mapped_column(ForeignKey("meters.id"), unique=True)
    # Secondary kWh the old meter showed when it was taken out.
    old_remaining_kwh: Mapped[Decimal] = mapped_column(Energy())
    # Where that figure came from: "manual", or "serial <port> <line>" (DL/T 645),
    # and the old meter's total energy register when it was read over the link.
    remaining_source: Mapped[str | None] = mapped_column(String(200))
    old_energy_kwh: Mapped[Decimal | None] = mapped_column(Energy())
    # Primary kWh sold to the old meter that it never applied.
    unapplied_kwh: Mapped[Decimal] = mapped_column(Energy())
    old_carry_kwh: Mapped[Decimal] = mapped_column(Energy())
    transfer_kwh: Mapped[Decimal] = mapped_column(Energy())  # primary, all of the above
    sale_id: Mapped[int | None] = mapped_column(ForeignKey("sales.id"))
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id"))
    reason: Mapped[str] = mapped_column(String(200))
    status: Mapped[JobStatus] = mapped_column(str_enum(JobStatus), default=JobStatus.PENDING)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ToolCardKind(enum.StrEnum):
    CHECK = "check"  # brings the meter's registers back, credits nothing
    PARAMETER = "parameter"  # sets the low-balance threshold and the credit cap
    KEY_CHANGE = "key_change"  # moves the meter to a new vending key version


class ToolCard(Base):
    """One tool card written for one meter (keys are per meter), from issue
    to the meter's report that confirms it was applied."""

    __tablename__ = "tool_cards"

    id: Mapped[int] = mapped_column(primary_key=True)
    serial: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[ToolCardKind] = mapped_column(str_enum(ToolCardKind))
    meter_id: Mapped[int] = mapped_column(ForeignKey("meters.id"), index=True)
    key_version: Mapped[int] = mapped_column(Integer)  # the version the card is sealed under
    threshold_kwh: Mapped[Decimal | None] = mapped_column(Energy())  # primary kWh
    credit_cap_kwh: Mapped[Decimal | None] = mapped_column(Energy())  # primary; 0 = no cap
    new_key_version: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[JobStatus] = mapped_column(str_enum(JobStatus), default=JobStatus.PENDING)
    issued_by: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reading_id: Mapped[int | None] = mapped_column(ForeignKey("meter_readings.id"))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
