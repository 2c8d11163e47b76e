"""Master meters (总表): the meters at a supply team's transformer or feeder
that measure all the energy going into its streets, and their readings,
taken over the serial link or typed from the meter's display."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base
from db.types import Energy, UTCDateTime, utcnow


class MasterMeter(Base):
    __tablename__ = "master_meters"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("supply_teams.id"), index=True)
    number: Mapped[str] = mapped_column(String(12), unique=True)  # its DL/T 645 address
    name: Mapped[str] = mapped_column(String(80))
    multiplier: Mapped[int] = mapped_column(Integer, default=1)  # CT x PT
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MasterReading(Base):
    __tablename__ = "master_readings"

    id: Mapped[int] = mapped_column(primary_key=True)
    master_meter_id: Mapped[int] = mapped_column(ForeignKey("master_meters.id"), index=True)
    read_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)  # when the register showed it
    energy_kwh: Mapped[Decimal] = mapped_column(Energy())  # the register (secondary kWh)
    source: Mapped[str] = mapped_column(String(200))  # "manual" or "serial <port> <line>"
    note: Mapped[str | None] = mapped_column(String(200))
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    station_code: Mapped[str] = mapped_column(String(16))
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
