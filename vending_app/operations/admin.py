"""The administrator's actions and the lists they change: operators,
tariffs, areas, teams and categories, system parameters, vending keys."""

from __future__ import annotations

from datetime import date

from vending_app.core.auth import OperatorAction, OperatorChange
from vending_app.core.catalog_upkeep import CatalogRow
from vending_app.core.permissions import Role
from vending_app.operations import Changed, OpResult, changed

CREATE = "create"  # the operators form's first action: not a change of an existing one


def create_operator(core, actor, login: str, name: str, role: Role | str,
                    password: str) -> OpResult[int]:
    return changed(core.auth.create_operator(actor, login, name, Role(role), password),
                   Changed.OPERATORS)


def change_operator(core, actor, login: str, action: OperatorAction | str, password: str = "",
                    role: Role | str | None = None) -> OpResult[OperatorChange]:
    """The same action from the operators page and 'operator set'."""
    return changed(core.auth.change_operator(actor, login, OperatorAction(action), password,
                                             Role(role) if role else None), Changed.OPERATORS)


def operator_action(core, actor, action: str, login: str, name: str, role: str,
                    password: str) -> OpResult[str]:
    """The operators form: create one, or change one; the login acted on."""
    if action == CREATE:
        return OpResult(login, create_operator(core, actor, login, name, role, password).changes)
    done = change_operator(core, actor, login, action, password, role)
    return OpResult(done.value.login, done.changes)


def change_own_password(core, actor, old: str, new: str) -> OpResult[None]:
    core.auth.change_own_password(actor, old, new)
    return changed(None, Changed.OPERATORS)


# --- tariffs, areas, teams, categories -------------------------------------------------
def add_tariff(core, actor, code: str, name: str) -> OpResult[int]:
    return changed(core.catalog.add_tariff(actor, code, name), Changed.TARIFFS)


def add_tariff_version(core, actor, code: str, effective_from: date, tiers,
                       monthly_charge="0", effective_to: date | None = None,
                       note: str = "", name: str | None = None) -> OpResult[int]:
    """With a ``name``, a tariff not yet known is added first (the tariffs
    page's one form adds both)."""
    if name is not None and code.upper() not in {
            t.code for t in core.catalog.list_tariffs(actor)}:
        core.catalog.add_tariff(actor, code, name or code)
    return changed(core.catalog.add_tariff_version(actor, code, effective_from, tiers,
                                                   monthly_charge, effective_to, note),
                   Changed.TARIFFS)


def add_to_catalog(core, actor, kind: str, code: str, name: str,
                   parent: str = "") -> OpResult[int]:
    """An area, a team (``parent``: its area) or a category (its tariff)."""
    cat = core.catalog
    if kind == "area":
        new = cat.add_area(actor, code, name)
    elif kind == "team":
        new = cat.add_team(actor, parent, code, name)
    else:
        new = cat.add_category(actor, code, name, parent)
    return changed(new, Changed.CATALOG)


def rename_in_catalog(core, actor, kind: str, code: str, name: str) -> OpResult[str]:
    """A tariff, category, area or team renamed (its code stays)."""
    done = core.catalog.rename(actor, kind, code, name)
    return changed(done, Changed.TARIFFS if kind == "tariff" else Changed.CATALOG)


def set_active_in_catalog(core, actor, kind: str, code: str, active: bool) -> OpResult[str]:
    """Retire (``active=False``: no new customers) or reinstate an entry."""
    done = core.catalog.set_active(actor, kind, code, active)
    return changed(done, Changed.TARIFFS if kind == "tariff" else Changed.CATALOG)


def catalog_rows(core, actor) -> list[CatalogRow]:
    """Every tariff, area, team and category, retired ones too."""
    return core.catalog.catalog_rows(actor)


# --- parameters and keys -------------------------------------------------------------------
def set_parameter(core, actor, key: str, value: str, scope: str = "") -> OpResult:
    return changed(core.catalog.set_parameter(actor, key, value, scope), Changed.SETTINGS)


def create_key_version(core, actor, passphrase: str) -> OpResult[int]:
    return changed(core.keys.create_version(actor, passphrase), Changed.KEYS)
