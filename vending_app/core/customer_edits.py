"""Customer maintenance: corrections of an account's details, change of
owner (过户), of category (priced from a day on) or supply team, suspension.

Nothing is overwritten without a trace: every change keeps what was there
before in ``customer_changes`` (the previous holder after a change of owner),
and is audited. Meters, balances and purchases belong to the account (the
premises), so a change of owner leaves them where they are.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import (
    CategoryPeriod,
    Customer,
    CustomerCategory,
    CustomerChange,
    CustomerStatus,
    Operator,
    SupplyTeam,
)
from vending_app.core import audit, summaries, validation
from vending_app.core.accounts import customer_by_account
from vending_app.core.actor import Actor
from vending_app.core.errors import Conflict, NotFound, StateError, ValidationError, echo
from vending_app.core.permissions import Permission, requires
from vending_app.core.service import Service

DETAILS = ("name", "phone", "id_number", "address")
# Where an account's category was set before any change was recorded.
BEGINNING = date(1900, 1, 1)


@dataclass(frozen=True)
class ChangeRow:
    """One entry of an account's history, newest first when listed."""

    at: datetime
    kind: str
    effective_from: date
    before: dict
    after: dict
    reason: str
    operator: str


@dataclass(frozen=True)
class DetailsEdit:
    """New values of an account's details; None keeps the current one."""

    name: str | None = None
    phone: str | None = None
    id_number: str | None = None
    address: str | None = None


def category_on(s: Session, customer: Customer, on: date) -> CustomerCategory:
    """The category a sale on ``on`` is priced by: the newest period that
    started on or before that day, else the account's own category."""
    period = s.scalar(select(CategoryPeriod).where(
        CategoryPeriod.customer_id == customer.id, CategoryPeriod.effective_from <= on)
        .order_by(CategoryPeriod.effective_from.desc(), CategoryPeriod.id.desc()).limit(1))
    return s.get(CustomerCategory, period.category_id if period else customer.category_id)


def record_change(s: Session, actor: Actor, c: Customer, kind: str, before: dict, after: dict,
                  effective_from: date, reason: str = "") -> None:
    """Keep the previous values and audit the change, in the caller's transaction."""
    s.add(CustomerChange(customer_id=c.id, kind=kind, effective_from=effective_from,
                         before=audit.canonical(before), after=audit.canonical(after),
                         reason=reason, operator_id=actor.operator_id))
    audit.append(s, actor, f"customer_{kind}", "customer", c.id, {
        "account": c.account_no, "before": before, "after": after,
        "from": effective_from.isoformat(), "reason": reason})


def _clean(edit: DetailsEdit) -> dict[str, str]:
    checks = {"name": validation.name, "phone": validation.phone,
              "id_number": validation.id_number,
              "address": lambda v: validation.name(v, "Address", 200)}
    return {k: checks[k](getattr(edit, k)) for k in DETAILS if getattr(edit, k) is not None}


def _check_id_free(s: Session, c: Customer, id_number: str) -> None:
    dup = s.scalar(select(Customer.account_no).where(Customer.id_number == id_number,
                                                     Customer.id != c.id))
    if dup:
        raise Conflict("ID number {id} already has account {account}.", id=id_number,
                       account=dup)


def _open_or_suspended(c: Customer) -> None:
    if c.status == CustomerStatus.CLOSED:
        raise StateError("Account {account} is closed.", account=c.account_no)


def _by_code(s: Session, model, code: str, template: str):
    row = s.scalar(select(model).where(model.code == str(code).strip().upper()))
    if row is None:
        raise NotFound(template, code=echo(code))
    return row


class CustomerMaintenanceService(Service):
    def _edit(self, actor: Actor, account_no: str, kind: str, values: dict[str, str],
              effective_from: date | None, reason: str) -> None:
        with self.db.write() as s:
            c = customer_by_account(s, account_no, lock=True)
            _open_or_suspended(c)
            if "id_number" in values:
                _check_id_free(s, c, values["id_number"])
            changed = {k: v for k, v in values.items() if getattr(c, k) != v}
            if not changed:
                raise ValidationError("Nothing to change: the details are the same.")
            before = {k: getattr(c, k) for k in changed}
            for k, v in changed.items():
                setattr(c, k, v)
            record_change(s, actor, c, kind, before, changed,
                          effective_from or self.core.today(), reason)

    @requires(Permission.MAINTAIN_CUSTOMERS)
    def edit_details(self, actor: Actor, account_no: str, edit: DetailsEdit,
                     reason: str = "correction") -> None:
        """Correct a typo in a name, phone, ID number or address."""
        self._edit(actor, account_no, "edit", _clean(edit), None, validation.reason(reason))

    @requires(Permission.MAINTAIN_CUSTOMERS)
    def change_owner(self, actor: Actor, account_no: str, name: str, id_number: str,
                     effective_from: date | str, phone: str | None = None,
                     reason: str = "change of owner") -> None:
        """过户: the premises get a new holder; meters, balances and purchases stay."""
        values = _clean(DetailsEdit(name=name, id_number=id_number, phone=phone))
        day = validation.day(effective_from, "Effective date") \
            if isinstance(effective_from, str) else effective_from
        self._edit(actor, account_no, "owner", values, day, validation.reason(reason))

    @requires(Permission.MAINTAIN_CUSTOMERS)
    def change_category(self, actor: Actor, account_no: str, category_code: str,
                        effective_from: date | str, reason: str = "change of category") -> None:
        """Sales priced on or after ``effective_from`` use the new category."""
        day = validation.day(effective_from, "Effective date") \
            if isinstance(effective_from, str) else effective_from
        reason = validation.reason(reason)
        with self.db.write() as s:
            c = customer_by_account(s, account_no, lock=True)
            _open_or_suspended(c)
            cat = _by_code(s, CustomerCategory, category_code, "No customer category {code}.")
            old = category_on(s, c, day)
            if old.id == cat.id:
                raise ValidationError("Nothing to change: the details are the same.")
            if s.scalar(select(CategoryPeriod.id).where(CategoryPeriod.customer_id == c.id)) is None:
                s.add(CategoryPeriod(customer_id=c.id, category_id=c.category_id,
                                     effective_from=BEGINNING))
            s.add(CategoryPeriod(customer_id=c.id, category_id=cat.id, effective_from=day))
            c.category_id = cat.id  # the newest category set (it may start later)
            record_change(s, actor, c, "category", {"category": old.code},
                          {"category": cat.code}, day, reason)

    @requires(Permission.MAINTAIN_CUSTOMERS)
    def change_team(self, actor: Actor, account_no: str, team_code: str,
                    reason: str = "change of team") -> None:
        reason = validation.reason(reason)
        with self.db.write() as s:
            c = customer_by_account(s, account_no, lock=True)
            _open_or_suspended(c)
            team = _by_code(s, SupplyTeam, team_code, "No supply team {code}.")
            if team.id == c.team_id:
                raise ValidationError("Nothing to change: the details are the same.")
            old = s.get(SupplyTeam, c.team_id)
            summaries.move_customer(s, c.id, old.id, team.id, actor.station_id)
            c.team_id = team.id
            record_change(s, actor, c, "team", {"team": old.code}, {"team": team.code},
                          self.core.today(), reason)

    @requires(Permission.MAINTAIN_CUSTOMERS)
    def suspend(self, actor: Actor, account_no: str, reason: str) -> None:
        """No sales to the account until it is reactivated."""
        self._set_status(actor, account_no, CustomerStatus.OPEN, CustomerStatus.SUSPENDED,
                         validation.reason(reason))

    @requires(Permission.MAINTAIN_CUSTOMERS)
    def reactivate(self, actor: Actor, account_no: str, reason: str) -> None:
        self._set_status(actor, account_no, CustomerStatus.SUSPENDED, CustomerStatus.OPEN,
                         validation.reason(reason))

    def _set_status(self, actor: Actor, account_no: str, was: CustomerStatus,
                    to: CustomerStatus, reason: str) -> None:
        with self.db.write() as s:
            c = customer_by_account(s, account_no, lock=True)
            if c.status != was:
                raise StateError("Account {account} is {status}.", account=c.account_no,
                                 status=c.status.value)
            c.status = to
            record_change(s, actor, c, "suspend" if to == CustomerStatus.SUSPENDED
                          else "reactivate", {"status": was.value}, {"status": to.value},
                          self.core.today(), reason)

    @requires(Permission.SEARCH_CUSTOMERS)
    def history(self, actor: Actor, account_no: str) -> list[ChangeRow]:
        """Every recorded change of the account, newest first."""
        with self.db.read() as s:
            c = customer_by_account(s, account_no)
            rows = s.execute(select(CustomerChange, Operator.login)
                             .outerjoin(Operator, Operator.id == CustomerChange.operator_id)
                             .where(CustomerChange.customer_id == c.id)
                             .order_by(CustomerChange.id.desc())).all()
            return [ChangeRow(ch.created_at, ch.kind, ch.effective_from, json.loads(ch.before),
                              json.loads(ch.after), ch.reason, login or "")
                    for ch, login in rows]
