"""The low-balance call list: from the meters' last write-backs and each
customer's usual use, who runs out within N days. Exact on a hand-made
case, and sensible on a generated office (tests/planted_office.py)."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal as D

import pytest
from sqlalchemy import insert, select

from db.models import Meter, MeterReading
from receipts.export import sheet_xlsx
from receipts.sheet_pdf import sheet_pdf
from tests.conftest import open_customer
from tests.planted_office import plant
from tests.receipts.conftest import poppler  # noqa: F401 - the fixture
from vending_app.core.sales import SaleRequest


def _report(core, number, day, seq, remaining, cumulative, counter):
    with core.db.write() as s:
        mid = s.scalar(select(Meter.id).where(Meter.number == number))
        at = datetime.combine(day, time(9), UTC)
        s.execute(insert(MeterReading).values(
            meter_id=mid, read_at=at, station_code="S01", authentic=True, counter=counter,
            last_seq=seq, remaining_kwh=D(remaining), cumulative_kwh=D(cumulative), events=0,
            trips=0, meter_time=at, key_version=1, illegal_cards=0))


def test_who_runs_out_within_n_days_exactly(office, card, clock):
    core = office.core
    today = date(2026, 3, 5)
    low = open_customer(office, "000000000001", name="Low Li")
    open_customer(office, "000000000002", name="Plenty Pan")
    ct = open_customer(office, "000000000003", name="Pump CT", meter_type="three_phase_ct",
                       ct="150/5")
    # 10 kWh a day over 30 days; 50 left two days ago -> 30 now -> 3 days
    _report(core, "000000000001", today - timedelta(days=32), 0, "80", "1000", 1)
    _report(core, "000000000001", today - timedelta(days=2), 0, "50", "1300", 2)
    # the same use, but 500 left: 48 days
    _report(core, "000000000002", today - timedelta(days=32), 0, "800", "1000", 1)
    _report(core, "000000000002", today - timedelta(days=2), 0, "500", "1300", 2)
    # a CT meter (x30): 1 secondary kWh a day = 30 primary; 3 secondary left
    # yesterday, then a purchase of 300 primary (10 secondary) it has not applied
    _report(core, "000000000003", today - timedelta(days=21), 0, "23", "100", 1)
    _report(core, "000000000003", today - timedelta(days=1), 0, "3", "120", 2)
    core.shifts.open(office.seller, "0")
    core.sales.sell(office.seller, SaleRequest("000000000003", kwh="300"), card)
    rows = core.call_list.call_list(office.clerk, 7)
    assert [(r.account_no, r.left_now_kwh, r.daily_kwh, r.days_left) for r in rows] == [
        (low, D("30.00"), D("10.00"), D("3.0"))]
    assert rows[0].runs_out_on == today + timedelta(days=3)
    more = core.call_list.call_list(office.clerk, 14)
    assert [(r.account_no, r.left_now_kwh, r.daily_kwh) for r in more][1] == (
        ct, D("360.00"), D("30.00"))  # the unapplied purchase counts, times the multiplier
    assert core.call_list.call_list(office.clerk, 2) == []
    assert len(core.call_list.call_list(office.seller, 60)) == 3
    assert core.call_list.call_list(office.clerk, 60, team="T2") == []


@pytest.mark.usefixtures("poppler")
def test_the_call_list_on_a_generated_office(office, clock, tmp_path):
    core = office.core
    as_of = date(2026, 3, 5)
    plants = plant(core, as_of, honest=60)
    rows = core.call_list.call_list(office.clerk, 5)
    assert rows == sorted(rows, key=lambda r: (r.days_left, r.account_no))
    assert all(r.days_left <= 5 and r.daily_kwh > 0 for r in rows)
    # silent for 150 days (bypassed) or away: by their own use they ran out long ago
    assert {plants[r.meter] for r in rows} == {"bypass_silent", "holiday"}
    for r in rows:  # each estimate follows from the last report and the daily use
        estimate = r.left_then_kwh - r.daily_kwh * (as_of - r.reported_on).days
        assert abs(r.left_now_kwh - estimate) < 1  # the figures are rounded apart
    wider = core.call_list.call_list(office.clerk, 14)
    assert {r.meter for r in rows} <= {r.meter for r in wider}
    honest = [r for r in wider if plants[r.meter] == "honest"]
    assert 0 < len(honest) < 60 / 2  # honest customers buy before they run low: a few now
    sheet = core.call_list.call_sheet(office.clerk, 5)
    assert len(sheet.sections[0].rows) == len(rows)
    assert sheet_pdf(sheet).startswith(b"%PDF") and sheet_xlsx(sheet)
