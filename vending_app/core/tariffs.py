"""Pricing energy by a tariff version: flat, or tiered (ladder) by the
customer's cumulative kWh within the billing year.

Each tier's line is rounded to the fen on its own, and the energy amount is
the sum of the lines, so every invoice adds up as printed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from vending_app.core.errors import StateError, ValidationError
from vending_app.core.money import ZERO, round_money


@dataclass(frozen=True)
class Tier:
    upto_kwh: Decimal | None  # cumulative kWh in the year where this tier ends
    price: Decimal


@dataclass(frozen=True)
class TariffPlan:
    """One tariff version, as the pricing code needs it."""

    version_id: int | None
    tariff_code: str
    effective_from: date
    effective_to: date | None
    tiers: tuple[Tier, ...]
    fixed_monthly_charge: Decimal = ZERO

    def __post_init__(self):
        validate_tiers(self.tiers)

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


@dataclass(frozen=True)
class TierLine:
    tier_index: int  # 0-based position of the tier in its version
    kwh: Decimal
    price: Decimal
    amount: Decimal


def validate_tiers(tiers: Sequence[Tier]) -> None:
    if not tiers:
        raise ValidationError("A tariff needs at least one price.")
    previous = ZERO
    for i, tier in enumerate(tiers):
        if tier.price < 0:
            raise ValidationError("Tier {n}: the price cannot be negative.", n=i + 1)
        last = i == len(tiers) - 1
        if last:
            if tier.upto_kwh is not None:
                raise ValidationError("The last tier must be open-ended (no upper bound).")
        else:
            if tier.upto_kwh is None or tier.upto_kwh <= previous:
                raise ValidationError(
                    "Tier {n}: its upper bound must be above {previous} kWh.", n=i + 1,
                    previous=previous,
                )
            previous = tier.upto_kwh


def price_energy(plan: TariffPlan, cumulative_before: Decimal, kwh: Decimal) -> list[TierLine]:
    """Split ``kwh`` over the tiers, starting at the customer's year-to-date
    cumulative, and price each part."""
    lines: list[TierLine] = []
    start, end = cumulative_before, cumulative_before + kwh
    lower = ZERO
    for i, tier in enumerate(plan.tiers):
        upper = tier.upto_kwh
        lo = max(start, lower)
        hi = end if upper is None else min(end, upper)
        if hi > lo:
            part = hi - lo
            lines.append(TierLine(i, part, tier.price, round_money(part * tier.price)))
        if upper is not None:
            lower = upper
    return lines


def select_version(plans: Sequence[TariffPlan], on: date, tariff_code: str) -> TariffPlan:
    """The version in force on ``on``: the latest that started by then."""
    started = [p for p in plans if p.effective_from <= on]
    if not started:
        raise StateError(
            "Tariff {code} has no price in force on {on}: add a version first.",
            code=tariff_code, on=on,
        )
    plan = max(started, key=lambda p: p.effective_from)
    if not plan.in_force(on):
        raise StateError(
            "Tariff {code} expired on {to}: an administrator must add a new version.",
            code=tariff_code, to=plan.effective_to,
        )
    return plan
