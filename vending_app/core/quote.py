"""The quote: what a purchase costs and what goes onto the card.

Pure arithmetic over a snapshot of the customer's state (``QuoteInputs``),
so it can be shown live as the seller types and recomputed identically when
the sale is reserved. Both directions are here: kWh -> money, and money ->
the most kWh it buys without charging more than was offered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from vending_app.core.conversion import to_secondary
from vending_app.core.errors import ValidationError
from vending_app.core.money import KWH_UNIT, MAX_KWH, ZERO, round_money
from vending_app.core.tariffs import TariffPlan, TierLine, price_energy


@dataclass(frozen=True)
class ChargeState:
    """An outstanding charge (arrears, fees) recovered from each purchase."""

    charge_id: int
    description: str
    outstanding: Decimal
    recovery_percent: Decimal  # of the energy amount


@dataclass(frozen=True)
class Recovery:
    charge_id: int
    description: str
    amount: Decimal


@dataclass(frozen=True)
class QuoteInputs:
    plan: TariffPlan
    multiplier: int
    carry_in: Decimal  # primary kWh carried from the meter's last sale
    cumulative_kwh: Decimal  # customer's tiered kWh so far in the billing year
    fixed_charge_due: Decimal = ZERO  # monthly charge if not yet taken this month
    flat_quota_left: Decimal = ZERO  # flat-price kWh left this month
    flat_price: Decimal | None = None
    charges: tuple[ChargeState, ...] = ()


@dataclass(frozen=True)
class Quote:
    primary_kwh: Decimal
    flat_kwh: Decimal
    flat_price: Decimal | None
    flat_amount: Decimal
    tier_lines: tuple[TierLine, ...]
    energy_amount: Decimal  # flat + tiers
    fixed_charge: Decimal
    recoveries: tuple[Recovery, ...]
    total: Decimal
    multiplier: int
    carry_in: Decimal
    secondary_kwh: Decimal
    carry_out: Decimal
    plan: TariffPlan = field(repr=False)

    @property
    def tier_kwh(self) -> Decimal:
        return sum((line.kwh for line in self.tier_lines), ZERO)

    @property
    def recovered_amount(self) -> Decimal:
        return sum((r.amount for r in self.recoveries), ZERO)


def quote_kwh(inputs: QuoteInputs, kwh: Decimal) -> Quote:
    """Price ``kwh`` primary kWh."""
    if kwh <= 0:
        raise ValidationError("Energy must be more than zero, not {kwh}.", kwh=kwh)
    flat_kwh = min(kwh, inputs.flat_quota_left) if inputs.flat_price is not None else ZERO
    flat_amount = round_money(flat_kwh * inputs.flat_price) if flat_kwh else ZERO
    tier_kwh = kwh - flat_kwh
    lines = tuple(price_energy(inputs.plan, inputs.cumulative_kwh, tier_kwh)) if tier_kwh else ()
    energy_amount = flat_amount + sum((line.amount for line in lines), ZERO)
    recoveries = _recoveries(inputs.charges, energy_amount)
    total = energy_amount + inputs.fixed_charge_due + sum((r.amount for r in recoveries), ZERO)
    secondary, carry_out = to_secondary(kwh, inputs.carry_in, inputs.multiplier)
    return Quote(
        primary_kwh=kwh, flat_kwh=flat_kwh, flat_price=inputs.flat_price if flat_kwh else None,
        flat_amount=flat_amount, tier_lines=lines, energy_amount=energy_amount,
        fixed_charge=inputs.fixed_charge_due, recoveries=recoveries, total=total,
        multiplier=inputs.multiplier, carry_in=inputs.carry_in, secondary_kwh=secondary,
        carry_out=carry_out, plan=inputs.plan,
    )


def quote_money(inputs: QuoteInputs, amount: Decimal) -> Quote:
    """The most kWh (in 0.01 steps) whose total does not exceed ``amount``.

    The total is monotone in kWh (every line rounds half up from a growing
    base), so a doubling search then a bisection finds the largest affordable
    step exactly; what is left of ``amount`` is change.
    """
    if amount <= 0:
        raise ValidationError("Amount must be more than zero, not {amount}.", amount=amount)

    def total(steps: int) -> Decimal:
        return quote_kwh(inputs, KWH_UNIT * steps).total

    max_steps = int(MAX_KWH / KWH_UNIT)
    if total(1) > amount:
        raise ValidationError(
            "{amount} does not buy any energy: at least {minimum} is needed.",
            amount=amount, minimum=total(1),
        )
    low, high = 1, 2
    while high <= max_steps and total(high) <= amount:
        low, high = high, high * 2
    high = min(high, max_steps + 1)
    while high - low > 1:  # total(low) <= amount < total(high), or high is past the limit
        mid = (low + high) // 2
        if total(mid) <= amount:
            low = mid
        else:
            high = mid
    return quote_kwh(inputs, KWH_UNIT * low)


def _recoveries(charges: tuple[ChargeState, ...], energy_amount: Decimal) -> tuple[Recovery, ...]:
    out = []
    for c in charges:
        if c.outstanding <= 0:
            continue
        amount = min(c.outstanding, round_money(energy_amount * c.recovery_percent / 100))
        if amount > 0:
            out.append(Recovery(c.charge_id, c.description, amount))
    return tuple(out)
