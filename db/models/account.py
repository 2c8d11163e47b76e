"""Customers (accounts), their meters and cards, and charges they owe."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base, str_enum
from db.types import Energy, Money, ScaledDecimal, UTCDateTime, utcnow


class CustomerStatus(enum.StrEnum):
    OPEN = "open"
    SUSPENDED = "suspended"  # kept, but sold nothing until reactivated
    CLOSED = "closed"


class MeterType(enum.StrEnum):
    SINGLE_PHASE = "single_phase"
    THREE_PHASE = "three_phase"
    THREE_PHASE_CT = "three_phase_ct"


class MeterStatus(enum.StrEnum):
    PAIRED = "paired"
    REPLACED = "replaced"
    CLOSED = "closed"


class CardStatus(enum.StrEnum):
    ISSUING = "issuing"  # being written; settled by the next issue attempt
    ACTIVE = "active"
    REPLACED = "replaced"  # superseded by a reissued card; the meter refuses it
    CLOSED = "closed"


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_no: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    id_number: Mapped[str] = mapped_column(String(32), unique=True)
    phone: Mapped[str] = mapped_column(String(32), index=True)
    address: Mapped[str] = mapped_column(String(200))
    team_id: Mapped[int] = mapped_column(ForeignKey("supply_teams.id"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("customer_categories.id"), index=True)
    status: Mapped[CustomerStatus] = mapped_column(
        str_enum(CustomerStatus), default=CustomerStatus.OPEN
    )
    opened_by: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    meters: Mapped[list[Meter]] = relationship(back_populates="customer")


class Meter(Base):
    __tablename__ = "meters"
    __table_args__ = (
        CheckConstraint("multiplier = ct_ratio * pt_ratio", name="multiplier"),
        CheckConstraint("ct_ratio >= 1 AND pt_ratio >= 1", name="ratios"),
        CheckConstraint("purchase_seq >= 0", name="purchase_seq"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(12), unique=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    meter_type: Mapped[MeterType] = mapped_column(str_enum(MeterType))
    ct_ratio: Mapped[int] = mapped_column(Integer, default=1)
    pt_ratio: Mapped[int] = mapped_column(Integer, default=1)
    multiplier: Mapped[int] = mapped_column(Integer, default=1)
    low_balance_threshold_kwh: Mapped[Decimal] = mapped_column(Energy())
    status: Mapped[MeterStatus] = mapped_column(str_enum(MeterStatus), default=MeterStatus.PAIRED)
    key_version: Mapped[int] = mapped_column(Integer, default=1)
    # Last purchase sequence issued to this meter (0 = none yet).
    purchase_seq: Mapped[int] = mapped_column(Integer, default=0)
    # Primary kWh bought but not yet written because it is less than one
    # card unit (0.01 secondary kWh): carried to the next sale.
    carry_kwh: Mapped[Decimal] = mapped_column(Energy(), default=Decimal("0.00"))
    # The meter's last write-back (secondary kWh), as read from the card.
    reported_seq: Mapped[int | None] = mapped_column(Integer)
    reported_remaining_kwh: Mapped[Decimal | None] = mapped_column(Energy())
    reported_cumulative_kwh: Mapped[Decimal | None] = mapped_column(Energy())
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Counter of the last authentic report: an older one is noticed.
    writeback_counter: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Primary kWh this meter may hold, set by a parameter card; None: the
    # office-wide parameter applies.
    credit_cap_kwh: Mapped[Decimal | None] = mapped_column(Energy())
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("meters.id"))
    paired_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    unpaired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    customer: Mapped[Customer | None] = relationship(back_populates="meters")


class Card(Base):
    __tablename__ = "cards"

    id: Mapped[int] = mapped_column(primary_key=True)
    serial: Mapped[str] = mapped_column(String(32), unique=True)
    meter_id: Mapped[int] = mapped_column(ForeignKey("meters.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    status: Mapped[CardStatus] = mapped_column(str_enum(CardStatus), default=CardStatus.ACTIVE)
    key_version: Mapped[int] = mapped_column(Integer, default=1)
    # Raised by every reissue: the meter refuses a card older than one it saw.
    generation: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    issued_by: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoke_reason: Mapped[str] = mapped_column(String(200), default="")


class Charge(Base):
    """Arrears or another charge a customer owes, recovered as a set
    percentage of each purchase until nothing is outstanding."""

    __tablename__ = "charges"
    __table_args__ = (
        CheckConstraint("outstanding >= 0 AND outstanding <= total", name="outstanding"),
        CheckConstraint("recovery_percent > 0 AND recovery_percent <= 10000", name="percent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    description: Mapped[str] = mapped_column(String(120))
    total: Mapped[Decimal] = mapped_column(Money())
    outstanding: Mapped[Decimal] = mapped_column(Money())
    recovery_percent: Mapped[Decimal] = mapped_column(ScaledDecimal(2))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CustomerChange(Base):
    """One change to an account's details (edit, change of owner, category,
    team, suspension, a meter unpaired): what it was before and after, as
    JSON, so the previous holder and every earlier value stay on record."""

    __tablename__ = "customer_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    effective_from: Mapped[date] = mapped_column(Date)
    before: Mapped[str] = mapped_column(Text)
    after: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(String(200), default="")
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CategoryPeriod(Base):
    """The category an account is priced by from a day on: a sale priced on
    or after ``effective_from`` uses it (until a later period starts)."""

    __tablename__ = "category_periods"
    __table_args__ = (Index("ix_category_periods_customer_from", "customer_id",
                            "effective_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    category_id: Mapped[int] = mapped_column(ForeignKey("customer_categories.id"))
    effective_from: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
