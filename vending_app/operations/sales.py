"""Selling and what undoes or adds to a sale: the sale on a card, adjustment
energy written to a card, reversal requests and approvals."""

from __future__ import annotations

from dataclasses import dataclass

from vending_app.core.card_service import CardCheck
from vending_app.core.card_station import CardStation
from vending_app.core.refunds import RefundOutcome
from vending_app.core.sale_types import PendingSale
from vending_app.core.sales import SaleResult
from vending_app.operations import Changed, OpResult, changed

SOLD = Changed.SALES | Changed.SHIFTS | Changed.CUSTOMERS


@dataclass(frozen=True)
class Sold:
    """A sale as the card was read for it and as the books hold it."""
    check: CardCheck
    sale: SaleResult


def sell(core, actor, station: CardStation, kwh=None, amount=None, tendered=None,
         request_key: str | None = None) -> OpResult[Sold]:
    """``request_key``: one key per press of the sell key, so a retried
    request never sells twice."""
    check, sale = core.cards.sell(actor, station, kwh=kwh, amount=amount, tendered=tendered,
                                  request_key=request_key)
    return changed(Sold(check, sale), SOLD)


def vend_adjustment(core, actor, adjustment_id: int, station: CardStation,
                    check: CardCheck) -> OpResult[Sold]:
    """Approved adjustment energy onto the card ``check`` read."""
    sale = core.adjustments.vend_adjustment(actor, adjustment_id, station)
    return changed(Sold(check, sale), SOLD | Changed.APPROVALS)


def request_reversal(core, actor, receipt: str, reason: str) -> OpResult[int]:
    return changed(core.sales.request_reversal(actor, receipt, reason), Changed.APPROVALS)


def request_adjustment(core, actor, meter: str, kwh, reason: str) -> OpResult[int]:
    return changed(core.adjustments.request_adjustment(actor, meter, kwh, reason),
                   Changed.APPROVALS)


def request_quota(core, actor, account: str, kwh, price, reason: str, valid_from,
                  valid_to=None) -> OpResult[int]:
    return changed(core.adjustments.request_quota(actor, account, kwh, price, reason, valid_from,
                                                  valid_to), Changed.APPROVALS)


def decide(core, actor, kind: str, item_id: int, approve: bool) -> OpResult[None]:
    """An approval settles a request; an approved reversal or shift close
    changes the sales, the shifts and the customers' balances too."""
    core.adjustments.decide(actor, kind, item_id, approve)
    return changed(None, Changed.APPROVALS | SOLD)


@dataclass(frozen=True)
class Waiting:
    """What a stopped station left half done, still waiting for its card."""
    sales: tuple[PendingSale, ...]
    refunds: tuple[RefundOutcome, ...]


def recover_at_start(core, actor) -> OpResult[Waiting]:
    """At sign-in: settle what the books alone prove (sales and refunds the
    meter reported), list the rest; each customer's card settles its own."""
    sales = core.sales.recover_pending(actor)
    refunds = core.refunds.recover_pending(actor)
    return changed(Waiting(tuple(sales), tuple(refunds)), SOLD)
