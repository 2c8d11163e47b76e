"""Keeping the catalogue: tariffs, customer categories, supply areas and
teams are renamed and retired, never deleted (sales, sheets and the audit
log name them). A retired entry keeps what it has: its customers still buy
at its prices. It takes nothing new: no new customer in a retired category
(or one whose tariff is retired), team or area, no new category on a
retired tariff, no new team in a retired area. Reinstating undoes it."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import CustomerCategory, SupplyArea, SupplyTeam, Tariff
from vending_app.core import audit, validation
from vending_app.core.actor import Actor
from vending_app.core.errors import NotFound, StateError, echo
from vending_app.core.permissions import Permission, allowed


class CatalogKind(enum.StrEnum):
    TARIFF = "tariff"
    CATEGORY = "category"
    AREA = "area"
    TEAM = "team"


MODELS = {CatalogKind.TARIFF: Tariff, CatalogKind.CATEGORY: CustomerCategory,
          CatalogKind.AREA: SupplyArea, CatalogKind.TEAM: SupplyTeam}
ENTITIES = {CatalogKind.TARIFF: "tariff", CatalogKind.CATEGORY: "customer_category",
            CatalogKind.AREA: "supply_area", CatalogKind.TEAM: "supply_team"}

MISSING = {CatalogKind.TARIFF: "No tariff {code}.", CatalogKind.CATEGORY: "No customer category {code}.",
           CatalogKind.AREA: "No supply area {code}.", CatalogKind.TEAM: "No supply team {code}."}


@dataclass(frozen=True)
class CatalogRow:
    """One entry of the catalogue as the window and 'catalog list' show it."""
    kind: str  # a CatalogKind value
    code: str
    name: str
    parent: str  # a team's area, a category's tariff
    active: bool


def entry(s: Session, kind: CatalogKind, code: str, lock: bool = False):
    model = MODELS[kind]
    q = select(model).where(model.code == str(code).strip().upper())
    row = s.scalar(q.with_for_update() if lock else q)
    if row is None:
        raise NotFound(MISSING[kind], code=echo(code))
    return row


def check_takes_customers(s: Session, team: SupplyTeam, category: CustomerCategory) -> None:
    """Refuse a new customer (or a customer moved) into something retired."""
    if not category.active:
        raise StateError("Customer category {code} is retired: it takes no new customers.",
                         code=category.code)
    tariff = s.get(Tariff, category.tariff_id)
    if not tariff.active:
        raise StateError("Tariff {code} of category {category} is retired: it takes no new "
                         "customers.", code=tariff.code, category=category.code)
    if not team.active:
        raise StateError("Supply team {code} is retired: it takes no new customers.",
                         code=team.code)
    if not s.get(SupplyArea, team.area_id).active:
        raise StateError("Supply area {code} is retired: it takes no new customers.",
                         code=s.get(SupplyArea, team.area_id).code)


def check_active(row, kind: CatalogKind) -> None:
    """A new category on a tariff, or a new team in an area: not a retired one."""
    if not row.active:
        raise StateError("The {kind} {code} is retired: nothing new can be added to it.",
                         kind=kind.value, code=row.code)


class CatalogUpkeep:
    """Mixed into CatalogService: renaming, retiring, reinstating, listing."""

    def _may_keep(self, actor: Actor, kind: CatalogKind, call: str) -> None:
        need = Permission.MANAGE_TARIFFS if kind == CatalogKind.TARIFF else Permission.MANAGE_AREAS
        if not allowed(actor.role, need):
            self._refuse(actor, f"CatalogService.{call}", need)

    def rename(self, actor: Actor, kind: CatalogKind | str, code: str, name: str) -> str:
        kind = CatalogKind(kind)
        self._may_keep(actor, kind, "rename")
        name = validation.name(name, "Name", 80)
        with self.db.write() as s:
            row = entry(s, kind, code, lock=True)
            old, row.name = row.name, name
            audit.append(s, actor, f"{kind.value}_rename", ENTITIES[kind], row.id,
                         {"code": row.code, "from": old, "to": name})
            return row.code

    def set_active(self, actor: Actor, kind: CatalogKind | str, code: str, active: bool) -> str:
        """Retire (``active=False``) or reinstate an entry."""
        kind = CatalogKind(kind)
        self._may_keep(actor, kind, "retire" if not active else "reinstate")
        with self.db.write() as s:
            row = entry(s, kind, code, lock=True)
            if row.active == active and not active:
                raise StateError("The {kind} {code} is already retired.", kind=kind.value,
                                 code=row.code)
            if row.active == active:
                raise StateError("The {kind} {code} is not retired.", kind=kind.value,
                                 code=row.code)
            row.active = active
            audit.append(s, actor, f"{kind.value}_{'reinstate' if active else 'retire'}",
                         ENTITIES[kind], row.id, {"code": row.code})
            return row.code

    def catalog_rows(self, actor: Actor) -> list[CatalogRow]:
        """Every tariff, area, team and category, retired ones too."""
        with self.db.read() as s:
            out = [CatalogRow("tariff", t.code, t.name, "", t.active)
                   for t in s.scalars(select(Tariff).order_by(Tariff.code))]
            for a in s.scalars(select(SupplyArea).order_by(SupplyArea.code)):
                out.append(CatalogRow("area", a.code, a.name, "", a.active))
                out += [CatalogRow("team", t.code, t.name, a.code, t.active)
                        for t in sorted(a.teams, key=lambda t: t.code)]
            rows = s.execute(select(CustomerCategory, Tariff.code).join(
                Tariff, Tariff.id == CustomerCategory.tariff_id).order_by(CustomerCategory.code))
            out += [CatalogRow("category", c.code, c.name, t, c.active) for c, t in rows]
            return out
