"""What a refund on demand would take back and pay, worked out before
anything is written, so the clerk sees it and confirms (退电 is cash out of
the drawer and purchases off the customer's card: not a one-key action).

The same figures as the refund itself (``RefundService.reserve`` builds its
journal from them), so what the clerk confirmed is what is paid: the refund
is refused if they changed between the preview and the confirmation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Charge, Customer, Meter, Sale, SaleStatus
from vending_app.core.accounts import refund_value
from vending_app.core.errors import StateError
from vending_app.core.money import ZERO


@dataclass(frozen=True)
class PreviewPurchase:
    """One purchase the card would give back."""
    receipt_no: str
    business_date: date
    purchase_seq: int
    primary_kwh: Decimal
    total_amount: Decimal


@dataclass(frozen=True)
class RefundPreview:
    account_no: str
    customer_name: str
    meter_number: str
    purchases: tuple[PreviewPurchase, ...]  # by purchase number, oldest first
    kwh: Decimal
    gross: Decimal  # what the purchases are worth, priced as at closing
    charges_deducted: Decimal  # outstanding charges kept from it
    paid: Decimal  # what leaves the drawer

    @property
    def first_seq(self) -> int:
        return self.purchases[0].purchase_seq

    @property
    def last_seq(self) -> int:
        return self.purchases[-1].purchase_seq


def unapplied_sales(s: Session, meter: Meter) -> list[Sale]:
    """The meter's committed purchases it has not reported applied."""
    return list(s.scalars(select(Sale).where(
        Sale.meter_id == meter.id, Sale.status == SaleStatus.COMMITTED,
        Sale.purchase_seq > (meter.reported_seq or 0)).order_by(Sale.purchase_seq)))


def charges_owed(s: Session, customer_id: int) -> Decimal:
    return sum(s.scalars(select(Charge.outstanding).where(Charge.customer_id == customer_id,
                                                          Charge.outstanding > 0)), ZERO)


def build_preview(s: Session, customer: Customer, meter: Meter) -> RefundPreview:
    """What taking back the meter's unapplied purchases would pay now."""
    sales = unapplied_sales(s, meter)
    if not sales:
        raise StateError("Meter {number} has no purchase it has not applied: nothing to "
                         "refund.", number=meter.number)
    kwh = sum((x.primary_kwh for x in sales), ZERO)
    gross = refund_value(s, meter, kwh)
    deducted = min(gross, charges_owed(s, customer.id))
    return RefundPreview(
        customer.account_no, customer.name, meter.number,
        tuple(PreviewPurchase(x.receipt_no or "", x.business_date, x.purchase_seq,
                              x.primary_kwh, x.total_amount) for x in sales),
        kwh, gross, deducted, gross - deducted)
