"""A report read at the counter moves the meter's months that line loss
reads, in the same transaction as the report."""

from datetime import datetime, timedelta
from decimal import Decimal as D

from sqlalchemy import insert, select

from db.models import Meter, MeterMonth, MeterReading
from db.types import utcnow
from tests.cards.test_tampering import M1, sold  # noqa: F401  (the fixture)
from vending_app.core import meter_months


def test_a_report_read_at_the_counter_updates_the_meters_months(sold, office, slot,  # noqa: F811
                                                                station, blank_card):
    core = office.core
    tz = core.clock().tzinfo
    meter_months.ensure(core.db, tz)
    before = utcnow() - timedelta(days=70)  # a report another station read ten weeks ago
    with core.db.write() as s:
        mid = s.scalar(select(Meter.id).where(Meter.number == M1))
        s.execute(insert(MeterReading).values(
            meter_id=mid, card_id=None, read_at=before, station_code="S02", authentic=True,
            counter=0, last_seq=0, remaining_kwh=D(0), cumulative_kwh=D(0), events=0, trips=0,
            meter_time=before, key_version=1, illegal_cards=0))
        meter_months.refresh(s, mid, before, tz)
    sold.insert(blank_card)  # the meter writes its report on the card ...
    slot.insert(blank_card)
    core.cards.present(office.seller, station)  # ... read at the counter now
    slot.remove()
    last_month = (datetime.now(tz).replace(day=1) - timedelta(days=1)).replace(day=1).date()
    with core.db.read() as s:
        assert meter_months.problems(s, tz) == []
        months = set(s.scalars(select(MeterMonth.month).where(MeterMonth.meter_id == mid)))
    assert last_month in months  # both its ends lie between the two reports
