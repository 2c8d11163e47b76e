"""Exact money and energy.

Yuan carry 2 decimal places, prices 4, energy 0.01 kWh. Floats are refused
everywhere: a float has already lost the fen before we see it.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

from vending_app.core.errors import ValidationError

CENT = Decimal("0.01")
PRICE_UNIT = Decimal("0.0001")
KWH_UNIT = Decimal("0.01")
ZERO = Decimal("0.00")

# Nothing a sales office handles comes near these; beyond them input is absurd.
MAX_MONEY = Decimal("99999999.99")
MAX_KWH = Decimal("9999999.99")


def _to_decimal(value, what: str) -> Decimal:
    if isinstance(value, float):
        raise TypeError(f"{what}: floats are not accepted; pass a str or Decimal")
    if isinstance(value, str):
        value = value.strip().replace(",", "")
        if not value:
            raise ValidationError("Enter {what}.", what=what)
    try:
        d = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError("'{value}' is not a number ({what}).", value=value, what=what) from None
    if not d.is_finite():
        raise ValidationError("'{value}' is not a number ({what}).", value=value, what=what)
    return d


def _parse(value, unit: Decimal, maximum: Decimal, what: str, allow_zero: bool) -> Decimal:
    d = _to_decimal(value, what)
    if d != d.quantize(unit, rounding=ROUND_DOWN):
        places = -unit.as_tuple().exponent
        raise ValidationError(
            "{what} has more than {places} decimal places: {value}.",
            what=what, places=places, value=value,
        )
    if d < 0 or (d == 0 and not allow_zero):
        raise ValidationError("{what} must be more than zero, not {value}.", what=what, value=value)
    if d > maximum:
        raise ValidationError("{what} {value} is more than {maximum}.", what=what, value=value,
                              maximum=maximum)
    return d.quantize(unit)


def parse_money(value, what: str = "Amount", allow_zero: bool = False) -> Decimal:
    return _parse(value, CENT, MAX_MONEY, what, allow_zero)


def parse_kwh(value, what: str = "Energy", allow_zero: bool = False) -> Decimal:
    return _parse(value, KWH_UNIT, MAX_KWH, what, allow_zero)


def parse_price(value, what: str = "Price", allow_zero: bool = True) -> Decimal:
    return _parse(value, PRICE_UNIT, Decimal("9999.9999"), what, allow_zero)


def round_money(d: Decimal) -> Decimal:
    """Round half up to the fen: the rule on every invoice line."""
    return d.quantize(CENT, rounding=ROUND_HALF_UP)


def floor_to(d: Decimal, unit: Decimal) -> Decimal:
    return d.quantize(unit, rounding=ROUND_DOWN)


def kwh(value) -> Decimal:
    """A trusted value (constant, database) as kWh with the fixed scale."""
    return Decimal(value).quantize(KWH_UNIT)


def money(value) -> Decimal:
    return Decimal(value).quantize(CENT)
