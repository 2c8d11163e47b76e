"""What the counter shows about a meter and its customer: one read, plain
data, so the sale screen fills in a single round trip to the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import (
    Adjustment,
    ApprovalStatus,
    Customer,
    CustomerCategory,
    Operator,
    Sale,
    SaleStatus,
    SupplyTeam,
)
from vending_app.core.accounts import meter_by_number
from vending_app.core.actor import Actor
from vending_app.core.permissions import Permission, requires
from vending_app.core.service import Service


@dataclass(frozen=True)
class SeqReuse:
    """The undone purchase whose number a later one took again: a refund
    or a reversal gives the meter's purchase numbers back (the meter accepts
    only the number after the last it applied), so after a refund of
    purchases 1-2 the next sale is purchase 1 again."""
    receipt_no: str
    status: str  # refunded | reversed


@dataclass(frozen=True)
class PurchaseRow:
    receipt_no: str
    business_date: date
    purchase_seq: int
    kind: str
    status: str
    primary_kwh: Decimal
    secondary_kwh: Decimal
    total_amount: Decimal
    seller: str
    reuses: SeqReuse | None = None  # this number was given back by an earlier purchase's undoing


UNDONE = (SaleStatus.REFUNDED, SaleStatus.REVERSED)


def purchase_history(s: Session, meter_id: int, limit: int) -> tuple[PurchaseRow, ...]:
    """The meter's latest purchases, newest first by when they were made (as
    the sales search lists them): purchase numbers given back by a refund
    are used again, so they are not an order of time."""
    rows = s.execute(
        select(Sale, Operator.full_name).join(Operator, Sale.operator_id == Operator.id)
        .where(Sale.meter_id == meter_id, Sale.status != SaleStatus.ABANDONED)
        .order_by(Sale.business_date.desc(), Sale.created_at.desc(), Sale.id.desc())
        .limit(limit)).all()
    undone = s.execute(select(Sale.id, Sale.receipt_no, Sale.purchase_seq, Sale.status).where(
        Sale.meter_id == meter_id, Sale.status.in_(UNDONE),
        Sale.purchase_seq.in_({x.purchase_seq for x, _ in rows})).order_by(Sale.id)).all()

    def reuses(sale: Sale) -> SeqReuse | None:
        before = [u for u in undone if u.purchase_seq == sale.purchase_seq and u.id < sale.id]
        return SeqReuse(before[-1].receipt_no or "", before[-1].status.value) if before else None

    return tuple(PurchaseRow(x.receipt_no or "", x.business_date, x.purchase_seq, x.kind.value,
                             x.status.value, x.primary_kwh, x.secondary_kwh, x.total_amount,
                             login, reuses(x)) for x, login in rows)


@dataclass(frozen=True)
class MeterView:
    account_no: str
    customer_name: str
    customer_status: str
    address: str
    phone: str
    team: str
    category: str
    meter_number: str
    meter_type: str
    meter_status: str
    multiplier: int
    ct_ratio: int
    pt_ratio: int
    carry_kwh: Decimal
    purchase_seq: int
    reported_seq: int | None
    reported_remaining_kwh: Decimal | None
    reported_cumulative_kwh: Decimal | None
    reported_at: datetime | None
    history: tuple[PurchaseRow, ...]
    # approved adjustments waiting to be written to this meter's card: (id, kWh, reason)
    adjustments: tuple[tuple[int, Decimal, str], ...] = ()


class LookupService(Service):
    @requires(Permission.SEARCH_CUSTOMERS)
    def meter_view(self, actor: Actor, meter_number: str, history: int = 10) -> MeterView:
        """The customer, the meter, its last write-back and its latest purchases."""
        with self.db.read() as s:
            m = meter_by_number(s, meter_number)
            c, team, cat = s.execute(
                select(Customer, SupplyTeam.code, CustomerCategory.code)
                .join(SupplyTeam, Customer.team_id == SupplyTeam.id)
                .join(CustomerCategory, Customer.category_id == CustomerCategory.id)
                .where(Customer.id == m.customer_id)).one()
            approved = s.execute(select(Adjustment.id, Adjustment.kwh, Adjustment.reason).where(
                Adjustment.meter_id == m.id, Adjustment.status == ApprovalStatus.APPROVED)
                .order_by(Adjustment.id)).all()
            return MeterView(
                c.account_no, c.name, c.status.value, c.address, c.phone, team, cat, m.number,
                m.meter_type.value, m.status.value, m.multiplier, m.ct_ratio, m.pt_ratio,
                m.carry_kwh, m.purchase_seq, m.reported_seq, m.reported_remaining_kwh,
                m.reported_cumulative_kwh, m.reported_at,
                purchase_history(s, m.id, history),
                tuple((a.id, a.kwh, a.reason) for a in approved))
