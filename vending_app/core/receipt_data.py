"""Plain data read back from a stored sale, for results, invoices and reports."""

from __future__ import annotations

from sqlalchemy.orm import Session

from db.models import LineKind, Sale, Tariff, TariffVersion
from vending_app.core.catalog import plan_of
from vending_app.core.money import ZERO
from vending_app.core.quote import Quote, Recovery
from vending_app.core.tariffs import TierLine


def quote_of_sale(s: Session, sale: Sale) -> Quote:
    """The quote exactly as it was sold: from the stored lines, never repriced."""
    plan = None
    if sale.tariff_version_id:
        version = s.get(TariffVersion, sale.tariff_version_id)
        plan = plan_of(version, s.get(Tariff, version.tariff_id).code)
    tiers = tuple(TierLine(ln.tier_index, ln.kwh, ln.price, ln.amount)
                  for ln in sale.lines if ln.kind == LineKind.TIER)
    flat = next((ln for ln in sale.lines if ln.kind == LineKind.FLAT), None)
    recoveries = tuple(Recovery(ln.charge_id, ln.description, ln.amount)
                       for ln in sale.lines if ln.kind == LineKind.RECOVERY)
    return Quote(
        primary_kwh=sale.primary_kwh, flat_kwh=sale.flat_kwh,
        flat_price=flat.price if flat else None, flat_amount=flat.amount if flat else ZERO,
        tier_lines=tiers, energy_amount=sale.energy_amount, fixed_charge=sale.fixed_charge,
        recoveries=recoveries, total=sale.total_amount, multiplier=sale.multiplier,
        carry_in=sale.carry_in_kwh, secondary_kwh=sale.secondary_kwh,
        carry_out=sale.carry_out_kwh, plan=plan,
    )
