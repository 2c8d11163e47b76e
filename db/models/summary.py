"""Running totals kept beside the ledger, so that month and dekad reports
read a few hundred rows instead of re-adding every sale of the period.

One row per business day, supply team and station: the station is in the
key only so that counters selling at the same time each add to their own
row (no two stations wait on one row); reports add the stations up. The
rows change in the same transaction as the sale, reversal or refund they
count (``vending_app.core.summaries.record``) and ``db check`` recomputes
them from the ledger.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import BigInteger, Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base
from db.types import Energy, Money

# The measures, in the order the recomputation (db/summary_sql.py) yields them.
MEASURES = ("lines", "sales", "sold_kwh", "flat_kwh", "adjustment_kwh", "amount", "reversed",
            "refunded", "through_shifts", "off_drawer", "committed_kwh")


class LedgerDay(Base):
    """What one station booked for one team on one business day."""

    __tablename__ = "ledger_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("supply_teams.id"), primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"), primary_key=True)
    lines: Mapped[int] = mapped_column(BigInteger, default=0)  # ledger lines (documents.ledger)
    sales: Mapped[int] = mapped_column(BigInteger, default=0)  # sales (not adjustments)
    sold_kwh: Mapped[Decimal] = mapped_column(Energy(), default=0)  # tariff kWh, net
    flat_kwh: Mapped[Decimal] = mapped_column(Energy(), default=0)
    adjustment_kwh: Mapped[Decimal] = mapped_column(Energy(), default=0)
    amount: Mapped[Decimal] = mapped_column(Money(), default=0)  # net money in
    reversed: Mapped[Decimal] = mapped_column(Money(), default=0)  # paid back by reversals
    refunded: Mapped[Decimal] = mapped_column(Money(), default=0)
    through_shifts: Mapped[Decimal] = mapped_column(Money(), default=0)  # net, via a shift
    off_drawer: Mapped[Decimal] = mapped_column(Money(), default=0)  # paid back without one
    # primary kWh of sales still committed (line loss "sold"), by the sale's day
    committed_kwh: Mapped[Decimal] = mapped_column(Energy(), default=0)


class MeterMonth(Base):
    """What one customer's meter counted in one local calendar month (line
    loss's "consumed"): its register at the month's end less its register at
    the start, both as line loss interpolates them from the meter's
    authentic reports (secondary kWh, before the multiplier). Exact: the
    Decimal as text; ``approx`` is the same as a float, for sums that are
    then checked against their error bound (vending_app/core/meter_months.py).
    No row: the meter has no report near one of the ends. Kept up to date in
    the transaction that stores a report; ``db check`` recomputes it."""

    __tablename__ = "meter_months"
    __table_args__ = (Index("ix_meter_months_month", "month", "meter_id", "approx"),)

    meter_id: Mapped[int] = mapped_column(ForeignKey("meters.id"), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)  # its first day
    consumed: Mapped[str] = mapped_column(Text)
    approx: Mapped[float] = mapped_column(Float)


class MeterMonthBasis(Base):
    """The time zone whose months ``meter_months`` holds (one row; none: not
    built). Another zone's months are other months: the table is rebuilt."""

    __tablename__ = "meter_months_basis"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    zone: Mapped[str] = mapped_column(String(64))


class PurchaseMonth(Base):
    """The committed purchases (sales, not adjustments or transfers) of one
    meter in one calendar month: what the suspicious-customer rules read
    instead of the sales (``vending_app.core.purchase_months``).

    ``prev_day`` is the meter's last committed purchase before the month
    (none: the month holds its first), ``gap_before`` the days from it to
    ``first_day``; ``longest_gap`` the most days between two purchases
    inside the month. Keyed by month first, so that a span of months is one
    range of the table."""

    __tablename__ = "purchase_months"
    __table_args__ = (Index("ix_purchase_months_meter", "meter_id", "month"),
                      {"sqlite_with_rowid": False})

    month: Mapped[date] = mapped_column(Date, primary_key=True)  # its first day
    meter_id: Mapped[int] = mapped_column(ForeignKey("meters.id"), primary_key=True)
    purchases: Mapped[int] = mapped_column(Integer)
    kwh: Mapped[Decimal] = mapped_column(Energy())  # primary kWh bought
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    longest_gap: Mapped[int] = mapped_column(Integer)
    prev_day: Mapped[date | None] = mapped_column(Date)
    gap_before: Mapped[int | None] = mapped_column(Integer)
