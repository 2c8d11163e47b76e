"""The meter link against an independent DL/T 645 implementation (the
``dlt645`` package) acting as the meter at the far end of a socat pty pair,
with a relay in the line that can garble or swallow the meter's answers."""

from __future__ import annotations

import subprocess
import threading
import time
from decimal import Decimal as D

import pytest
import serial
from dlt645.model.types.data_type import DataItem
from dlt645.service.serversvc.server_service import MeterServerService

from meterlink.serial_link import MeterLinkError, MeterRefused, NoAnswer, SerialMeterLink

METER = "000000123456"


def wire_address(number: str) -> bytes:
    """The standard's address field: BCD, low byte first. (The package's own
    string helper writes the digits in printed order, so it gets bytes.)"""
    return bytes(reversed(bytes.fromhex(number)))


class Relay(threading.Thread):
    """Station <-> relay <-> meter: passes requests on, and the meter's
    answers back, damaged or dropped while told to."""

    def __init__(self, station_side: str, meter_side: str):
        super().__init__(daemon=True)
        self.a = serial.Serial(station_side, timeout=0.01)
        self.b = serial.Serial(meter_side, timeout=0.01)
        self.garble = self.drop = 0  # how many answers to damage / swallow
        self.running = True

    def run(self):
        while self.running:
            up = self.a.read(256)
            if up:
                self.b.write(up)
            down = self.b.read(256)
            if down:
                time.sleep(0.02)  # let the whole answer arrive
                down += self.b.read(256)
                if self.drop:
                    self.drop -= 1
                    continue
                if self.garble:
                    self.garble -= 1
                    damaged = bytearray(down)
                    damaged[-4] ^= 0x01
                    down = bytes(damaged)
                self.a.write(down)

    def stop(self):
        self.running = False
        self.join(2)
        self.a.close()
        self.b.close()


def socat(tmp_path, name):
    one, two = tmp_path / f"{name}-1", tmp_path / f"{name}-2"
    proc = subprocess.Popen(["socat", f"pty,raw,echo=0,link={one}", f"pty,raw,echo=0,link={two}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        if one.exists() and two.exists():
            break
        time.sleep(0.05)
    return proc, str(one), str(two)


@pytest.fixture
def line(tmp_path, pty_pair):
    """(station port, relay, meter): the meter is the dlt645 package's RTU
    server, holding 8,765.43 kWh and 120.50 kWh left."""
    meter_end, relay_meter_side = pty_pair
    proc, station_port, relay_station_side = socat(tmp_path, "station")
    meter = MeterServerService.new_rtu_server(str(meter_end), 8, 1, 2400, "E", 1.0)
    meter.set_address(wire_address(METER))
    assert meter.set_00(0x00000000, 8765.43)
    # a prepaid item the package does not define: added to its data table
    meter.data_map[0x00900100] = DataItem(di=0x00900100, name="remaining", data_format="XXXXXX.XX",
                                          value=120.50, unit="kWh")
    assert meter.server.start()
    relay = Relay(relay_station_side, str(relay_meter_side))
    relay.start()
    yield station_port, relay, meter
    relay.stop()
    meter.server.stop()
    proc.terminate()
    proc.wait(5)


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
