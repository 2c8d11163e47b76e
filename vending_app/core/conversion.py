"""Multiplier conversion (倍率折算).

A meter behind current/voltage transformers counts secondary kWh: what the
customer buys (primary) divided by the multiplier. The card carries whole
0.01 kWh units, so a purchase rarely converts exactly; what does not fit is
kept in primary kWh, on the meter's record, and added to its next sale.

Invariant, exactly: secondary * multiplier + carry_out == primary + carry_in.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from vending_app.core.errors import ValidationError, echo
from vending_app.core.money import KWH_UNIT, floor_to
from vending_app.core.validation import whole


def to_secondary(primary_kwh: Decimal, carry_in: Decimal, multiplier: int) -> tuple[Decimal, Decimal]:
    if multiplier < 1:
        raise ValidationError("The multiplier must be a whole number of at least 1.")
    available = primary_kwh + carry_in
    secondary = floor_to(available / multiplier, KWH_UNIT)
    carry_out = available - secondary * multiplier
    assert 0 <= carry_out < KWH_UNIT * multiplier  # noqa: S101 - arithmetic, not input
    return secondary, carry_out


def on_card_kwh(primary_kwh: Decimal, multiplier: int) -> Decimal:
    """The one rule for thresholds and caps: the office (the meter's record,
    the settings, the parameter card's request) speaks primary kWh; the card
    carries what the meter counts, secondary kWh = primary / multiplier, to
    0.01 kWh (half up; a threshold above zero never becomes zero)."""
    if multiplier < 1:
        raise ValidationError("The multiplier must be a whole number of at least 1.")
    secondary = (primary_kwh / multiplier).quantize(KWH_UNIT, ROUND_HALF_UP)
    return KWH_UNIT if primary_kwh > 0 and secondary == 0 else secondary


def parse_ratio(text: str, what: str = "CT ratio") -> int:
    """'150/5' -> 30, '30' -> 30. A ratio that is not a whole number is refused:
    meters hold whole multipliers."""
    text = str(text).strip()
    try:
        if "/" in text:
            primary, secondary = (whole(x) for x in text.split("/", 1))
            if secondary <= 0 or primary % secondary:
                raise ValueError
            ratio = primary // secondary
        else:
            ratio = whole(text)
    except ValueError:
        raise ValidationError(
            "{what} '{text}' must be a whole ratio such as 150/5 or 30.", what=what, text=echo(text)
        ) from None
    if not 1 <= ratio <= 100000:
        raise ValidationError("{what} '{text}' is out of range.", what=what, text=echo(text))
    return ratio
