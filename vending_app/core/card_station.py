"""The small interface the core owns for reaching a card.

The core never imports a reader library: the card layer (``cards/``)
implements this protocol, and tests may pass a fake. A sale hands the card
a ``PurchaseOrder``; whatever goes wrong while writing surfaces as
``CardWriteError``, after which the card may or may not hold the purchase
and the sale stays pending until the card is read again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from vending_app.core.errors import VendingError


@dataclass(frozen=True)
class PurchaseOrder:
    sale_id: int
    meter_number: str
    account_no: str
    purchase_seq: int
    secondary_kwh: Decimal
    multiplier: int
    low_balance_threshold_kwh: Decimal
    key_version: int
    station_code: str
    issued_at: datetime


class CardWriteError(VendingError):
    """The card may or may not hold the purchase: the sale stays pending."""


class CardWriter(Protocol):
    def write_purchase(self, order: PurchaseOrder) -> None:
        """Write ``order`` to the card and read it back; raise CardWriteError
        if that cannot be confirmed."""
