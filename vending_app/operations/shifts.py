"""The seller's shift: open with a float, close with a blind count."""

from __future__ import annotations

from decimal import Decimal

from vending_app.core.shifts import ShiftFigures
from vending_app.operations import Changed, OpResult, changed


def open_shift(core, actor, opening_float: str | Decimal) -> OpResult[int]:
    return changed(core.shifts.open(actor, opening_float), Changed.SHIFTS)


def close_shift(core, actor, counted: str | Decimal, note: str = "") -> OpResult[ShiftFigures]:
    return changed(core.shifts.close(actor, counted, note), Changed.SHIFTS | Changed.APPROVALS)
