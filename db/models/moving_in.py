"""Moving in from an old system: each import of customers and meters, and
what the old system knew about each imported meter (its remaining balance
and the energy its customer bought this billing year)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base
from db.types import Energy, UTCDateTime, utcnow


class CustomerImport(Base):
    """One committed import: all its rows went in together, or none did."""

    __tablename__ = "customer_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(String(200))
    file_sha256: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(Integer)
    customers: Mapped[int] = mapped_column(Integer)
    meters: Mapped[int] = mapped_column(Integer)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    station_code: Mapped[str] = mapped_column(String(16))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ImportedCustomer(Base):
    """A customer brought in by an import, with the old system's account number."""

    __tablename__ = "imported_customers"

    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("customer_imports.id"), index=True)
    old_account_no: Mapped[str] = mapped_column(String(32))


class MeterOpening(Base):
    """An imported meter's opening figures, in primary kWh: what it held
    (the old system's last word on it) and the energy bought on it in the
    billing year that starts on ``year_start`` (the ladder counts it)."""

    __tablename__ = "meter_openings"

    meter_id: Mapped[int] = mapped_column(ForeignKey("meters.id"), primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("customer_imports.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    remaining_kwh: Mapped[Decimal] = mapped_column(Energy())
    year_kwh: Mapped[Decimal] = mapped_column(Energy())
    year_start: Mapped[date] = mapped_column(Date)
