"""The meter link against an independent DL/T 645 implementation (the
``dlt645`` package) acting as the meter at the far end of a socat pty pair,
with a relay in the line that can garble or swallow the meter's answers."""

from __future__ import annotations

import time
from decimal import Decimal as D

import pytest

from meterlink.serial_link import MeterLinkError, MeterRefused, NoAnswer, SerialMeterLink
from tests.meter_peer import meter_line

METER = "000000123456"


@pytest.fixture
def line(tmp_path, pty_pair):
    """(station port, relay, meter): 8,765.43 kWh on the register, 120.50 kWh left."""
    with meter_line(tmp_path, pty_pair, METER, 8765.43, 120.50) as parts:
        yield parts


def link(port, **kw) -> SerialMeterLink:
    return SerialMeterLink(port, timeout=kw.pop("timeout", 1.0), **kw)


def test_reads_address_energy_and_balance(line):
    port, _, _ = line
    with link(port) as meter:
        assert meter.read_address() == METER
        regs = meter.read_registers()
    assert (regs.address, regs.energy_kwh, regs.remaining_kwh) == (METER, D("8765.43"),
                                                                   D("120.50"))
    assert regs.remaining_money is None  # the meter keeps no money balance: it said so
    assert regs.source.startswith(f"serial {port}")


def test_a_garbled_answer_is_tried_again_and_reported_when_it_persists(line):
    port, relay, _ = line
    relay.garble = 1
    with link(port, retries=2) as meter:
        assert meter.read(METER, "energy_total") == D("8765.43")  # the retry got it
        assert relay.garble == 0
        relay.garble = 3
        with pytest.raises(MeterLinkError, match="garbled on the line .*checksum"):
            meter.read(METER, "energy_total")


def test_no_answer_is_a_timeout_that_says_what_to_check(line):
    port, relay, _ = line
    relay.drop = 2
    with link(port, timeout=0.4, retries=1) as meter:
        t0 = time.monotonic()
        with pytest.raises(NoAnswer, match=f"No answer from meter {METER} .* within 0.4 s"):
            meter.read(METER, "energy_total")
        assert time.monotonic() - t0 < 5
        assert meter.read(METER, "energy_total") == D("8765.43")  # the line is back


def test_an_error_reply_is_the_meters_word_and_not_retried(line):
    port, relay, meter = line
    del meter.data_map[0x00900100]
    with link(port) as probe:
        with pytest.raises(MeterRefused, match="no such data"):
            probe.read(METER, "remaining_kwh")
        assert probe.read_optional(METER, "remaining_kwh") is None


def test_a_port_that_is_not_there_is_a_clear_error(tmp_path):
    with pytest.raises(MeterLinkError, match="cannot be opened.*probe or RS-485 adapter"), \
            link(str(tmp_path / "ttyUSB9")):
        pass
