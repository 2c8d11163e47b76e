"""Meter replacement with the old meter read over the serial link: the
remaining energy and the total register come from the meter (the dlt645
package's meter on a pty pair), and the replacement records that source."""

import dataclasses
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from db.models import MeterReplacement
from meterlink.serial_link import SerialMeterLink
from tests.cards.test_fieldwork import M1, M2, counter, sold_applied_and_one_more  # noqa: F401
from tests.meter_peer import meter_line
from vending_app.core.errors import ValidationError


def test_old_meter_read_over_the_link_moves_its_balance(counter, slot, station,  # noqa: F811
                                                        blank_card, tmp_path, pty_pair):
    office, old_meter = counter
    core = office.core
    sold_applied_and_one_more(office, slot, station, blank_card, old_meter)
    with meter_line(tmp_path, pty_pair, M1, 40.0, 60.0) as (port, _, _), \
            SerialMeterLink(port, timeout=1.0) as link:
        regs = link.read_registers()
        assert (regs.address, regs.remaining_kwh) == (M1, D("60.00"))
        elsewhere = dataclasses.replace(regs, address="000000000009")  # probe on another meter
        with pytest.raises(ValidationError, match="is 000000000009, not 000000000001"):
            core.fieldwork.replace_meter(office.clerk, station, M1, M2, "single_phase", None,
                                         "burnt", registers=elsewhere)
        r = core.fieldwork.replace_meter(office.clerk, station, M1, M2, "single_phase", None,
                                         "meter burnt out", registers=regs)
    assert (r.old_remaining_kwh, r.unapplied_kwh, r.transfer_kwh) == (D("60"), D("20"), D("80"))
    with core.db.read() as s:
        job = s.scalar(select(MeterReplacement))
        assert job.remaining_source == f"serial {port} 2400 8E1"
        assert job.old_energy_kwh == D("40.00")
