"""退电 on demand: a meter's unapplied purchases taken back and paid back.

Card first, as a sale (shared architecture notes), because the card and the
database fail on their own:

1. reserve: journal the refund as PENDING with the sequences it takes back
   (first..last) and their value, priced as the refund at closing does;
2. write the card's record without those purchases (so the meter can never
   apply them) and read it back;
3. commit: the sales become REFUNDED, the meter's sequence and carry go back
   to before them (the meter accepts only the next sequence), outstanding
   charges are kept from the value, the rest leaves the drawer.

A failure between 1 and 3 leaves a PENDING refund that holds the meter (no
sale, no second refund). Only a write that never started abandons it at
once. Otherwise the card decides, the next time a card of that meter is
read (at the counter, or in the reader when the station starts): a card
without the purchases finishes the refund (committed, the money paid); a
card that still holds them rolls it back (nothing paid, the purchases stay
the customer's; ask again to refund them). A meter that reported one of
them applied rolls it back too, card or not (the energy is the
customer's). At start the pending refunds are listed, as pending sales are.

Distinct from a reversal (core/reversals.py), which undoes one sale on a
supervisor's decision without touching the card.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import (
    Card,
    CardStatus,
    Charge,
    Customer,
    CustomerStatus,
    Meter,
    MeterStatus,
    Refund,
    RefundKind,
    RefundStatus,
    Sale,
    SaleStatus,
)
from db.types import utcnow
from vending_app.core import audit, faults, summaries, validation
from vending_app.core.accounts import meter_by_number, open_shift_of, refund_value
from vending_app.core.actor import Actor
from vending_app.core.card_service import CardCheck
from vending_app.core.card_station import (
    CardReading,
    CardStation,
    CardUntouched,
    CardWriteError,
    PurchaseOrder,
)
from vending_app.core.errors import Note, StateError
from vending_app.core.money import ZERO, parse_kwh
from vending_app.core.permissions import Permission, requires
from vending_app.core.refund_preview import RefundPreview, build_preview
from vending_app.core.sales import record_order
from vending_app.core.service import Service


@dataclass(frozen=True)
class RefundOutcome:
    refund_id: int
    kind: str
    meter_number: str
    account_no: str
    first_seq: int | None
    last_seq: int | None
    kwh: Decimal
    gross: Decimal
    charges_deducted: Decimal
    paid: Decimal
    status: str


def outcome(s: Session, r: Refund) -> RefundOutcome:
    meter, customer = s.get(Meter, r.meter_id), s.get(Customer, r.customer_id)
    return RefundOutcome(r.id, r.kind.value, meter.number, customer.account_no, r.first_seq,
                         r.last_seq, r.kwh, r.amount + r.charges_deducted, r.charges_deducted,
                         r.amount, r.status.value)


def deduct_charges(s: Session, customer_id: int, gross: Decimal) -> Decimal:
    """Keep outstanding charges out of a refund, oldest first (as at closing)."""
    deducted = ZERO
    for ch in s.scalars(select(Charge).where(Charge.customer_id == customer_id,
                                             Charge.outstanding > 0)
                        .order_by(Charge.id).with_for_update()):
        take = min(ch.outstanding, gross - deducted)
        ch.outstanding -= take
        deducted += take
    return deducted


def lock_meter(s: Session, meter_number: str, lock: bool = True) -> tuple[Customer, Meter]:
    """Customer first, then meter: the one lock order of the sale (``lock``
    False: the same checks, for a preview that writes nothing)."""
    meter = meter_by_number(s, meter_number)
    if meter.customer_id is None or meter.status != MeterStatus.PAIRED:
        raise StateError("Meter {number} is {status}: it cannot be sold to.",
                         number=meter.number, status=meter.status.value)
    q = select(Customer).where(Customer.id == meter.customer_id)
    customer = s.scalar(q.with_for_update() if lock else q)
    if customer.status == CustomerStatus.CLOSED:
        raise StateError("Account {account} is closed.", account=customer.account_no)
    if lock:
        meter = s.scalar(select(Meter).where(Meter.id == meter.id).with_for_update())
    return customer, meter


def check_meter_free(s: Session, meter: Meter) -> None:
    if s.scalar(select(Sale.id).where(Sale.meter_id == meter.id,
                                      Sale.status == SaleStatus.PENDING)):
        raise StateError("A sale to this account is still pending: read the card to settle it "
                         "first.")
    if s.scalar(select(Refund.id).where(Refund.meter_id == meter.id,
                                        Refund.status == RefundStatus.PENDING)):
        raise StateError("A refund from meter {number} is not settled yet: read the card "
                         "first.", number=meter.number)


def refuse_suspicious(check: CardCheck) -> None:
    if check.gating:
        raise StateError("The card shows a problem: {problems}. The refund is refused; an "
                         "administrator can review it.", problems="; ".join(check.gating))


def shift_for_refund(s: Session, actor: Actor, kind: RefundKind):
    shift = open_shift_of(s, actor)
    if shift is None and kind == RefundKind.ON_DEMAND:
        raise StateError("Open a shift before paying a refund: the money leaves your drawer.")
    return shift


def order_without(s: Session, meter: Meter, customer: Customer, station_code: str,
                  first_seq: int) -> PurchaseOrder:
    """The card's record with every purchase from ``first_seq`` on taken out."""
    order = record_order(s, meter, customer, station_code, None)
    return replace(order, entries=tuple(e for e in order.entries if e.seq < first_seq))


class RefundService(Service):
    @requires(Permission.REFUND)
    def refund_on_demand(self, actor: Actor, station: CardStation, reason: str,
                         expect: RefundPreview | None = None) -> RefundOutcome:
        """Read the card, then take back and pay back every purchase its meter
        has not applied. The money leaves the seller's drawer. ``expect``:
        what the clerk was shown and confirmed (``preview``); anything else
        is refused."""
        reason = validation.reason(reason)
        with station.session():
            waiting = {r.refund_id for r in self.pending(actor)}
            meter_number = self.read_for_refund(actor, station)
            if expect is not None and meter_number != expect.meter_number:
                raise StateError("This card is for meter {other}, not {meter}.",
                                 other=meter_number, meter=expect.meter_number)
            # A refund of this card left pending (the card was pulled) is
            # finished by that read: it is the refund asked for, to pay now.
            finished = self._finished(waiting, meter_number)
            if finished is not None:
                return finished
            return self.take_back(actor, station, meter_number, RefundKind.ON_DEMAND, reason,
                                  expect)

    @requires(Permission.REFUND)
    def preview(self, actor: Actor, check: CardCheck) -> RefundPreview:
        """What ``refund_on_demand`` would take back from the card ``check``
        read, and pay: the same refusals, nothing written."""
        refuse_suspicious(check)
        with self.db.read() as s:
            customer, meter = lock_meter(s, check.meter_number, lock=False)
            check_meter_free(s, meter)
            shift_for_refund(s, actor, RefundKind.ON_DEMAND)
            return build_preview(s, customer, meter)

    def _finished(self, waiting: set[int], meter_number: str) -> RefundOutcome | None:
        if not waiting:
            return None
        with self.db.read() as s:
            r = s.scalar(select(Refund).join(Meter, Meter.id == Refund.meter_id).where(
                Refund.id.in_(waiting), Meter.number == meter_number,
                Refund.status == RefundStatus.DONE))
            return None if r is None else outcome(s, r)

    def read_for_refund(self, actor: Actor, station: CardStation) -> str:
        check = self.core.cards.present(actor, station)
        refuse_suspicious(check)
        return check.meter_number

    def take_back(self, actor: Actor, station: CardStation, meter_number: str,
                  kind: RefundKind, reason: str, expect: RefundPreview | None = None
                  ) -> RefundOutcome:
        refund_id, order = self.reserve(actor, meter_number, kind, reason, expect)
        faults.point("after_refund_reserve")
        self.write_card(actor, refund_id, order, station)
        faults.point("after_refund_card_write")
        result = self.commit(actor, refund_id)
        faults.point("after_refund_commit")
        return result

    def reserve(self, actor: Actor, meter_number: str, kind: RefundKind, reason: str,
                expect: RefundPreview | None = None) -> tuple[int, PurchaseOrder]:
        """Step 1: journal what is taken back and what it is worth (refused
        when it is not what the clerk confirmed, ``expect``)."""
        with self.db.write() as s:
            customer, meter = lock_meter(s, meter_number)
            check_meter_free(s, meter)
            shift = shift_for_refund(s, actor, kind)
            plan = build_preview(s, customer, meter)
            if expect is not None and plan != expect:
                raise StateError("What the card would give back changed since it was shown: "
                                 "nothing was taken off the card. Press Enter to see it again.")
            first, last, kwh, gross = plan.first_seq, plan.last_seq, plan.kwh, plan.gross
            r = Refund(kind=kind, status=RefundStatus.PENDING, first_seq=first, last_seq=last,
                       customer_id=customer.id, meter_id=meter.id, kwh=kwh, amount=gross,
                       charges_deducted=ZERO, reason=reason, operator_id=actor.operator_id,
                       station_id=actor.station_id, shift_id=shift.id if shift else None,
                       business_date=self.core.today())
            s.add(r)
            s.flush()
            audit.append(s, actor, "refund_reserve", "refund", r.id, {
                "meter": meter.number, "kind": kind.value, "seqs": [first, last], "kwh": kwh,
                "value": gross})
            return r.id, order_without(s, meter, customer, actor.station_code, first)

    def write_card(self, actor: Actor, refund_id: int, order: PurchaseOrder,
                   station: CardStation) -> None:
        try:
            station.write_purchase(order)
        except CardWriteError as e:
            with self.db.write() as s:
                audit.append(s, actor, "refund_card_write_failed", "refund", refund_id,
                             {"error": str(e)}, audit.AuditOutcome.FAILED)
            if isinstance(e, CardUntouched):
                self.abandon(actor, refund_id, f"the card write never started: {e}")
            raise

    def commit(self, actor: Actor, refund_id: int) -> RefundOutcome:
        """Step 3: the card no longer holds the purchases; pay them back."""
        with self.db.write() as s:
            r = s.get(Refund, refund_id, with_for_update=True)
            if r.status == RefundStatus.DONE:
                return outcome(s, r)
            if r.status != RefundStatus.PENDING:
                raise StateError("Refund {id} is {status} and cannot be paid.", id=refund_id,
                                 status=r.status.value)
            s.scalar(select(Customer).where(Customer.id == r.customer_id).with_for_update())
            meter = s.scalar(select(Meter).where(Meter.id == r.meter_id).with_for_update())
            sales = s.scalars(select(Sale).where(
                Sale.meter_id == meter.id, Sale.status == SaleStatus.COMMITTED,
                Sale.purchase_seq >= r.first_seq, Sale.purchase_seq <= r.last_seq)
                .order_by(Sale.purchase_seq).with_for_update()).all()
            if len(sales) != r.last_seq - r.first_seq + 1 or meter.purchase_seq != r.last_seq:
                raise StateError("Refund {id} no longer matches the meter's purchases: an "
                                 "administrator must review it.", id=refund_id)
            for sale in sales:
                sale.status = SaleStatus.REFUNDED
            meter.purchase_seq, meter.carry_kwh = r.first_seq - 1, sales[0].carry_in_kwh
            gross = r.amount
            r.charges_deducted = deduct_charges(s, r.customer_id, gross)
            r.amount, r.status = gross - r.charges_deducted, RefundStatus.DONE
            summaries.record(s, r, actor.station_id)
            audit.append(s, actor, "refund_commit", "refund", r.id, {
                "meter": meter.number, "seqs": [r.first_seq, r.last_seq], "kwh": r.kwh,
                "value": gross, "deducted": r.charges_deducted, "paid": r.amount})
            return outcome(s, r)

    def abandon(self, actor: Actor, refund_id: int, evidence: str) -> None:
        with self.db.write() as s:
            r = s.get(Refund, refund_id, with_for_update=True)
            if r.status != RefundStatus.PENDING:
                raise StateError("Refund {id} is {status}, not pending.", id=refund_id,
                                 status=r.status.value)
            r.status, r.amount = RefundStatus.ABANDONED, ZERO
            audit.append(s, actor, "refund_abandon", "refund", r.id, {"evidence": evidence})

    def settle_pending(self, actor: Actor, reading: CardReading, station: CardStation,
                       suspicious: bool) -> list[Note]:
        """Settle a refund left pending, by the card of its meter (called by
        every card read, after the meter's report is in the books; at start
        by the card in the reader). The card decides: without the purchases
        the refund is finished and paid; still holding them, it is rolled
        back (nothing paid, the purchases stay the customer's)."""
        with self.db.read() as s:
            meter = meter_by_number(s, reading.meter_number)
            r = s.scalar(select(Refund).where(Refund.meter_id == meter.id,
                                              Refund.status == RefundStatus.PENDING))
            if r is None:
                return []
            refund_id, first, last = r.id, r.first_seq, r.last_seq
            applied = (meter.reported_seq or 0) >= first
        on_card = any(first <= e.seq <= last for e in reading.entries or ())
        if applied:
            self.abandon(actor, refund_id, "the meter reported the purchases applied")
            return [Note("refund {id} is cancelled: the meter had already applied purchase "
                         "{seq}, so nothing is paid back", id=refund_id, seq=first)]
        if suspicious:
            return [Note("refund {id} is not settled: this card shows a problem, so nothing "
                         "was written to it", id=refund_id)]
        if on_card:
            self.abandon(actor, refund_id, "the card still holds the purchases")
            return [Note("refund {id} is rolled back: the card still holds the purchases, so "
                         "nothing is paid back; ask again to refund them", id=refund_id)]
        done = self.commit(actor, refund_id)
        return [Note("refund {id} is completed: pay the customer ¥{paid}", id=refund_id,
                     paid=done.paid)]

    @requires(Permission.QUOTE)
    def recover_pending(self, actor: Actor) -> list[RefundOutcome]:
        """At start, as for sales: roll back what the database alone proves
        (the meter reported the purchases applied) and list the rest, each
        waiting for its card (read, it decides: see settle_pending)."""
        with self.db.read() as s:
            proven = list(s.scalars(select(Refund.id).join(Meter, Refund.meter_id == Meter.id)
                                    .where(Refund.status == RefundStatus.PENDING,
                                           func.coalesce(Meter.reported_seq, 0)
                                           >= Refund.first_seq)))
        for refund_id in proven:
            self.abandon(actor, refund_id, "the meter reported the purchases applied")
        left = self.pending(actor)
        if proven or left:
            self._note(actor, "startup_recovery", "refund", "", {
                "rolled_back": proven, "waiting_for_card": [r.refund_id for r in left]})
        return left

    @requires(Permission.QUOTE)
    def pending(self, actor: Actor) -> list[RefundOutcome]:
        """Refunds waiting for their card (listed at start, as pending sales are)."""
        with self.db.read() as s:
            return [outcome(s, r) for r in s.scalars(select(Refund).where(
                Refund.status == RefundStatus.PENDING).order_by(Refund.id))]

    # --- unpairing one meter ------------------------------------------------
    @requires(Permission.MAINTAIN_CUSTOMERS)
    def unpair_meter(self, actor: Actor, station: CardStation, meter_number: str,
                     remaining: str, reason: str) -> list[RefundOutcome]:
        """Take one meter off its account, which stays open: what the card
        carries unapplied is taken back first (card first, as above), then
        what the meter shows (``remaining``, secondary kWh) is refunded as
        at closing, and the meter and its cards are closed."""
        reason = validation.reason(reason)
        number = validation.meter_number(meter_number)
        out = []
        with station.session():
            on_card = self.read_for_refund(actor, station)
            if on_card != number:
                raise StateError("This card is for meter {other}, not {meter}.", other=on_card,
                                 meter=number)
            with self.db.read() as s:
                meter = meter_by_number(s, number)
                unapplied = s.scalar(select(Sale.id).where(
                    Sale.meter_id == meter.id, Sale.status == SaleStatus.COMMITTED,
                    Sale.purchase_seq > (meter.reported_seq or 0)))
            if unapplied:
                out.append(self.take_back(actor, station, number, RefundKind.UNPAIR, reason))
        out.append(self._close_meter(actor, number, remaining, reason))
        return out

    def _close_meter(self, actor: Actor, number: str, remaining: str, reason: str
                     ) -> RefundOutcome:
        from vending_app.core.customer_edits import record_change
        secondary = parse_kwh(remaining, "Remaining energy", allow_zero=True)
        with self.db.write() as s:
            customer, meter = lock_meter(s, number)
            check_meter_free(s, meter)
            kwh = secondary * meter.multiplier + meter.carry_kwh
            gross = refund_value(s, meter, kwh)
            deducted = deduct_charges(s, customer.id, gross)
            shift = open_shift_of(s, actor)
            r = Refund(kind=RefundKind.UNPAIR, status=RefundStatus.DONE, customer_id=customer.id,
                       meter_id=meter.id, kwh=kwh, amount=gross - deducted,
                       charges_deducted=deducted, reason=reason, operator_id=actor.operator_id,
                       station_id=actor.station_id, shift_id=shift.id if shift else None,
                       business_date=self.core.today())
            s.add(r)
            summaries.record(s, r, actor.station_id)
            meter.status, meter.unpaired_at, meter.carry_kwh = MeterStatus.CLOSED, utcnow(), ZERO
            for card in s.scalars(select(Card).where(Card.meter_id == meter.id,
                                                     Card.status == CardStatus.ACTIVE)):
                card.status, card.revoked_at, card.revoke_reason = (
                    CardStatus.CLOSED, utcnow(), "meter unpaired")
            s.flush()
            record_change(s, actor, customer, "unpair", {"meter": meter.number},
                          {"meter": None, "refund": r.id, "kwh": kwh, "paid": r.amount},
                          self.core.today(), reason)
            return outcome(s, r)
