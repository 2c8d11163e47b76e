"""What an imported meter brought from the old system and the ladder must
still count: the energy its customer bought earlier in the billing year."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import MeterOpening


def opening_year_kwh(s: Session, customer_id: int, year_start: date) -> Decimal:
    """Primary kWh bought before the import in the billing year starting on
    ``year_start`` (0 for another year, or a customer who was not imported)."""
    return Decimal(s.scalar(select(func.coalesce(func.sum(MeterOpening.year_kwh), 0)).where(
        MeterOpening.customer_id == customer_id, MeterOpening.year_start == year_start)))
