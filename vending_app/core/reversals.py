"""Reversals (冲正) of a committed sale the meter has not applied: requested
by the seller, decided by a supervisor; the sale's sequence, carry and
recovered charges are given back and its money leaves the drawer."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import ApprovalStatus, Meter, Reversal, Sale, SaleKind, SaleStatus, Shift, ShiftStatus
from db.types import utcnow
from vending_app.core import audit, summaries, validation
from vending_app.core.actor import Actor
from vending_app.core.errors import NotFound, StateError
from vending_app.core.permissions import Permission, requires


class ReversalsMixin:
    """Part of SalesService (``_unwind`` and the database come from it)."""

    def _reversible(self, s: Session, sale: Sale) -> Meter:
        if sale.kind != SaleKind.SALE or sale.status != SaleStatus.COMMITTED:
            raise StateError("Receipt {receipt} is not a committed sale.", receipt=sale.receipt_no)
        meter = s.get(Meter, sale.meter_id)
        if meter.purchase_seq != sale.purchase_seq:
            raise StateError("Receipt {receipt} is not the meter's latest purchase; it cannot be "
                             "reversed.", receipt=sale.receipt_no)
        if (meter.reported_seq or 0) >= sale.purchase_seq:
            raise StateError("The meter has already applied receipt {receipt}: it cannot be "
                             "reversed. Use a refund.", receipt=sale.receipt_no)
        return meter

    @requires(Permission.REQUEST_REVERSAL)
    def request_reversal(self, actor: Actor, receipt_no: str, reason: str) -> int:
        reason = validation.reason(reason)
        with self.db.write() as s:
            sale = s.scalar(select(Sale).where(Sale.receipt_no == receipt_no.strip()))
            if sale is None:
                raise NotFound("No sale with receipt {receipt}.", receipt=receipt_no)
            if s.scalar(select(Reversal.id).where(Reversal.sale_id == sale.id)):
                raise StateError("A reversal of receipt {receipt} was requested already.",
                                 receipt=receipt_no)
            self._reversible(s, sale)
            r = Reversal(sale_id=sale.id, reason=reason, requested_by=actor.operator_id)
            s.add(r)
            s.flush()
            audit.append(s, actor, "reversal_request", "reversal", r.id,
                         {"receipt": sale.receipt_no, "total": sale.total_amount, "reason": reason})
            return r.id

    @requires(Permission.APPROVE)
    def decide_reversal(self, actor: Actor, reversal_id: int, approve: bool) -> None:
        with self.db.write() as s:
            r = s.get(Reversal, reversal_id, with_for_update=True)
            if r is None or r.status != ApprovalStatus.REQUESTED:
                raise StateError("Reversal {id} is not waiting for a decision.", id=reversal_id)
            r.decided_by, r.decided_at = actor.operator_id, utcnow()
            sale = s.get(Sale, r.sale_id, with_for_update=True)
            if approve:
                self._reversible(s, sale)
                self._unwind(s, sale)
                sale.status = SaleStatus.REVERSED
                r.status = ApprovalStatus.APPROVED
                # The money goes back from the drawer of the shift that took it
                # if it is still open, else from the requester's open shift.
                shift = s.get(Shift, sale.shift_id) if sale.shift_id else None
                if shift is None or shift.status != ShiftStatus.OPEN:
                    shift = s.scalar(select(Shift).where(
                        Shift.operator_id == r.requested_by, Shift.status == ShiftStatus.OPEN))
                r.shift_id = shift.id if shift else None
                r.business_date = self.core.today()
                summaries.record(s, r, actor.station_id)
            else:
                r.status = ApprovalStatus.REJECTED
            audit.append(s, actor, "reversal_approve" if approve else "reversal_reject",
                         "reversal", r.id, {"receipt": sale.receipt_no, "total": sale.total_amount})


