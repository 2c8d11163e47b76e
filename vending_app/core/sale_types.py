"""A sale's request and its results, as the services and both front ends
pass them (moved whole out of sales.py)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from vending_app.core.quote import Quote


@dataclass(frozen=True)
class SaleRequest:
    meter_number: str
    kwh: str | Decimal | None = None  # buy this much energy ...
    amount: str | Decimal | None = None  # ... or spend up to this much money
    tendered: str | Decimal | None = None  # cash handed over (default: the total)
    request_key: str = field(default_factory=lambda: uuid.uuid4().hex)


@dataclass(frozen=True)
class SaleResult:
    sale_id: int
    receipt_no: str
    purchase_seq: int
    quote: Quote
    tendered: Decimal
    change: Decimal
    replayed: bool = False  # the request had been made before: nothing new happened


@dataclass(frozen=True)
class PendingSale:
    """A sale interrupted between the card and the database, still open."""

    sale_id: int
    kind: str
    meter_number: str
    account_no: str
    customer_name: str
    purchase_seq: int
    total: Decimal
    reserved_at: object
