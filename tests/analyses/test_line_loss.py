"""Master meter against sub-meters on the generated office, and the master
meters' readings: typed, read over the link, and refused when wrong."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal as D

import pytest

from tests.analyses.test_suspicious import AS_OF
from tests.planted_office import TECHNICAL_LOSS, plant
from vending_app.core.errors import ValidationError
from vending_app.core.line_loss import register_at
from vending_app.core.meter_port import MeterRegisters


def test_register_between_readings_is_interpolated_and_far_ones_are_not_used():
    t = datetime(2026, 1, 1, tzinfo=UTC)
    points = [(t, D(100)), (t + timedelta(days=10), D(200))]
    assert register_at(points, t + timedelta(days=5)) == D(150)
    assert register_at(points, t + timedelta(days=12)) == D(200)  # within three days
    assert register_at(points, t + timedelta(days=20)) is None
    assert register_at([], t) is None


def test_line_loss_shows_the_team_with_the_thieves(office):
    plant(office.core, AS_OF)
    rows = office.core.line_loss.month(office.finance, 2026, 9)
    by = {r.team: r for r in rows}
    t1, t2 = by["T1"], by["T2"]
    for r in (t1, t2):
        assert r.master_kwh and r.sold_kwh and r.consumed_kwh
    assert t2.meters == t2.meters_paired > 0  # every honest meter reported near both ends
    assert 0 < t1.meters < t1.meters_paired  # a silent (bypassed) meter reports nothing
    # T2 is honest: what its meters counted is the master's energy less the technical loss
    assert abs(t2.loss_pct - TECHNICAL_LOSS / (1 + TECHNICAL_LOSS) * 100) < D("1.5")
    assert t1.loss_pct > t2.loss_pct + 1  # the bypassed meters' energy is missing in T1
    trend = office.core.line_loss.trend(office.finance, 2026, 9, months=6, team="T2")
    assert [r.period for r in trend][-1] == "2026-09" and len(trend) == 6


def test_master_readings_typed_and_read_over_the_link(office):
    core, clerk = office.core, office.clerk
    core.masters.add(office.admin, "T1", "990000000077", "Transformer 7", 80)
    first = datetime.now(UTC) - timedelta(days=30)
    core.masters.record(clerk, "990000000077", "1200.50", read_at=first)
    with pytest.raises(ValidationError, match="only goes up"):
        core.masters.record(clerk, "990000000077", "1100")

    class Probe:  # what the serial link hands the core (the link has its own tests)
        def read_registers(self, address=None):
            return MeterRegisters(address or "990000000077", D("1300.25"), None, None, None,
                                  datetime.now(UTC), "serial /dev/ttyUSB0 2400 8E1")
    assert core.masters.read(clerk, Probe(), "990000000077") == D("1300.25")
    rows = core.masters.readings(clerk, "990000000077")
    assert [(r.energy_kwh, r.source) for r in rows] == [
        (D("1300.25"), "serial /dev/ttyUSB0 2400 8E1"), (D("1200.50"), "manual")]
    listed = core.masters.list(clerk)
    assert listed[0].last_reading_kwh == D("1300.25") and listed[0].multiplier == 80
    with core.db.read() as s:
        from sqlalchemy import select

        from db.models import AuditEvent
        actions = list(s.scalars(select(AuditEvent.action).where(
            AuditEvent.action.in_(["master_meter_add", "master_reading"]))))
    assert actions == ["master_meter_add", "master_reading", "master_reading"]
