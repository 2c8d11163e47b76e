"""Reference data an administrator keeps: tariffs and their versions,
supply areas and teams, customer categories, system parameters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import CustomerCategory, SupplyArea, SupplyTeam, Tariff, TariffTier, TariffVersion
from vending_app.core import audit, settings, validation
from vending_app.core.actor import Actor
from vending_app.core.catalog_upkeep import CatalogKind, CatalogUpkeep, check_active, entry
from vending_app.core.errors import Conflict, NotFound, ValidationError, echo
from vending_app.core.money import parse_kwh, parse_money, parse_price
from vending_app.core.permissions import Permission, requires
from vending_app.core.service import Service
from vending_app.core.tariffs import TariffPlan, Tier, validate_tiers


def _code(code: str, what: str) -> str:
    code = str(code).strip().upper()
    plain = code.replace("-", "").replace("_", "")
    if not 1 <= len(code) <= 16 or not (plain.isascii() and plain.isalnum()):
        raise ValidationError("{what} code '{code}' must be 1-16 letters or digits.",
                              what=what, code=echo(code))
    return code


def _name(name: str, code: str, what: str) -> str:
    """A catalogue entry's name; blank means 'use the code'."""
    return validation.name(name, what, 80) if str(name).strip() else code


def parse_tiers(spec: str | Sequence[tuple]) -> tuple[Tier, ...]:
    """Tiers from '0.5283' (flat) or '2160:0.5283,4200:0.5783,*:0.8283', or pairs."""
    pairs = _tier_pairs(spec) if isinstance(spec, str) else list(spec)
    tiers = tuple(
        Tier(None if upto is None else parse_kwh(upto, "Tier bound"), parse_price(price))
        for upto, price in pairs
    )
    validate_tiers(tiers)
    return tiers


def _tier_pairs(spec: str) -> list[tuple]:
    """Split the list first (commas separate tiers), then each number is
    parsed on its own, strictly: a decimal comma inside a tier would be read
    as a new tier, so only a flat price may go without UPTO:."""
    parts = spec.split(",")
    if len(parts) == 1 and ":" not in spec:
        return [(None, spec)]
    if not all(":" in part for part in parts):
        raise ValidationError("Tiers '{spec}': write each tier as UPTO:PRICE separated by commas, the "
                              "last as *:PRICE, with decimal points, like 2160:0.5283,*:0.8583.",
                              spec=echo(spec))
    pairs = [part.split(":", 1) for part in parts]
    return [(None if upto.strip() in ("*", "") else upto, price) for upto, price in pairs]


def plan_of(version: TariffVersion, tariff_code: str) -> TariffPlan:
    return TariffPlan(
        version_id=version.id, tariff_code=tariff_code, effective_from=version.effective_from,
        effective_to=version.effective_to,
        tiers=tuple(Tier(t.upto_kwh, t.price) for t in version.tiers),
        fixed_monthly_charge=version.fixed_monthly_charge,
    )


def plans_of(session: Session, tariff_id: int) -> list[TariffPlan]:
    tariff = session.get(Tariff, tariff_id)
    return [plan_of(v, tariff.code) for v in tariff.versions]


@dataclass(frozen=True)
class TariffSummary:
    code: str
    name: str
    versions: tuple[TariffPlan, ...]


@dataclass(frozen=True)
class TariffVersionRow:
    """One tariff version as the lists show it: a line of the window's
    tariff table and of 'tariff list'."""
    code: str
    name: str
    effective_from: date
    effective_to: date | None
    tiers: tuple[Tier, ...]
    monthly_charge: Decimal

    def tiers_text(self, unbounded: str = "*", separator: str = ",", colon: str = ":") -> str:
        """By default as an administrator types them ('2160:0.5283,*:0.8283'),
        which parse_tiers reads back; the window passes its own marks."""
        return separator.join(f"{unbounded if t.upto_kwh is None else t.upto_kwh}{colon}{t.price}"
                              for t in self.tiers)


@dataclass(frozen=True)
class TeamRow:
    code: str
    name: str


@dataclass(frozen=True)
class AreaRow:
    code: str
    name: str
    teams: tuple[TeamRow, ...]


@dataclass(frozen=True)
class CategoryRow:
    code: str
    name: str
    tariff: str


@dataclass(frozen=True)
class ParameterRow:
    """A system parameter as this station reads it, with what it is for
    (the description in English: the window translates it)."""
    key: str
    value: Any
    description: str


class CatalogService(CatalogUpkeep, Service):
    # --- tariffs -------------------------------------------------------
    @requires(Permission.MANAGE_TARIFFS)
    def add_tariff(self, actor: Actor, code: str, name: str) -> int:
        code = _code(code, "Tariff")
        with self.db.write() as s:
            if s.scalar(select(Tariff.id).where(Tariff.code == code)):
                raise Conflict("Tariff {code} exists already.", code=code)
            t = Tariff(code=code, name=_name(name, code, "Tariff name"))
            s.add(t)
            s.flush()
            audit.append(s, actor, "tariff_create", "tariff", t.id, {"code": code, "name": t.name})
            return t.id

    @requires(Permission.MANAGE_TARIFFS)
    def add_tariff_version(self, actor: Actor, tariff_code: str, effective_from: date,
                           tiers, fixed_monthly_charge: str | Decimal = "0",
                           effective_to: date | None = None, note: str = "") -> int:
        tiers = parse_tiers(tiers)
        fixed = parse_money(fixed_monthly_charge, "Monthly charge", allow_zero=True)
        if effective_to is not None and effective_to < effective_from:
            raise ValidationError("A tariff version cannot end before it starts.")
        with self.db.write() as s:
            t = s.scalar(select(Tariff).where(Tariff.code == _code(tariff_code, "Tariff")))
            if t is None:
                raise NotFound("No tariff {code}.", code=echo(tariff_code))
            if any(v.effective_from == effective_from for v in t.versions):
                raise Conflict("Tariff {code} already has a version from {d}.",
                               code=t.code, d=effective_from)
            v = TariffVersion(tariff_id=t.id, effective_from=effective_from,
                              effective_to=effective_to, fixed_monthly_charge=fixed,
                              note=note, created_by=actor.operator_id)
            v.tiers = [TariffTier(position=i, upto_kwh=tier.upto_kwh, price=tier.price)
                       for i, tier in enumerate(tiers)]
            s.add(v)
            s.flush()
            audit.append(s, actor, "tariff_version_create", "tariff_version", v.id, {
                "tariff": t.code, "from": effective_from, "to": effective_to,
                "tiers": [[tr.upto_kwh, tr.price] for tr in tiers], "fixed": fixed,
            })
            return v.id

    def list_tariffs(self, actor: Actor) -> list[TariffSummary]:
        with self.db.read() as s:
            return [
                TariffSummary(t.code, t.name, tuple(plan_of(v, t.code) for v in t.versions))
                for t in s.scalars(select(Tariff).order_by(Tariff.code))
            ]

    def tariff_rows(self, actor: Actor) -> list[TariffVersionRow]:
        """Every version of every tariff, one row each, by tariff code."""
        return [TariffVersionRow(t.code, t.name, v.effective_from, v.effective_to, v.tiers,
                                 v.fixed_monthly_charge)
                for t in self.list_tariffs(actor) for v in t.versions]

    # --- areas, teams, categories -----------------------------------------
    @requires(Permission.MANAGE_AREAS)
    def add_area(self, actor: Actor, code: str, name: str) -> int:
        code = _code(code, "Area")
        with self.db.write() as s:
            if s.scalar(select(SupplyArea.id).where(SupplyArea.code == code)):
                raise Conflict("Supply area {code} exists already.", code=code)
            a = SupplyArea(code=code, name=_name(name, code, "Area name"))
            s.add(a)
            s.flush()
            audit.append(s, actor, "area_create", "supply_area", a.id, {"code": code})
            return a.id

    @requires(Permission.MANAGE_AREAS)
    def add_team(self, actor: Actor, area_code: str, code: str, name: str) -> int:
        code = _code(code, "Team")
        with self.db.write() as s:
            area = entry(s, CatalogKind.AREA, _code(area_code, "Area"))
            check_active(area, CatalogKind.AREA)
            if s.scalar(select(SupplyTeam.id).where(SupplyTeam.code == code)):
                raise Conflict("Supply team {code} exists already.", code=code)
            t = SupplyTeam(area_id=area.id, code=code, name=_name(name, code, "Team name"))
            s.add(t)
            s.flush()
            audit.append(s, actor, "team_create", "supply_team", t.id,
                         {"code": code, "area": area.code})
            return t.id

    @requires(Permission.MANAGE_AREAS)
    def add_category(self, actor: Actor, code: str, name: str, tariff_code: str) -> int:
        code = _code(code, "Category")
        with self.db.write() as s:
            tariff = entry(s, CatalogKind.TARIFF, _code(tariff_code, "Tariff"))
            check_active(tariff, CatalogKind.TARIFF)
            if s.scalar(select(CustomerCategory.id).where(CustomerCategory.code == code)):
                raise Conflict("Customer category {code} exists already.", code=code)
            c = CustomerCategory(code=code, name=_name(name, code, "Category name"),
                                 tariff_id=tariff.id)
            s.add(c)
            s.flush()
            audit.append(s, actor, "category_create", "customer_category", c.id,
                         {"code": code, "tariff": tariff.code})
            return c.id

    def list_areas(self, actor: Actor) -> list[AreaRow]:
        with self.db.read() as s:
            return [AreaRow(a.code, a.name, tuple(TeamRow(t.code, t.name) for t in a.teams))
                    for a in s.scalars(select(SupplyArea).order_by(SupplyArea.code))]

    def list_categories(self, actor: Actor) -> list[CategoryRow]:
        with self.db.read() as s:
            rows = s.execute(select(CustomerCategory.code, CustomerCategory.name, Tariff.code)
                             .join(Tariff).order_by(CustomerCategory.code))
            return [CategoryRow(*r) for r in rows]

    # --- system parameters ------------------------------------------------
    @requires(Permission.MANAGE_SETTINGS)
    def set_parameter(self, actor: Actor, key: str, value: str, station_code: str = ""):
        """Office-wide, or for one station ('s01' is station S01; a code that
        is no station of the office is refused)."""
        station_code = validation.station_code(station_code) if str(station_code).strip() else ""
        with self.db.write() as s:
            station_code = settings.station_scope(s, station_code)
            old = settings.read(s, key, station_code)
            new = settings.write(s, key, value, station_code)
            audit.append(s, actor, "parameter_set", "setting", key,
                         {"scope": station_code, "from": old, "to": new})
            return new

    def parameter(self, key: str):
        with self.db.read() as s:
            return settings.read(s, key, self.core.station_code)

    def parameters(self) -> list[ParameterRow]:
        """Every system parameter with the value it has at this station."""
        with self.db.read() as s:
            return [ParameterRow(key, settings.read(s, key, self.core.station_code), p.description)
                    for key, p in settings.PARAMS.items()]
