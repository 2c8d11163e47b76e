"""Reading a customer's card at the counter: the one read the sale screen
and the refund on demand share (the card's word against the books, a sale
or refund a pulled card left half done settled by it, the meter's view)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from vending_app.core.card_service import CardCheck
from vending_app.core.card_station import CardStation
from vending_app.core.lookup import MeterView
from vending_app.operations import Changed, OpResult, changed

# A read that settled what a pulled card left (a sale committed or rolled
# back, a refund paid) changed the sales, the drawer and the customer.
SETTLED = Changed.SALES | Changed.SHIFTS | Changed.CUSTOMERS


@dataclass(frozen=True)
class CardRead:
    """A card read at the counter: what the card said, its meter's view from
    the books, and how this counter sells (cash counted, the smallest sale)."""
    check: CardCheck
    view: MeterView
    count_cash: bool
    min_amount: Decimal | None = None  # sale.min_amount: told before Enter, not at it


def read_card(core, actor, station: CardStation) -> OpResult[CardRead]:
    check = core.cards.present(actor, station)
    read = CardRead(check, core.lookup.meter_view(actor, check.meter_number),
                    core.catalog.parameter("sale.count_cash"),
                    core.catalog.parameter("sale.min_amount"))
    return changed(read, SETTLED) if check.settled else OpResult(read, Changed.NONE)
