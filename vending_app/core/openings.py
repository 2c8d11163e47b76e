"""What an imported meter brought from the old system and the ladder must
still count: the energy its customer bought earlier in the billing year."""

from __future__ import annotations

from sqlalchemy import Date, bindparam, func, select

from db.models import MeterOpening

# Primary kWh bought before the import in the billing year starting on
# :year_start (0 for another year, or a customer who was not imported);
# the sale's usage statement (core/sale_inputs.py) reads it as a column.
OPENING_YEAR_KWH = select(func.coalesce(func.sum(MeterOpening.year_kwh), 0)).where(
    MeterOpening.customer_id == bindparam("customer"),
    MeterOpening.year_start == bindparam("year_start", type_=Date)).scalar_subquery()
