"""How figures are written on paper: money with thousands separators and
two decimals, energy with two decimals, dates as ISO. One place, so the PDF,
the thermal receipt and the exports agree."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal


def money(value: Decimal | None) -> str:
    return "" if value is None else f"{Decimal(value):,.2f}"


def kwh(value: Decimal | None) -> str:
    return "" if value is None else f"{Decimal(value):,.2f}"


def price(value: Decimal | None) -> str:
    return "" if value is None else f"{Decimal(value):.4f}"


def cell(value, kind: str) -> str:
    """A sheet cell as text, by its column kind."""
    if value is None or value == "":
        return ""
    if kind == "money":
        return money(value)
    if kind == "kwh":
        return kwh(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
