"""Master meters (总表) per supply team and their readings: read over the
meter link (DL/T 645) or typed from the display, with the source kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from db.models import MasterMeter, MasterReading, SupplyTeam
from db.types import utcnow
from vending_app.core import audit, validation
from vending_app.core.actor import Actor
from vending_app.core.errors import Conflict, NotFound, ValidationError, echo
from vending_app.core.meter_port import MeterPort
from vending_app.core.money import parse_kwh
from vending_app.core.permissions import Permission, requires
from vending_app.core.service import Service


@dataclass(frozen=True)
class MasterMeterRow:
    number: str
    name: str
    team: str
    multiplier: int
    last_reading_kwh: Decimal | None
    last_read_at: datetime | None
    last_source: str | None


@dataclass(frozen=True)
class MasterReadingRow:
    read_at: datetime
    energy_kwh: Decimal
    source: str
    note: str | None


class MasterMeterService(Service):
    @requires(Permission.MANAGE_AREAS)
    def add(self, actor: Actor, team_code: str, number: str, name: str,
            multiplier: int | str = 1) -> None:
        number = validation.meter_number(number)
        name = validation.name(name, "Name", 80)
        try:
            mult = validation.whole(multiplier)
        except ValueError:
            mult = 0
        if not 1 <= mult <= 100_000:
            raise ValidationError("The multiplier (CT x PT) is a whole number from 1 to 100000.")
        with self.db.write() as s:
            team = s.scalar(select(SupplyTeam).where(SupplyTeam.code == team_code.strip().upper()))
            if team is None:
                raise NotFound("No supply team {code}.", code=echo(team_code))
            if s.scalar(select(MasterMeter.id).where(MasterMeter.number == number)):
                raise Conflict("Master meter {number} is already registered.", number=number)
            m = MasterMeter(team_id=team.id, number=number, name=name, multiplier=mult)
            s.add(m)
            s.flush()
            audit.append(s, actor, "master_meter_add", "master_meter", m.id,
                         {"team": team.code, "number": number, "multiplier": mult})

    @requires(Permission.MASTER_READINGS)
    def list(self, actor: Actor) -> list[MasterMeterRow]:
        with self.db.read() as s:
            out = []
            for m, team in s.execute(select(MasterMeter, SupplyTeam.code)
                                     .join(SupplyTeam, MasterMeter.team_id == SupplyTeam.id)
                                     .where(MasterMeter.active).order_by(SupplyTeam.code,
                                                                         MasterMeter.number)):
                last = _latest(s, m.id)
                out.append(MasterMeterRow(m.number, m.name, team, m.multiplier,
                                          last.energy_kwh if last else None,
                                          last.read_at if last else None,
                                          last.source if last else None))
            return out

    @requires(Permission.MASTER_READINGS)
    def readings(self, actor: Actor, number: str, limit: int = 50) -> list[MasterReadingRow]:
        with self.db.read() as s:
            m = _master(s, number)
            return [MasterReadingRow(r.read_at, r.energy_kwh, r.source, r.note)
                    for r in s.scalars(select(MasterReading).where(
                        MasterReading.master_meter_id == m.id)
                        .order_by(MasterReading.read_at.desc()).limit(limit))]

    @requires(Permission.MASTER_READINGS)
    def record(self, actor: Actor, number: str, energy_kwh: str | Decimal,
               read_at: datetime | None = None, note: str | None = None) -> Decimal:
        """A reading typed from the meter's display."""
        energy = parse_kwh(energy_kwh, "Master meter reading", allow_zero=True)
        return self._store(actor, number, energy, read_at or utcnow(), "manual", note)

    @requires(Permission.MASTER_READINGS)
    def read(self, actor: Actor, port: MeterPort, number: str) -> Decimal:
        """Read the register over the meter link and keep it."""
        number = validation.meter_number(number)
        regs = port.read_registers(number)
        if regs.address != number:
            raise ValidationError("The meter on the link is {read}, not {meter}.",
                                  read=regs.address, meter=number)
        return self._store(actor, number, regs.energy_kwh, regs.read_at, regs.source[:200], None)

    def _store(self, actor: Actor, number: str, energy: Decimal, read_at: datetime,
               source: str, note: str | None) -> Decimal:
        if read_at.tzinfo is None:
            raise ValueError("read_at must be aware")
        if read_at > utcnow() + timedelta(minutes=5):
            raise ValidationError("A reading cannot be dated in the future.")
        note = validation.reason(note) if note else None
        with self.db.write() as s:
            m = _master(s, number, lock=True)
            before = s.scalar(select(MasterReading).where(
                MasterReading.master_meter_id == m.id, MasterReading.read_at <= read_at)
                .order_by(MasterReading.read_at.desc()).limit(1))
            if before is not None and energy < before.energy_kwh:
                raise ValidationError(
                    "{energy} kWh is lower than the reading of {when} ({previous} kWh): a master "
                    "meter's register only goes up. Check the figure.", energy=energy,
                    when=before.read_at.date().isoformat(), previous=before.energy_kwh)
            r = MasterReading(master_meter_id=m.id, read_at=read_at, energy_kwh=energy,
                              source=source, note=note, operator_id=actor.operator_id,
                              station_code=actor.station_code)
            s.add(r)
            s.flush()
            audit.append(s, actor, "master_reading", "master_meter", m.id, {
                "number": m.number, "energy": energy, "read_at": read_at.isoformat(),
                "source": source, "note": note})
        return energy


def _master(s, number: str, lock: bool = False) -> MasterMeter:
    q = select(MasterMeter).where(MasterMeter.number == validation.meter_number(number))
    m = s.scalar(q.with_for_update() if lock else q)
    if m is None:
        raise NotFound("No master meter {number}.", number=number)
    return m


def _latest(s, master_id: int) -> MasterReading | None:
    return s.scalar(select(MasterReading).where(MasterReading.master_meter_id == master_id)
                    .order_by(MasterReading.read_at.desc()).limit(1))
