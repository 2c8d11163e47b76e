"""What the core needs from a meter read on site (a serial link, DL/T 645):
its registers. The core owns this small interface; meterlink implements it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol


@dataclass(frozen=True)
class MeterRegisters:
    address: str  # the meter's number as it answered
    energy_kwh: Decimal  # total active energy, as the register shows (secondary kWh)
    remaining_kwh: Decimal | None  # prepaid meters that keep it
    remaining_money: Decimal | None
    meter_time: datetime | None  # the meter's clock (local time)
    read_at: datetime
    source: str  # "serial /dev/ttyUSB0 2400 8E1", "manual"


class MeterPort(Protocol):
    def read_registers(self, address: str | None = None) -> MeterRegisters: ...
