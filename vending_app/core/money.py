"""Exact money and energy.

Yuan carry 2 decimal places, prices 4, energy 0.01 kWh. Floats are refused
everywhere: a float has already lost the fen before we see it.
"""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from vending_app.core.errors import ValidationError, echo
from vending_app.core.validation import ascii_text, mid_sentence

CENT = Decimal("0.01")
PRICE_UNIT = Decimal("0.0001")
KWH_UNIT = Decimal("0.01")
ZERO = Decimal("0.00")

# Nothing a sales office handles comes near these; beyond them input is absurd.
MAX_MONEY = Decimal("99999999.99")
MAX_KWH = Decimal("9999999.99")
MAX_PRICE = Decimal("9999.9999")

# What a clerk types: "99999999.99" is 11 characters; 20 leaves room for
# leading zeros and a price's places, and keeps any Decimal within its context.
MAX_TYPED = 20
_PLAIN = re.compile(r"[0-9]+\.?[0-9]*|\.[0-9]+")
_GROUPED = re.compile(r"[1-9][0-9]{0,2}(,[0-9]{3})+(\.[0-9]*)?")


def _to_decimal(value, what: str) -> Decimal:
    if isinstance(value, float):
        raise TypeError(f"{what}: floats are not accepted; pass a str or Decimal")
    if isinstance(value, str):
        return Decimal(plain_number(value, what))
    if isinstance(value, Decimal | int) and not isinstance(value, bool) and Decimal(value).is_finite():
        return Decimal(value)
    raise _not_a_number(value, what)


def _not_a_number(value, what: str) -> ValidationError:
    return ValidationError("'{value}' is not a number ({what}): type digits and at most one "
                           "decimal point, like 1234.5.", value=echo(value), what=what)


def _not_positive(value, what: str) -> ValidationError:
    return ValidationError("{what} must be more than zero, not {value}.", what=what,
                           value=echo(value))


def plain_number(typed: str, what: str = "Amount") -> str:
    """The number a clerk typed, as plain ASCII digits with at most one decimal
    point, or a ValidationError saying how to type it. A lone decimal comma
    ("1,5") is read as a point; what looks like a thousands separator is
    refused, never stripped. Length is checked first, so the text is short
    and exponent-free before any Decimal sees it."""
    t = typed.strip()
    if not t:
        raise ValidationError("Enter the {what}.", what=mid_sentence(what))
    if len(t) > MAX_TYPED:
        raise ValidationError("{what} is too long for a number: {n} characters, at most {limit}.",
                              what=what, n=len(t), limit=MAX_TYPED)
    ascii_text(t, what)
    if t.startswith("-") and _PLAIN.fullmatch(_decimal_comma(t[1:])):
        raise _not_positive(t, what)
    number = _decimal_comma(t)
    if not _PLAIN.fullmatch(number):
        raise _not_a_number(t, what)
    return number


def _decimal_comma(t: str) -> str:
    """'1,5' -> '1.5' (one comma, no point); '1,000' and '12,345.5' refused."""
    if _GROUPED.fullmatch(t):
        raise ValidationError("Type the number without thousands separators: {plain}.",
                              plain=t.replace(",", ""))
    return t.replace(",", ".") if t.count(",") == 1 and "." not in t else t


def _parse(value, unit: Decimal, maximum: Decimal, what: str, allow_zero: bool) -> Decimal:
    d = _to_decimal(value, what)
    if d < 0 or (d == 0 and not allow_zero):
        raise _not_positive(value, what)
    if d > maximum:  # before quantize: a huge value would overflow the context
        raise ValidationError("{what} {value} is more than {maximum}.", what=what, value=echo(value),
                              maximum=maximum)
    if d != d.quantize(unit, rounding=ROUND_DOWN):
        places = -unit.as_tuple().exponent
        raise ValidationError(
            "{what} has more than {places} decimal places: {value}.",
            what=what, places=places, value=echo(value),
        )
    return d.quantize(unit)


def parse_money(value, what: str = "Amount", allow_zero: bool = False) -> Decimal:
    return _parse(value, CENT, MAX_MONEY, what, allow_zero)


def parse_kwh(value, what: str = "Energy", allow_zero: bool = False) -> Decimal:
    return _parse(value, KWH_UNIT, MAX_KWH, what, allow_zero)


def parse_price(value, what: str = "Price", allow_zero: bool = True) -> Decimal:
    return _parse(value, PRICE_UNIT, MAX_PRICE, what, allow_zero)


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
