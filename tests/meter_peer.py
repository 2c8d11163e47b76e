"""The meter at the far end of a serial line, for tests: the ``dlt645``
package's RTU server (an independent DL/T 645 implementation) on a socat pty
pair, behind a relay that can garble or swallow its answers."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager

import serial
from dlt645.model.types.data_type import DataItem
from dlt645.service.serversvc.server_service import MeterServerService

from tests.conftest import socat_pair


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


@contextmanager
def meter_line(tmp_path, pty_pair, number: str, energy: float, remaining: float | None):
    """Yields (station port, relay, meter): the meter holds ``energy`` kWh on
    its total register and, if given, ``remaining`` kWh left (a prepaid item
    the package does not define, added to its data table)."""
    meter_end, relay_meter_side = pty_pair
    proc, station_end, relay_station_side = socat_pair(tmp_path, "station")
    station_port = str(station_end)
    meter = MeterServerService.new_rtu_server(str(meter_end), 8, 1, 2400, "E", 1.0)
    meter.set_address(wire_address(number))
    assert meter.set_00(0x00000000, energy)
    if remaining is not None:
        meter.data_map[0x00900100] = DataItem(di=0x00900100, name="remaining",
                                              data_format="XXXXXX.XX", value=remaining,
                                              unit="kWh")
    assert meter.server.start()
    relay = Relay(str(relay_station_side), str(relay_meter_side))
    relay.start()
    try:
        yield station_port, relay, meter
    finally:
        relay.stop()
        meter.server.stop()
        proc.terminate()
        proc.wait(5)
