"""Reporting periods: dekads (旬: days 1-10, 11-20, 21-end of month) and months."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    label: str


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def dekad(year: int, month: int, index: int) -> Period:
    """Dekad ``index`` (1, 2 or 3) of a month; the third runs to the month's end."""
    if index not in (1, 2, 3):
        raise ValueError("a month has dekads 1, 2 and 3")
    start = date(year, month, 1 + 10 * (index - 1))
    end = date(year, month, 10 * index) if index < 3 else month_end(year, month)
    return Period(start, end, f"{year}-{month:02d} D{index}")


def dekad_of(d: date) -> Period:
    return dekad(d.year, d.month, min(3, (d.day - 1) // 10 + 1))


def month(year: int, month_: int) -> Period:
    return Period(date(year, month_, 1), month_end(year, month_), f"{year}-{month_:02d}")
