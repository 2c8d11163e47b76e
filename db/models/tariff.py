"""Tariffs with effective-dated versions; each version has one or more tiers."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base
from db.types import Energy, Money, Price, UTCDateTime, utcnow


class Tariff(Base):
    __tablename__ = "tariffs"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    versions: Mapped[list[TariffVersion]] = relationship(
        back_populates="tariff", order_by="TariffVersion.effective_from"
    )


class TariffVersion(Base):
    __tablename__ = "tariff_versions"
    __table_args__ = (UniqueConstraint("tariff_id", "effective_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tariff_id: Mapped[int] = mapped_column(ForeignKey("tariffs.id"), index=True)
    effective_from: Mapped[date] = mapped_column(Date)
    # Inclusive last day; None means "until a later version replaces it".
    effective_to: Mapped[date | None] = mapped_column(Date)
    fixed_monthly_charge: Mapped[Decimal] = mapped_column(Money(), default=Decimal("0.00"))
    note: Mapped[str] = mapped_column(String(200), default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    tariff: Mapped[Tariff] = relationship(back_populates="versions")
    tiers: Mapped[list[TariffTier]] = relationship(
        back_populates="version", order_by="TariffTier.position", cascade="all, delete-orphan"
    )


class TariffTier(Base):
    __tablename__ = "tariff_tiers"
    __table_args__ = (UniqueConstraint("version_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("tariff_versions.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    # Upper bound of the tier in cumulative kWh within the billing year;
    # None for the last, open-ended tier.
    upto_kwh: Mapped[Decimal | None] = mapped_column(Energy())
    price: Mapped[Decimal] = mapped_column(Price())

    version: Mapped[TariffVersion] = relationship(back_populates="tiers")
