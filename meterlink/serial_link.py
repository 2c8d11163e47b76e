"""A DL/T 645 meter on a serial port: RS-485 adapter or optical probe.

One request, one answer: the request is written with its wake-up bytes,
the answer is read until a whole frame for that meter is in or the time is
up. No answer and a garbled answer are tried again (``retries`` times); an
error reply is the meter's word and is not. Every failure is a
MeterLinkError that says what to check.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from decimal import Decimal

import serial

from meterlink import dlt645
from meterlink.dlt645 import FrameError
from vending_app.core.errors import VendingError
from vending_app.core.meter_port import MeterRegisters


class MeterLinkError(VendingError):
    """The meter could not be read over the serial link."""


class NoAnswer(MeterLinkError):
    pass


class MeterRefused(MeterLinkError):
    """The meter answered with an error reply."""


class SerialMeterLink:
    """``port``: a device (/dev/ttyUSB0, COM3) or a pyserial URL. DL/T 645's
    usual line is 2400 baud, 8 data bits, even parity, 1 stop bit (optical
    probes: often 1200)."""

    def __init__(self, port: str, baudrate: int = 2400, parity: str = "E",
                 timeout: float = 1.5, retries: int = 2):
        self.port, self.baudrate, self.parity = port, int(baudrate), parity
        self.timeout, self.retries = float(timeout), int(retries)
        self._serial = None

    @property
    def description(self) -> str:
        return f"{self.port} {self.baudrate} 8{self.parity}1"

    # --- the port -----------------------------------------------------------
    def __enter__(self):
        try:
            self._serial = serial.serial_for_url(self.port, baudrate=self.baudrate,
                                                 bytesize=8, parity=self.parity, stopbits=1,
                                                 timeout=0.05, write_timeout=self.timeout)
        except Exception as e:  # noqa: BLE001 - any failure to open the port reads the same
            raise MeterLinkError("The serial port {port} cannot be opened ({error}). Check "
                                 "that the probe or RS-485 adapter is plugged in and the port "
                                 "name is right.", port=self.port, error=str(e)) from e
        return self

    def __exit__(self, *exc):
        if self._serial is not None:
            self._serial.close()
            self._serial = None

    # --- requests -------------------------------------------------------------
    def transact(self, address: str, control: int, data: bytes = b"") -> dlt645.Frame:
        request = dlt645.encode(address, control, data)
        last: MeterLinkError | None = None
        for _ in range(self.retries + 1):
            try:
                return self._once(request, address, control)
            except FrameError as e:
                last = MeterLinkError("The meter's answer was garbled on the line ({detail}). "
                                      "Check the probe's position or the RS-485 wiring "
                                      "(A/B swapped, no terminator).", detail=str(e))
            except NoAnswer as e:
                last = e
        raise last

    def _once(self, request: bytes, address: str, control: int) -> dlt645.Frame:
        port = self._serial
        if port is None:
            raise RuntimeError("use the link in a with-block")
        port.reset_input_buffer()
        port.write(request)
        port.flush()
        buffer, deadline = b"", time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            chunk = port.read(max(1, port.in_waiting))
            if not chunk:
                continue
            buffer += chunk
            while True:
                frame, used = dlt645.decode(buffer)
                buffer = buffer[used:]
                if frame is None:
                    break
                if not frame.is_reply or frame.function != control & 0x1F:
                    continue  # our own echo on a 2-wire bus, or another meter's answer
                if address != dlt645.WILDCARD and frame.address != address.rjust(12, "0"):
                    continue
                if frame.is_error:
                    code = frame.data[0] if frame.data else 0
                    raise MeterRefused("Meter {address} refused the request: {meaning}.",
                                       address=frame.address,
                                       meaning=dlt645.error_meaning(code))
                return frame
        raise NoAnswer("No answer from meter {address} on {port} within {seconds} s. Check "
                       "the meter number, the cable and the probe, and that the meter has "
                       "power.", address=address, port=self.port, seconds=self.timeout)

    def read_address(self) -> str:
        """The address of the one meter on the line (a probe on one meter)."""
        return self.transact(dlt645.WILDCARD, dlt645.READ_ADDRESS).address

    def read(self, address: str, name: str):
        item = dlt645.ITEMS[name]
        frame = self.transact(address, dlt645.READ_DATA, item.di.to_bytes(4, "little"))
        if frame.data[:4] != item.di.to_bytes(4, "little"):
            raise MeterLinkError("Meter {address} answered for another data item.",
                                 address=address)
        return dlt645.value(item, frame.data[4:])

    def read_optional(self, address: str, name: str):
        """An item a meter may not keep: None when it says it has no such data."""
        try:
            return self.read(address, name)
        except MeterRefused:
            return None

    # --- what the office reads -------------------------------------------------
    def read_registers(self, address: str | None = None) -> MeterRegisters:
        address = address or self.read_address()
        energy: Decimal = self.read(address, "energy_total")
        meter_time = None
        day, clock = self.read_optional(address, "date"), self.read_optional(address, "time")
        if day and clock:
            try:
                meter_time = datetime(*day, *clock)
            except ValueError:
                meter_time = None
        return MeterRegisters(address=address, energy_kwh=energy,
                              remaining_kwh=self.read_optional(address, "remaining_kwh"),
                              remaining_money=self.read_optional(address, "remaining_money"),
                              meter_time=meter_time, read_at=datetime.now(UTC),
                              source=f"serial {self.description}")
