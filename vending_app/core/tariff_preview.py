"""A tariff version tried on a customer before it applies: "what would
200 kWh cost from the 1st". The version's prices, from the customer's own
place on the ladder (the tiered kWh they bought in the billing year that
day falls in), the monthly charge if that month has not had it, and the
charges that a purchase recovers. Nothing is written but the audit line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Charge, Customer, CustomerCategory, Meter, MeterStatus, Sale, Tariff
from vending_app.core import settings
from vending_app.core.accounts import customer_by_account
from vending_app.core.actor import Actor
from vending_app.core.catalog import plan_of
from vending_app.core.catalog_upkeep import CatalogKind, entry
from vending_app.core.errors import NotFound
from vending_app.core.money import ZERO, parse_kwh
from vending_app.core.permissions import Permission, requires
from vending_app.core.quote import ChargeState, Quote, QuoteInputs, quote_kwh
from vending_app.core.sales import billing_year_start, live
from vending_app.core.service import Service
from vending_app.core.tariffs import TariffPlan


@dataclass(frozen=True)
class TariffPreview:
    account_no: str
    customer: str
    meter: str  # whose multiplier and carry the card figures use ('' if none)
    tariff_code: str
    version_from: date
    on: date  # the day it is priced as of
    cumulative_before: Decimal  # tiered kWh bought in that billing year before it
    quote: Quote


def preview_inputs(s: Session, customer: Customer, meter: Meter | None, plan: TariffPlan,
                   on: date, station_code: str) -> QuoteInputs:
    year_start = billing_year_start(on, settings.read(s, "billing.year_start_month", station_code))
    mine = (Sale.customer_id == customer.id, live(Sale.status))
    cumulative = s.scalar(select(func.coalesce(func.sum(Sale.tier_kwh), 0)).where(
        *mine, Sale.business_date >= year_start, Sale.business_date <= on))
    fixed_taken = s.scalar(select(func.count(Sale.id)).where(
        *mine, Sale.business_date >= on.replace(day=1), Sale.business_date <= on,
        Sale.fixed_charge > 0))
    charges = tuple(ChargeState(c.id, c.description, c.outstanding, c.recovery_percent)
                    for c in s.scalars(select(Charge).where(
                        Charge.customer_id == customer.id, Charge.outstanding > 0)
                        .order_by(Charge.id)))
    return QuoteInputs(plan=plan, multiplier=meter.multiplier if meter else 1,
                       carry_in=meter.carry_kwh if meter else ZERO,
                       cumulative_kwh=Decimal(cumulative),
                       fixed_charge_due=ZERO if fixed_taken else plan.fixed_monthly_charge,
                       charges=charges)


class TariffPreviewService(Service):
    """``core.previews``."""

    @requires(Permission.QUOTE)
    def preview(self, actor: Actor, account_no: str, kwh, tariff_code: str | None = None,
                effective_from: date | None = None) -> TariffPreview:
        """The customer's own tariff by default; the newest version unless
        ``effective_from`` names one. Priced as of the day it starts (today
        for a version already in force)."""
        kwh = parse_kwh(kwh)
        with self.db.read() as s:
            customer = customer_by_account(s, account_no)
            tariff = (entry(s, CatalogKind.TARIFF, tariff_code) if tariff_code else
                      s.get(Tariff, s.get(CustomerCategory, customer.category_id).tariff_id))
            versions = [v for v in tariff.versions
                        if effective_from is None or v.effective_from == effective_from]
            if not versions:
                raise NotFound("Tariff {code} has no version from {d}.", code=tariff.code,
                               d=effective_from)
            plan = plan_of(versions[-1], tariff.code)
            on = max(plan.effective_from, self.core.today())
            meter = next((m for m in sorted(customer.meters, key=lambda m: m.id)
                          if m.status == MeterStatus.PAIRED), None)
            inputs = preview_inputs(s, customer, meter, plan, on, self.core.station_code)
            result = TariffPreview(customer.account_no, customer.name, meter.number if meter else "",
                                   tariff.code, plan.effective_from, on, inputs.cumulative_kwh,
                                   quote_kwh(inputs, kwh))
        self._note(actor, "tariff_preview", "customer", customer.id,
                   {"tariff": tariff.code, "from": plan.effective_from, "kwh": kwh,
                    "total": result.quote.total})
        return result
