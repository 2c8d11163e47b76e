"""The seller's shift as a cash session, an explicit state machine:

    (none) --open--> OPEN --count--> CLOSED
                          \\--count, difference above the limit--> CLOSING --approve--> CLOSED

No sale outside an OPEN shift. The count is blind: while the shift is
open its seller sees what they sold, never the cash the drawer should
hold (not in the X report, the window or the CLI: the figures come back
without it from this service). The count is typed first; the difference
shows after it. A difference without a note then waits for an
administrator, as one above ``shift.difference_limit`` does. Finance and
administrators see everything; ``shift.blind_count`` = no (a small office)
shows the seller the expected cash too, and then a difference needs a
note before the close.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import maintenance
from db.models import (
    CashMovement,
    CashMovementKind,
    Refund,
    RefundStatus,
    Reversal,
    Sale,
    SaleKind,
    SaleStatus,
    Shift,
    ShiftStatus,
)
from db.types import utcnow
from vending_app.core import audit, settings, validation
from vending_app.core.actor import Actor
from vending_app.core.errors import NotFound, StateError, ValidationError
from vending_app.core.money import parse_money
from vending_app.core.permissions import Permission, allowed, requires
from vending_app.core.service import Service

TAKEN = (SaleStatus.COMMITTED, SaleStatus.REVERSED,
         SaleStatus.REFUNDED)  # the cash was taken for these (a refund pays back on its own)


@dataclass(frozen=True)
class ShiftFigures:
    """Everything an X or Z report shows; plain data."""

    shift_id: int
    operator_id: int
    station_id: int
    status: str
    opened_at: datetime
    closed_at: datetime | None
    opening_float: Decimal
    sales_count: int
    sales_kwh: Decimal
    sales_amount: Decimal
    reversals_count: int
    reversals_amount: Decimal
    refunds_count: int
    refunds_amount: Decimal
    cash_in: Decimal
    cash_out: Decimal
    expected_cash: Decimal | None  # None: hidden from the seller until the count (blind)
    counted_cash: Decimal | None
    difference: Decimal | None
    note: str
    blind: bool = False  # the expected cash is withheld


@dataclass(frozen=True)
class CurrentShift:
    """A seller's shift at this station that is not closed yet: open, or
    counted and waiting for an administrator to approve its close (no
    sales, no new shift until then)."""

    id: int
    waiting: bool


def _sum(s: Session, col, *where) -> Decimal:
    return Decimal(s.scalar(select(func.coalesce(func.sum(col), 0)).where(*where)))


def figures(s: Session, shift: Shift) -> ShiftFigures:
    sold = (Sale.shift_id == shift.id, Sale.kind == SaleKind.SALE, Sale.status.in_(TAKEN))
    sales_count = s.scalar(select(func.count(Sale.id)).where(*sold))
    sales_amount = _sum(s, Sale.total_amount, *sold)
    sales_kwh = _sum(s, Sale.primary_kwh, *sold)
    rev_rows = s.execute(select(func.count(Reversal.id), func.coalesce(func.sum(Sale.total_amount), 0))
                         .join(Sale, Sale.id == Reversal.sale_id)
                         .where(Reversal.shift_id == shift.id)).one()
    ref_rows = s.execute(select(func.count(Refund.id), func.coalesce(func.sum(Refund.amount), 0))
                         .where(Refund.shift_id == shift.id,
                                Refund.status == RefundStatus.DONE)).one()
    cash_in = _sum(s, CashMovement.amount, CashMovement.shift_id == shift.id,
                   CashMovement.kind == CashMovementKind.CASH_IN)
    cash_out = _sum(s, CashMovement.amount, CashMovement.shift_id == shift.id,
                    CashMovement.kind == CashMovementKind.CASH_OUT)
    reversals_amount, refunds_amount = Decimal(rev_rows[1]), Decimal(ref_rows[1])
    expected = (shift.opening_float + sales_amount - reversals_amount - refunds_amount
                + cash_in - cash_out)
    return ShiftFigures(
        shift.id, shift.operator_id, shift.station_id, shift.status.value, shift.opened_at,
        shift.closed_at, shift.opening_float, sales_count, sales_kwh, sales_amount, rev_rows[0],
        reversals_amount, ref_rows[0], refunds_amount, cash_in, cash_out, expected,
        shift.counted_cash, shift.difference, shift.note,
    )


def is_blind(s: Session, actor: Actor, shift: Shift) -> bool:
    """Whether ``actor`` must not see ``shift``'s expected cash now: its own
    seller, before the count, unless the office relaxed it."""
    return (shift.status == ShiftStatus.OPEN and shift.operator_id == actor.operator_id
            and not allowed(actor.role, Permission.VIEW_REPORTS)
            and settings.read(s, "shift.blind_count", actor.station_code))


def shown_to(s: Session, actor: Actor, shift: Shift) -> ShiftFigures:
    """The shift's figures as ``actor`` may see them."""
    fig = figures(s, shift)
    return replace(fig, expected_cash=None, blind=True) if is_blind(s, actor, shift) else fig


class ShiftService(Service):
    def _current(self, s: Session, actor: Actor, lock: bool = False) -> Shift | None:
        q = select(Shift).where(Shift.operator_id == actor.operator_id,
                                Shift.station_id == actor.station_id,
                                Shift.status.in_([ShiftStatus.OPEN, ShiftStatus.CLOSING]))
        return s.scalar(q.with_for_update() if lock else q)

    @requires(Permission.OPERATE_SHIFT)
    def open(self, actor: Actor, opening_float: str | Decimal) -> int:
        amount = parse_money(opening_float, "Opening float", allow_zero=True)
        with self.db.write() as s:
            if self._current(s, actor, lock=True) is not None:
                raise StateError("You already have a shift at this station: close it first.")
            shift = Shift(station_id=actor.station_id, operator_id=actor.operator_id,
                          opening_float=amount)
            s.add(shift)
            s.flush()
            audit.append(s, actor, "shift_open", "shift", shift.id, {"float": amount})
            return shift.id

    @requires(Permission.OPERATE_SHIFT)
    def current(self, actor: Actor) -> int | None:
        with self.db.read() as s:
            shift = self._current(s, actor)
            return shift.id if shift else None

    @requires(Permission.OPERATE_SHIFT)
    def state(self, actor: Actor) -> CurrentShift | None:
        """What the status bar and the shift page say: the shift open, the
        one whose close waits for approval, or none."""
        with self.db.read() as s:
            shift = self._current(s, actor)
            return (CurrentShift(shift.id, shift.status == ShiftStatus.CLOSING)
                    if shift else None)

    @requires(Permission.OPERATE_SHIFT)
    def move_cash(self, actor: Actor, kind: CashMovementKind, amount: str, reason: str) -> int:
        amount_d = parse_money(amount, "Amount")
        reason = validation.reason(reason)
        kind = CashMovementKind(kind)
        with self.db.write() as s:
            shift = self._current(s, actor, lock=True)
            if shift is None or shift.status != ShiftStatus.OPEN:
                raise StateError("Open a shift first.")
            # Refusing a cash-out above the expected cash would tell a blind
            # seller what it is: then the count shows the mistake instead.
            if kind == CashMovementKind.CASH_OUT and not is_blind(s, actor, shift) \
                    and figures(s, shift).expected_cash < amount_d:
                raise ValidationError("The drawer should not hold {amount}: check the amount.",
                                      amount=amount_d)
            m = CashMovement(shift_id=shift.id, kind=kind, amount=amount_d, reason=reason,
                             operator_id=actor.operator_id)
            s.add(m)
            s.flush()
            audit.append(s, actor, kind.value, "shift", shift.id,
                         {"amount": amount_d, "reason": reason})
            return m.id

    @requires(Permission.OPERATE_SHIFT)
    def x_report(self, actor: Actor) -> ShiftFigures:
        """Mid-shift figures: what was sold so far; the expected cash only
        where the count is not blind (see the module's docstring)."""
        with self.db.read() as s:
            shift = self._current(s, actor)
            if shift is None:
                raise StateError("You have no shift open.")
            result = shown_to(s, actor, shift)
        self._note(actor, "shift_x_report", "shift", result.shift_id)
        return result

    @requires(Permission.OPERATE_SHIFT)
    def close(self, actor: Actor, counted: str | Decimal, note: str = "") -> ShiftFigures:
        """Blind count and close. Returns the Z figures."""
        counted_d = parse_money(counted, "Counted cash", allow_zero=True)
        note = " ".join(str(note or "").split())[:300]
        with self.db.write() as s:
            shift = self._current(s, actor, lock=True)
            if shift is None or shift.status != ShiftStatus.OPEN:
                raise StateError("You have no open shift to close.")
            pending = s.scalar(select(func.count(Sale.id)).where(
                Sale.shift_id == shift.id, Sale.status == SaleStatus.PENDING))
            if pending == 1:
                raise StateError("A sale of this shift is still pending: read its card to "
                                 "settle it before closing.")
            if pending:
                raise StateError("{n} sales of this shift are still pending: read their cards "
                                 "to settle them before closing.", n=pending)
            blind = is_blind(s, actor, shift)
            f = figures(s, shift)
            difference = counted_d - f.expected_cash
            unexplained = bool(difference) and len(note) < 4
            if unexplained and not blind:
                raise ValidationError("The count differs from what was expected: explain the "
                                      "difference in a note.")
            limit = settings.read(s, "shift.difference_limit", actor.station_code)
            shift.counted_cash, shift.expected_cash, shift.difference = (
                counted_d, f.expected_cash, difference)
            shift.note, shift.counted_at = note, utcnow()
            if abs(difference) > limit or unexplained:
                shift.status = ShiftStatus.CLOSING
            else:
                shift.status, shift.closed_at = ShiftStatus.CLOSED, utcnow()
            audit.append(s, actor, "shift_count", "shift", shift.id, {
                "counted": counted_d, "expected": f.expected_cash, "difference": difference,
                "note": note, "status": shift.status.value})
            z = figures(s, shift)
        # The shift's sales move from the write-ahead log into the database
        # file itself: a lost -wal file can no longer take a closed shift.
        maintenance.checkpoint(self.db.engine)
        return z

    @requires(Permission.APPROVE)
    def approve_close(self, actor: Actor, shift_id: int) -> ShiftFigures:
        with self.db.write() as s:
            shift = s.get(Shift, shift_id, with_for_update=True)
            if shift is None:
                raise NotFound("No shift {id}.", id=shift_id)
            if shift.status != ShiftStatus.CLOSING:
                raise StateError("Shift {id} is not waiting for approval.", id=shift_id)
            shift.status, shift.closed_at, shift.approved_by = (
                ShiftStatus.CLOSED, utcnow(), actor.operator_id)
            audit.append(s, actor, "shift_close_approve", "shift", shift.id,
                         {"difference": shift.difference})
            return figures(s, shift)

    def figures_of(self, actor: Actor, shift_id: int) -> ShiftFigures:
        """Z report of a shift: its own seller, or anyone who may read reports."""
        with self.db.read() as s:
            shift = s.get(Shift, shift_id)
            if shift is None:
                raise NotFound("No shift {id}.", id=shift_id)
            if shift.operator_id != actor.operator_id and not allowed(
                    actor.role, Permission.VIEW_REPORTS):
                self._refuse(actor, "ShiftService.figures_of", Permission.VIEW_REPORTS)
            return shown_to(s, actor, shift)

