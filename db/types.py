"""Column types that keep money and energy exact on every backend.

SQLite has no exact decimal type: a NUMERIC column silently becomes a binary
float, and SUM() over millions of sales drifts. We store every amount as a
whole number of its smallest unit (fen, 0.0001 yuan, 0.01 kWh) in a BIGINT
and hand Python code a Decimal with the fixed scale. SUM() stays an integer.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, DateTime
from sqlalchemy.types import TypeDecorator


class ScaledDecimal(TypeDecorator):
    """A Decimal with ``places`` decimal places, stored as an integer."""

    impl = BigInteger
    cache_ok = True

    def __init__(self, places: int):
        super().__init__()
        self.places = places
        self._unit = Decimal(1).scaleb(-places)
        self._factor = 10**places

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("floats are not accepted for exact amounts; use Decimal")
        d = Decimal(value)
        scaled = d * self._factor
        if scaled != scaled.to_integral_value():
            raise ValueError(f"{value} has more than {self.places} decimal places")
        return int(scaled)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        # the same Decimal as (value / 10**places).quantize(unit), exactly, in
        # two thirds of the time: a report reads tens of thousands of these
        return Decimal(int(value)).scaleb(-self.places)

    @property
    def python_type(self):
        return Decimal


def Money():  # noqa: N802 - reads like a type in model declarations
    """Yuan, 2 places."""
    return ScaledDecimal(2)


def Price():  # noqa: N802
    """Yuan per kWh, 4 places."""
    return ScaledDecimal(4)


def Energy():  # noqa: N802
    """kWh, 2 places."""
    return ScaledDecimal(2)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every backend (SQLite keeps none)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)
