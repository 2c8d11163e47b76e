"""Reporting periods: dekads (旬: days 1-10, 11-20, 21-end of month) and months."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from vending_app.core.errors import ValidationError


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    label: str


def month_end(year: int, month: int) -> date:
    _check(year, month)
    return date(year, month, calendar.monthrange(year, month)[1])


def _check(year: int, month_: int) -> None:
    """A month typed at the window or the command line: refused in words,
    not as a Python error."""
    if not 1900 <= year <= 2999:
        raise ValidationError("Type the year in full, like 2026: {year} is not one the books "
                              "can hold.", year=year)
    if not 1 <= month_ <= 12:
        raise ValidationError("There is no month {month}: a month is 1 to 12.", month=month_)


def dekad(year: int, month: int, index: int) -> Period:
    """Dekad ``index`` (1, 2 or 3) of a month; the third runs to the month's end."""
    _check(year, month)
    if index not in (1, 2, 3):
        raise ValidationError("A month has dekads 1, 2 and 3: there is no dekad {index}.",
                              index=index)
    start = date(year, month, 1 + 10 * (index - 1))
    end = date(year, month, 10 * index) if index < 3 else month_end(year, month)
    return Period(start, end, f"{year}-{month:02d} D{index}")


def dekad_of(d: date) -> Period:
    return dekad(d.year, d.month, min(3, (d.day - 1) // 10 + 1))


def month(year: int, month_: int) -> Period:
    _check(year, month_)
    return Period(date(year, month_, 1), month_end(year, month_), f"{year}-{month_:02d}")
