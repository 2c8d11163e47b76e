"""What the counter shows about a meter and its customer: one read, plain
data, so the sale screen fills in a single round trip to the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select

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
            rows = s.execute(
                select(Sale, Operator.full_name).join(Operator, Sale.operator_id == Operator.id)
                .where(Sale.meter_id == m.id, Sale.status != SaleStatus.ABANDONED)
                .order_by(Sale.purchase_seq.desc()).limit(history)).all()
            approved = s.execute(select(Adjustment.id, Adjustment.kwh, Adjustment.reason).where(
                Adjustment.meter_id == m.id, Adjustment.status == ApprovalStatus.APPROVED)
                .order_by(Adjustment.id)).all()
            return MeterView(
                c.account_no, c.name, c.status.value, c.address, c.phone, team, cat, m.number,
                m.meter_type.value, m.status.value, m.multiplier, m.ct_ratio, m.pt_ratio,
                m.carry_kwh, m.purchase_seq, m.reported_seq, m.reported_remaining_kwh,
                m.reported_cumulative_kwh, m.reported_at,
                tuple(PurchaseRow(x.receipt_no or "", x.business_date, x.purchase_seq,
                                  x.kind.value, x.status.value, x.primary_kwh, x.secondary_kwh,
                                  x.total_amount, login) for x, login in rows),
                tuple((a.id, a.kwh, a.reason) for a in approved))
