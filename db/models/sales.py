"""Sales and everything that credits or pays back energy: sale lines,
reversals, refunds, adjustments and flat-price quotas.

Nothing here is ever edited after it is committed or deleted: a reversal or a
refund is a record of its own that points at what it undoes.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base, str_enum
from db.types import Energy, Money, Price, UTCDateTime, utcnow


class SaleKind(enum.StrEnum):
    SALE = "sale"
    ADJUSTMENT = "adjustment"  # approved energy credited without payment
    TRANSFER = "transfer"  # balance moved from a replaced meter


class SaleStatus(enum.StrEnum):
    PENDING = "pending"  # reserved: journalled, the card may or may not hold it
    COMMITTED = "committed"
    ABANDONED = "abandoned"  # proven never to have reached the card
    REVERSED = "reversed"  # committed, then undone by an approved reversal
    REFUNDED = "refunded"  # committed, then taken off the card and paid back (退电)


# Statuses whose purchase sequence is taken: unique per meter among these.
LIVE_STATUSES = ("pending", "committed")


class LineKind(enum.StrEnum):
    TIER = "tier"
    FLAT = "flat"  # flat-price (subsidised) energy
    FIXED_CHARGE = "fixed_charge"
    RECOVERY = "recovery"  # arrears or another charge recovered


class ApprovalStatus(enum.StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    DONE = "done"  # approved and carried out (adjustment vended, quota ended)


class Sale(Base):
    __tablename__ = "sales"
    __table_args__ = (
        # A sequence is issued once among live sales; an abandoned or reversed
        # sale never reached the meter, so its number is issued again.
        Index("uq_sales_meter_live_seq", "meter_id", "purchase_seq", unique=True,
              sqlite_where=text("status IN ('pending', 'committed')"),
              postgresql_where=text("status IN ('pending', 'committed')")),
        Index("ix_sales_business_date_station", "business_date", "station_id"),
        Index("ix_sales_meter_created", "meter_id", "created_at"),
        # The analyses walk each meter's purchases in order: by day (the
        # purchase rules; covering, so the table is not read) and by
        # sequence (what was credited between two of the meter's reports).
        Index("ix_sales_meter_day", "meter_id", "business_date", "kind", "status",
              "primary_kwh"),
        Index("ix_sales_meter_seq", "meter_id", "purchase_seq", "status", "secondary_kwh"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # One payment gives one sale: a resubmitted request finds this key.
    request_key: Mapped[str] = mapped_column(String(64), unique=True)
    receipt_no: Mapped[str | None] = mapped_column(String(32), unique=True)
    kind: Mapped[SaleKind] = mapped_column(str_enum(SaleKind), default=SaleKind.SALE)
    status: Mapped[SaleStatus] = mapped_column(str_enum(SaleStatus), default=SaleStatus.PENDING)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"))
    operator_id: Mapped[int] = mapped_column(ForeignKey("operators.id"), index=True)
    shift_id: Mapped[int | None] = mapped_column(ForeignKey("shifts.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    meter_id: Mapped[int] = mapped_column(ForeignKey("meters.id"))
    card_id: Mapped[int | None] = mapped_column(ForeignKey("cards.id"))
    tariff_version_id: Mapped[int | None] = mapped_column(ForeignKey("tariff_versions.id"))
    purchase_seq: Mapped[int] = mapped_column(Integer)
    multiplier: Mapped[int] = mapped_column(Integer)
    primary_kwh: Mapped[Decimal] = mapped_column(Energy())  # all energy credited
    tier_kwh: Mapped[Decimal] = mapped_column(Energy())  # of which at tariff prices
    flat_kwh: Mapped[Decimal] = mapped_column(Energy())  # of which at the flat price
    adjustment_kwh: Mapped[Decimal] = mapped_column(Energy())  # of which adjustment
    secondary_kwh: Mapped[Decimal] = mapped_column(Energy())  # written to the card
    carry_in_kwh: Mapped[Decimal] = mapped_column(Energy())
    carry_out_kwh: Mapped[Decimal] = mapped_column(Energy())
    energy_amount: Mapped[Decimal] = mapped_column(Money())
    fixed_charge: Mapped[Decimal] = mapped_column(Money())
    recovered_amount: Mapped[Decimal] = mapped_column(Money())
    total_amount: Mapped[Decimal] = mapped_column(Money())
    tendered: Mapped[Decimal] = mapped_column(Money())
    change: Mapped[Decimal] = mapped_column(Money())
    # Local calendar day of the sale: dekad and month reports group by it.
    business_date: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    committed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    lines: Mapped[list[SaleLine]] = relationship(
        back_populates="sale", order_by="SaleLine.position", cascade="all, delete-orphan"
    )


class SaleLine(Base):
    __tablename__ = "sale_lines"
    __table_args__ = (UniqueConstraint("sale_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sale_id: Mapped[int] = mapped_column(ForeignKey("sales.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[LineKind] = mapped_column(str_enum(LineKind))
    description: Mapped[str] = mapped_column(String(120))
    kwh: Mapped[Decimal | None] = mapped_column(Energy())
    price: Mapped[Decimal | None] = mapped_column(Price())
    amount: Mapped[Decimal] = mapped_column(Money())
    charge_id: Mapped[int | None] = mapped_column(ForeignKey("charges.id"))
    tier_index: Mapped[int | None] = mapped_column(Integer)  # 0-based, TIER lines only

    sale: Mapped[Sale] = relationship(back_populates="lines")


class Reversal(Base):
    """冲正: undoes a sale that never reached the card; needs an administrator."""

    __tablename__ = "reversals"

    id: Mapped[int] = mapped_column(primary_key=True)
    sale_id: Mapped[int] = mapped_column(ForeignKey("sales.id"), unique=True)
    reason: Mapped[str] = mapped_column(String(200))
    status: Mapped[ApprovalStatus] = mapped_column(
        str_enum(ApprovalStatus), default=ApprovalStatus.REQUESTED
    )
    requested_by: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The shift whose drawer paid the money back, once approved.
    shift_id: Mapped[int | None] = mapped_column(ForeignKey("shifts.id"), index=True)
    business_date: Mapped[date | None] = mapped_column(Date)


class RefundKind(enum.StrEnum):
    CLOSE = "close"  # what a meter had left when its account closed
    ON_DEMAND = "on_demand"  # unapplied purchases taken off the card
    UNPAIR = "unpair"  # what a meter had left when it left its account


class RefundStatus(enum.StrEnum):
    PENDING = "pending"  # journalled: the card may or may not still hold the purchases
    DONE = "done"
    ABANDONED = "abandoned"  # the card was never touched, or the meter applied them


class Refund(Base):
    """退电: credit paid back to the customer (on closing an account, on
    unpairing a meter, or on demand for purchases the meter has not applied)."""

    __tablename__ = "refunds"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[RefundKind] = mapped_column(str_enum(RefundKind), default=RefundKind.CLOSE,
                                             server_default="close")
    status: Mapped[RefundStatus] = mapped_column(str_enum(RefundStatus),
                                                 default=RefundStatus.DONE, server_default="done")
    # On demand: the purchase sequences taken off the card (first..last).
    first_seq: Mapped[int | None] = mapped_column(Integer)
    last_seq: Mapped[int | None] = mapped_column(Integer)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    meter_id: Mapped[int] = mapped_column(ForeignKey("meters.id"), index=True)
    kwh: Mapped[Decimal] = mapped_column(Energy())  # primary kWh given back
    amount: Mapped[Decimal] = mapped_column(Money())  # paid out
    charges_deducted: Mapped[Decimal] = mapped_column(Money())  # kept against arrears
    reason: Mapped[str] = mapped_column(String(200))
    operator_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"))
    shift_id: Mapped[int | None] = mapped_column(ForeignKey("shifts.id"), index=True)
    business_date: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Adjustment(Base):
    """调剂电量: energy credited without payment (compensation, correction)."""

    __tablename__ = "adjustments"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    meter_id: Mapped[int] = mapped_column(ForeignKey("meters.id"), index=True)
    kwh: Mapped[Decimal] = mapped_column(Energy())
    reason: Mapped[str] = mapped_column(String(200))
    status: Mapped[ApprovalStatus] = mapped_column(
        str_enum(ApprovalStatus), default=ApprovalStatus.REQUESTED
    )
    requested_by: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sale_id: Mapped[int | None] = mapped_column(ForeignKey("sales.id"))


class FlatPriceQuota(Base):
    """平价电量: a monthly quota of energy at a fixed price. What is not bought
    in a month does not carry over."""

    __tablename__ = "flat_price_quotas"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    monthly_kwh: Mapped[Decimal] = mapped_column(Energy())
    price: Mapped[Decimal] = mapped_column(Price())
    reason: Mapped[str] = mapped_column(String(200))
    status: Mapped[ApprovalStatus] = mapped_column(
        str_enum(ApprovalStatus), default=ApprovalStatus.REQUESTED
    )
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    requested_by: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
