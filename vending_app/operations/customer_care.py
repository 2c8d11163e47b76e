"""The clerk's upkeep of an account and the seller's refund on demand: the
same functions for the window and the command line, each saying what it
changed (a refund is cash out of the drawer: sales and the shift change)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from vending_app.core.card_service import CardCheck
from vending_app.core.card_station import CardStation
from vending_app.core.refund_preview import RefundPreview
from vending_app.operations import Changed, OpResult, changed
from vending_app.operations.cards import read_card

CUSTOMERS = Changed.CUSTOMERS
MONEY_BACK = Changed.CUSTOMERS | Changed.SALES | Changed.SHIFTS


def edit_details(core, actor, account: str, edit, reason: str) -> OpResult[None]:
    return changed(core.customers.edit_details(actor, account, edit, reason), CUSTOMERS)


def change_owner(core, actor, account: str, name: str, id_number: str, day: date,
                 phone: str | None, reason: str) -> OpResult[None]:
    return changed(core.customers.change_owner(actor, account, name, id_number, day, phone,
                                               reason), CUSTOMERS)


def change_category(core, actor, account: str, category: str, day: date,
                    reason: str) -> OpResult[None]:
    return changed(core.customers.change_category(actor, account, category, day, reason),
                   CUSTOMERS)


def change_team(core, actor, account: str, team: str, reason: str) -> OpResult[None]:
    return changed(core.customers.change_team(actor, account, team, reason), CUSTOMERS)


def set_suspended(core, actor, account: str, suspended: bool, reason: str) -> OpResult[None]:
    """Suspend (no sales) or reactivate an account."""
    act = core.customers.suspend if suspended else core.customers.reactivate
    return changed(act(actor, account, reason), CUSTOMERS)


def unpair_meter(core, actor, station: CardStation, meter: str, remaining: str,
                 reason: str) -> OpResult[list]:
    return changed(core.refunds.unpair_meter(actor, station, meter, remaining, reason),
                   MONEY_BACK)


@dataclass(frozen=True)
class RefundAsked:
    """A refund on demand shown before it is done: the card as read again
    (what that read settled) and what the refund would take back and pay."""
    check: CardCheck
    preview: RefundPreview


def preview_refund(core, actor, station: CardStation) -> OpResult[RefundAsked]:
    """Read the card and say what a refund would do; nothing is taken off
    the card or paid until the clerk confirms (``refund_on_demand`` with
    this preview as ``expect``)."""
    read = read_card(core, actor, station)
    asked = RefundAsked(read.value.check, core.refunds.preview(actor, read.value.check))
    return read.answer(asked)


def refund_on_demand(core, actor, station: CardStation, reason: str,
                     expect: RefundPreview | None = None) -> OpResult:
    return changed(core.refunds.refund_on_demand(actor, station, reason, expect), MONEY_BACK)


def import_customers(core, actor, file_name: str, rows) -> OpResult[int]:
    """Moving in: every row of the old system's file, all or nothing."""
    return changed(core.moving_in.commit(actor, file_name, rows), CUSTOMERS)
