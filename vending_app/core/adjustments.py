"""Energy that is not a normal sale, always with a reason and an
administrator's approval: adjustment energy (调剂电量) vended to the card at
no charge, and monthly flat-price quotas (平价电量)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from db.models import (
    Adjustment,
    ApprovalStatus,
    FlatPriceQuota,
    Meter,
    MeterStatus,
    Operator,
    Reversal,
    SaleKind,
    Shift,
    ShiftStatus,
)
from db.types import utcnow
from vending_app.core import audit, validation
from vending_app.core.accounts import customer_by_account, meter_by_number
from vending_app.core.actor import Actor
from vending_app.core.card_station import CardWriter
from vending_app.core.errors import Note, StateError
from vending_app.core.money import parse_kwh, parse_price
from vending_app.core.permissions import Permission, requires
from vending_app.core.sales import SaleRequest, SaleResult
from vending_app.core.service import Service


@dataclass(frozen=True)
class Approval:
    kind: str  # adjustment | quota | reversal | shift
    id: int
    summary: str  # a Note: the window shows it in the operator's language
    requested_by: int | None
    requested_by_name: str = ""


class AdjustmentService(Service):
    @requires(Permission.REQUEST_ADJUSTMENT)
    def request_adjustment(self, actor: Actor, meter_number: str, kwh: str, reason: str) -> int:
        kwh_d = parse_kwh(kwh, "Adjustment energy")
        reason = validation.reason(reason)
        with self.db.write() as s:
            meter = meter_by_number(s, meter_number)
            if meter.customer_id is None or meter.status != MeterStatus.PAIRED:
                raise StateError("Meter {number} is not paired to an account.", number=meter.number)
            a = Adjustment(customer_id=meter.customer_id, meter_id=meter.id, kwh=kwh_d,
                           reason=reason, requested_by=actor.operator_id)
            s.add(a)
            s.flush()
            audit.append(s, actor, "adjustment_request", "adjustment", a.id,
                         {"meter": meter.number, "kwh": kwh_d, "reason": reason})
            return a.id

    @requires(Permission.APPROVE)
    def decide_adjustment(self, actor: Actor, adjustment_id: int, approve: bool) -> None:
        with self.db.write() as s:
            a = s.get(Adjustment, adjustment_id, with_for_update=True)
            if a is None or a.status != ApprovalStatus.REQUESTED:
                raise StateError("Adjustment {id} is not waiting for a decision.", id=adjustment_id)
            if a.requested_by == actor.operator_id:
                raise StateError("An adjustment must be approved by someone other than its "
                                 "requester.")
            a.status = ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED
            a.decided_by, a.decided_at = actor.operator_id, utcnow()
            audit.append(s, actor, "adjustment_approve" if approve else "adjustment_reject",
                         "adjustment", a.id, {"kwh": a.kwh})

    @requires(Permission.SELL)
    def vend_adjustment(self, actor: Actor, adjustment_id: int, card: CardWriter) -> SaleResult:
        """Write an approved adjustment to the customer's card, as a purchase
        of no money through the same crash-safe steps as a sale."""
        sales = self.core.sales
        with self.db.read() as s:
            a = s.get(Adjustment, adjustment_id)
            if a is None or a.status != ApprovalStatus.APPROVED:
                raise StateError("Adjustment {id} is not approved (or was vended already).",
                                 id=adjustment_id)
            meter_number = s.get(Meter, a.meter_id).number
            kwh = a.kwh
        key = f"adjustment-{adjustment_id}"
        done = sales.find_by_request(key)
        if done is None:
            sale_id, order = sales.reserve(actor, SaleRequest(meter_number, request_key=key),
                                           kind=SaleKind.ADJUSTMENT, energy=kwh)
            sales.write_card(actor, sale_id, order, card)
            done = sales.commit(actor, sale_id)
        with self.db.write() as s:
            a = s.get(Adjustment, adjustment_id, with_for_update=True)
            if a.status == ApprovalStatus.APPROVED:
                a.status, a.sale_id = ApprovalStatus.DONE, done.sale_id
                audit.append(s, actor, "adjustment_vend", "adjustment", a.id,
                             {"receipt": done.receipt_no, "kwh": kwh})
        return done

    @requires(Permission.REQUEST_ADJUSTMENT)
    def request_quota(self, actor: Actor, account_no: str, monthly_kwh: str, price: str,
                      reason: str, valid_from: date, valid_to: date | None = None) -> int:
        kwh_d = parse_kwh(monthly_kwh, "Monthly quota")
        price_d = parse_price(price, "Flat price")
        reason = validation.reason(reason)
        with self.db.write() as s:
            c = customer_by_account(s, account_no)
            q = FlatPriceQuota(customer_id=c.id, monthly_kwh=kwh_d, price=price_d, reason=reason,
                               valid_from=valid_from, valid_to=valid_to,
                               requested_by=actor.operator_id)
            s.add(q)
            s.flush()
            audit.append(s, actor, "quota_request", "flat_price_quota", q.id, {
                "account": c.account_no, "kwh": kwh_d, "price": price_d, "reason": reason})
            return q.id

    @requires(Permission.APPROVE)
    def decide_quota(self, actor: Actor, quota_id: int, approve: bool) -> None:
        with self.db.write() as s:
            q = s.get(FlatPriceQuota, quota_id, with_for_update=True)
            if q is None or q.status != ApprovalStatus.REQUESTED:
                raise StateError("Quota {id} is not waiting for a decision.", id=quota_id)
            if approve:
                # A customer has one quota at a time: the new one ends the old.
                for old in s.scalars(select(FlatPriceQuota).where(
                        FlatPriceQuota.customer_id == q.customer_id,
                        FlatPriceQuota.status == ApprovalStatus.APPROVED)):
                    old.status = ApprovalStatus.DONE
            q.status = ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED
            q.decided_by, q.decided_at = actor.operator_id, utcnow()
            audit.append(s, actor, "quota_approve" if approve else "quota_reject",
                         "flat_price_quota", q.id, {"kwh": q.monthly_kwh, "price": q.price})

    def decide(self, actor: Actor, kind: str, item_id: int, approve: bool) -> None:
        """Decide one entry of the approval queue, whatever its kind."""
        if kind == "adjustment":
            self.decide_adjustment(actor, item_id, approve)
        elif kind == "quota":
            self.decide_quota(actor, item_id, approve)
        elif kind == "reversal":
            self.core.sales.decide_reversal(actor, item_id, approve)
        elif kind == "shift" and approve:
            self.core.shifts.approve_close(actor, item_id)
        elif kind == "shift":
            raise StateError("A counted shift cannot be rejected: approve it with its note.")
        else:
            raise StateError("There is no {kind} to decide.", kind=kind)

    @requires(Permission.APPROVE)
    def approval_queue(self, actor: Actor) -> list[Approval]:
        with self.db.read() as s:
            out = [Approval("adjustment", a.id, Note("{kwh} kWh: {reason}", kwh=a.kwh,
                                                     reason=a.reason), a.requested_by)
                   for a in s.scalars(select(Adjustment).where(
                       Adjustment.status == ApprovalStatus.REQUESTED))]
            out += [Approval("quota", q.id, Note("{kwh} kWh/month at {price}: {reason}",
                                                 kwh=q.monthly_kwh, price=q.price,
                                                 reason=q.reason), q.requested_by)
                    for q in s.scalars(select(FlatPriceQuota).where(
                        FlatPriceQuota.status == ApprovalStatus.REQUESTED))]
            out += [Approval("reversal", r.id, r.reason, r.requested_by)
                    for r in s.scalars(select(Reversal).where(
                        Reversal.status == ApprovalStatus.REQUESTED))]
            out += [Approval("shift", sh.id, Note("difference {difference}: {note}",
                                                  difference=sh.difference, note=sh.note)
                             if sh.note else Note("difference {difference}, no note",
                                                  difference=sh.difference),
                             sh.operator_id)
                    for sh in s.scalars(select(Shift).where(Shift.status == ShiftStatus.CLOSING))]
            ids = {a.requested_by for a in out} - {None}
            # (a Result has keys(): dict() would take it for a mapping)
            names = {i: n for i, n in s.execute(select(Operator.id, Operator.full_name)
                                                .where(Operator.id.in_(ids)))} if ids else {}
            return [dataclasses.replace(a, requested_by_name=names.get(a.requested_by, ""))
                    for a in out]

