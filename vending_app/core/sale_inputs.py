"""What a sale reads from the books before it is priced and written: the
quote's inputs, the purchases a meter has not applied, its credit cap, and
the order its card must carry (moved whole out of sales.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Date, and_, bindparam, case, func, select
from sqlalchemy.orm import Session

from db.models import (
    LIVE_STATUSES,
    ApprovalStatus,
    Charge,
    Customer,
    CustomerStatus,
    FlatPriceQuota,
    Meter,
    Sale,
    SaleStatus,
)
from db.types import utcnow
from vending_app.core import settings
from vending_app.core.card_station import PurchaseEntry, PurchaseOrder
from vending_app.core.catalog import plans_of
from vending_app.core.conversion import on_card_kwh, to_secondary
from vending_app.core.customer_edits import category_on
from vending_app.core.errors import StateError
from vending_app.core.money import ZERO
from vending_app.core.openings import OPENING_YEAR_KWH
from vending_app.core.quote import ChargeState, Quote, QuoteInputs
from vending_app.core.tariffs import select_version


def billing_year_start(on: date, start_month: int) -> date:
    year = on.year if on.month >= start_month else on.year - 1
    return date(year, start_month, 1)


def live(col):
    return col.in_(LIVE_STATUSES)


def quote_inputs(s: Session, customer: Customer, meter: Meter, on: date,
                 station_code: str) -> QuoteInputs:
    """A snapshot of everything the price of the next purchase depends on."""
    category = category_on(s, customer, on)
    plan = select_version(plans_of(s, category.tariff_id), on, category.code)
    year_start = billing_year_start(on, settings.read(s, "billing.year_start_month", station_code))
    month_start = on.replace(day=1)
    counted, opening, fixed_taken, flat_used = s.execute(_USAGE, {
        "customer": customer.id, "year_start": year_start, "month_start": month_start,
        "on": on}).one()
    quota = s.scalar(select(FlatPriceQuota).where(
        FlatPriceQuota.customer_id == customer.id,
        FlatPriceQuota.status == ApprovalStatus.APPROVED,
        FlatPriceQuota.valid_from <= on,
        (FlatPriceQuota.valid_to.is_(None)) | (FlatPriceQuota.valid_to >= on),
    ).order_by(FlatPriceQuota.id.desc()).limit(1))
    quota_left, flat_price = ZERO, None
    if quota is not None:
        quota_left, flat_price = max(ZERO, quota.monthly_kwh - flat_used), quota.price
    charges = tuple(
        ChargeState(c.id, c.description, c.outstanding, c.recovery_percent)
        for c in s.scalars(select(Charge).where(
            Charge.customer_id == customer.id, Charge.outstanding > 0).order_by(Charge.id))
    )
    return QuoteInputs(
        plan=plan, multiplier=meter.multiplier, carry_in=meter.carry_kwh,
        cumulative_kwh=counted + opening, fixed_charge_due=ZERO if fixed_taken else
        plan.fixed_monthly_charge, flat_quota_left=quota_left, flat_price=flat_price,
        charges=charges,
    )


def _usage():
    """The customer's purchases so far, in one pass over the billing year's
    sales: the energy the ladder has counted (with what an imported meter
    brought), whether this month's fixed charge was taken, and the flat-
    price energy used this month. Built once; run with parameters."""
    on, month = bindparam("on", type_=Date), bindparam("month_start", type_=Date)
    this_month = and_(Sale.business_date >= month, Sale.business_date <= on)
    return select(
        func.coalesce(func.sum(case((Sale.business_date <= on, Sale.tier_kwh), else_=0)), 0),
        OPENING_YEAR_KWH,
        func.count(case((and_(Sale.business_date >= month, Sale.fixed_charge > 0), Sale.id))),
        func.coalesce(func.sum(case((this_month, Sale.flat_kwh), else_=0)), 0),
    ).where(Sale.customer_id == bindparam("customer"), live(Sale.status),
            Sale.business_date >= bindparam("year_start", type_=Date))


_USAGE = _usage()


def unapplied_entries(s: Session, meter: Meter) -> list[PurchaseEntry]:
    """Purchases sold (or being sold) that the meter has not reported applied."""
    return [PurchaseEntry(seq, kwh) for seq, kwh, _status in unapplied_rows(s, meter)]


def unapplied_rows(s: Session, meter: Meter) -> list[tuple[int, Decimal, SaleStatus]]:
    """The same, with each one's status (pending or committed)."""
    return list(s.execute(select(Sale.purchase_seq, Sale.secondary_kwh, Sale.status).where(
        Sale.meter_id == meter.id, live(Sale.status),
        Sale.purchase_seq > (meter.reported_seq or 0)).order_by(Sale.purchase_seq)))


def credit_cap(s: Session, meter: Meter, station_code: str) -> Decimal:
    """Primary kWh the meter may hold (0 = no cap): its own, set by a
    parameter card, or the office-wide parameter."""
    if meter.credit_cap_kwh is not None:
        return meter.credit_cap_kwh
    return settings.read(s, "meter.credit_cap_kwh", station_code)


def record_order(s: Session, meter: Meter, customer: Customer, station_code: str,
                 sale_id: int | None, entries: list[PurchaseEntry] | None = None
                 ) -> PurchaseOrder:
    """What the meter's card must carry now, straight from the database
    (``entries``: the unapplied purchases, when the caller has just read
    them in this transaction)."""
    cap = credit_cap(s, meter, station_code)
    if entries is None:
        entries = unapplied_entries(s, meter)
    return PurchaseOrder(
        sale_id=sale_id, meter_number=meter.number, account_no=customer.account_no,
        entries=tuple(entries), multiplier=meter.multiplier,
        low_balance_threshold_kwh=on_card_kwh(meter.low_balance_threshold_kwh, meter.multiplier),
        credit_cap_kwh=on_card_kwh(cap, meter.multiplier),
        key_version=meter.key_version, station_code=station_code, issued_at=utcnow())


def energy_only_quote(meter: Meter, kwh: Decimal) -> Quote:
    """Energy credited without payment (an approved adjustment)."""
    secondary, carry_out = to_secondary(kwh, meter.carry_kwh, meter.multiplier)
    return Quote(primary_kwh=kwh, flat_kwh=ZERO, flat_price=None, flat_amount=ZERO, tier_lines=(),
                 energy_amount=ZERO, fixed_charge=ZERO, recoveries=(), total=ZERO,
                 multiplier=meter.multiplier, carry_in=meter.carry_kwh, secondary_kwh=secondary,
                 carry_out=carry_out, plan=None)


def check_open(customer: Customer) -> None:
    """Sales go only to an open account (not a suspended or closed one)."""
    if customer.status == CustomerStatus.SUSPENDED:
        raise StateError("Account {account} is suspended: no sales until it is "
                         "reactivated.", account=customer.account_no)
    if customer.status != CustomerStatus.OPEN:
        raise StateError("Account {account} is closed: no sales.", account=customer.account_no)
