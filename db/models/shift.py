"""Shifts (cash sessions) and cash moved in or out of the drawer."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, str_enum
from db.types import Money, UTCDateTime, utcnow


class ShiftStatus(enum.StrEnum):
    OPEN = "open"
    CLOSING = "closing"  # counted, waiting for an administrator's approval
    CLOSED = "closed"


class CashMovementKind(enum.StrEnum):
    CASH_IN = "cash_in"
    CASH_OUT = "cash_out"


class Shift(Base):
    __tablename__ = "shifts"

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"), index=True)
    operator_id: Mapped[int] = mapped_column(ForeignKey("operators.id"), index=True)
    status: Mapped[ShiftStatus] = mapped_column(str_enum(ShiftStatus), default=ShiftStatus.OPEN)
    opening_float: Mapped[Decimal] = mapped_column(Money())
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expected_cash: Mapped[Decimal | None] = mapped_column(Money())
    counted_cash: Mapped[Decimal | None] = mapped_column(Money())
    difference: Mapped[Decimal | None] = mapped_column(Money())
    note: Mapped[str] = mapped_column(String(300), default="")
    counted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))


class CashMovement(Base):
    __tablename__ = "cash_movements"

    id: Mapped[int] = mapped_column(primary_key=True)
    shift_id: Mapped[int] = mapped_column(ForeignKey("shifts.id"), index=True)
    kind: Mapped[CashMovementKind] = mapped_column(str_enum(CashMovementKind))
    amount: Mapped[Decimal] = mapped_column(Money())
    reason: Mapped[str] = mapped_column(String(200))
    operator_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
