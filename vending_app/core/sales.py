"""Selling energy (售电): quote, reserve, write the card, commit; reversals.

The sale crosses two stores that fail independently, the card and the
database, so it goes in steps (see shared architecture notes):

1. reserve: in one transaction, lock the customer and meter, price the
   purchase, take the meter's next purchase sequence and carry, record the
   sale as PENDING with all its lines;
2. write the purchase to the card (outside any transaction) and verify it;
3. commit: give the sale its gap-free receipt number and mark it COMMITTED.

A failure between 1 and 3 leaves a PENDING sale that says exactly what the
card may hold. It is never abandoned on a card's word (an older copy of the
card would then turn the purchase into free energy): the next time a card of
that meter is read, the purchase is written onto it if it is not there
already, and committed. Only a write that failed before a byte was sent
abandons the sale at once. A resubmitted request with the same key returns
the first sale.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.models import (
    Charge,
    Customer,
    LineKind,
    Meter,
    MeterStatus,
    Operator,
    Refund,
    RefundStatus,
    Sale,
    SaleKind,
    SaleLine,
    SaleStatus,
    Shift,
    ShiftStatus,
    Station,
)
from db.types import utcnow
from vending_app.core import audit, faults, settings, summaries
from vending_app.core.accounts import meter_by_number, open_shift_of
from vending_app.core.actor import Actor
from vending_app.core.card_station import (
    MAX_ENTRIES,
    CardUntouched,
    CardWriteError,
    CardWriter,
    PurchaseEntry,
    PurchaseOrder,
)
from vending_app.core.errors import (
    HeldElsewhere,
    LimitExceeded,
    NotFound,
    StateError,
    ValidationError,
)
from vending_app.core.money import KWH_UNIT, ZERO, parse_kwh, parse_money
from vending_app.core.permissions import Permission, requires
from vending_app.core.quote import Quote, quote_kwh, quote_money
from vending_app.core.reversals import ReversalsMixin
from vending_app.core.sale_inputs import (  # noqa: F401 - also imported from here
    billing_year_start,
    check_open,
    credit_cap,
    energy_only_quote,
    live,
    quote_inputs,
    record_order,
    unapplied_entries,
)
from vending_app.core.sale_types import PendingSale, SaleRequest, SaleResult  # noqa: F401
from vending_app.core.service import Service


def _pending_sale(key: str, kind: SaleKind, actor: Actor, shift: Shift | None,
                  customer: Customer, meter: Meter, q: Quote, seq: int, tendered: Decimal,
                  today: date) -> Sale:
    """The sale as it is journalled before its card is written."""
    return Sale(
        request_key=key, kind=kind, status=SaleStatus.PENDING,
        station_id=actor.station_id, operator_id=actor.operator_id,
        shift_id=shift.id if shift else None, customer_id=customer.id,
        meter_id=meter.id, tariff_version_id=q.plan.version_id if q.plan else None,
        purchase_seq=seq, multiplier=meter.multiplier, primary_kwh=q.primary_kwh,
        tier_kwh=q.tier_kwh, flat_kwh=q.flat_kwh,
        adjustment_kwh=q.primary_kwh if kind == SaleKind.ADJUSTMENT else ZERO,
        secondary_kwh=q.secondary_kwh, carry_in_kwh=q.carry_in, carry_out_kwh=q.carry_out,
        energy_amount=q.energy_amount, fixed_charge=q.fixed_charge,
        recovered_amount=q.recovered_amount, total_amount=q.total, tendered=tendered,
        change=tendered - q.total, business_date=today,
    )


class SalesService(ReversalsMixin, Service):
    # --- looking up -------------------------------------------------------
    def _customer_meter(self, s: Session, meter_number: str, lock: bool) -> tuple[Customer, Meter]:
        meter = meter_by_number(s, meter_number)
        if meter.customer_id is None or meter.status != MeterStatus.PAIRED:
            raise StateError("Meter {number} is {status}: it cannot be sold to.",
                             number=meter.number, status=meter.status.value)
        q = select(Customer).where(Customer.id == meter.customer_id)
        customer = s.scalar(q.with_for_update() if lock else q)
        if lock:  # customer first, then meter: one lock order everywhere
            meter = s.scalar(select(Meter).where(Meter.id == meter.id).with_for_update())
        check_open(customer)
        return customer, meter

    def _price(self, s: Session, customer: Customer, meter: Meter, kwh, amount) -> Quote:
        if (kwh is None) == (amount is None):
            raise ValidationError("Enter either the energy (kWh) or the amount (yuan), not both.")
        inputs = quote_inputs(s, customer, meter, self.core.today(), self.core.station_code)
        if kwh is not None:
            return quote_kwh(inputs, parse_kwh(kwh))
        return quote_money(inputs, parse_money(amount))

    @requires(Permission.QUOTE)
    def quote(self, actor: Actor, meter_number: str, kwh=None, amount=None) -> Quote:
        with self.db.read() as s:
            customer, meter = self._customer_meter(s, meter_number, lock=False)
            return self._price(s, customer, meter, kwh, amount)

    # --- selling ----------------------------------------------------------
    @requires(Permission.SELL)
    def sell(self, actor: Actor, request: SaleRequest, card: CardWriter) -> SaleResult:
        try:
            done, reserved = self._reserve_unless_done(actor, request)
        except IntegrityError:
            # The same request raced us to the reservation: theirs stands.
            done, reserved = self.find_by_request(request.request_key), None
            if done is None:
                raise
        if done is not None:
            return done
        sale_id, order = reserved
        faults.point("after_reserve")
        self.write_card(actor, sale_id, order, card)
        faults.point("after_card_write")
        result = self.commit(actor, sale_id)
        faults.point("after_commit")
        return result

    def _reserve_unless_done(self, actor: Actor, request: SaleRequest
                             ) -> tuple[SaleResult | None, tuple[int, PurchaseOrder] | None]:
        """A request already sold returns its first sale; else it is reserved.
        One transaction: a sale's first step asks the database once."""
        with self.db.write() as s:
            done = s.scalar(select(Sale).where(Sale.request_key == request.request_key))
            if done is not None:
                return self._replayed(s, done), None
            return None, self._reserve(s, actor, request, SaleKind.SALE, None)

    def write_card(self, actor: Actor, sale_id: int, order: PurchaseOrder, card: CardWriter):
        try:
            card.write_purchase(order)
        except CardWriteError as e:
            with self.db.write() as s:
                audit.append(s, actor, "sale_card_write_failed", "sale", sale_id,
                             {"seq": order.purchase_seq, "error": str(e)},
                             audit.AuditOutcome.FAILED)
            if isinstance(e, CardUntouched):
                # Not a byte of the record left the station: no card, nor any
                # copy of one, can hold this purchase, so its sequence is free.
                self.abandon(actor, sale_id, f"the card write never started: {e}")
            raise

    def find_by_request(self, request_key: str) -> SaleResult | None:
        with self.db.read() as s:
            sale = s.scalar(select(Sale).where(Sale.request_key == request_key))
            return None if sale is None else self._replayed(s, sale)

    def _replayed(self, s: Session, sale: Sale) -> SaleResult:
        if sale.status == SaleStatus.PENDING:
            raise StateError("This sale is still pending: put the card back so the station "
                             "can settle it.")
        if sale.status != SaleStatus.COMMITTED:
            raise StateError("This request was {status}; start a new sale.",
                             status=sale.status.value)
        return self._result(s, sale, replayed=True)

    def reserve(self, actor: Actor, request: SaleRequest,
                kind: SaleKind = SaleKind.SALE, energy: Decimal | None = None
                ) -> tuple[int, PurchaseOrder]:
        """Step 1: journal the intent; returns the sale id and what to write."""
        with self.db.write() as s:
            return self._reserve(s, actor, request, kind, energy)

    def _reserve(self, s: Session, actor: Actor, request: SaleRequest, kind: SaleKind,
                 energy: Decimal | None) -> tuple[int, PurchaseOrder]:
        sale, customer, meter, entries = self._reserved(s, actor, request, kind, energy)
        return sale.id, record_order(s, meter, customer, actor.station_code, sale.id, entries)

    def reserve_in(self, s: Session, actor: Actor, request: SaleRequest,
                   kind: SaleKind = SaleKind.SALE, energy: Decimal | None = None) -> Sale:
        """Reserve inside the caller's transaction (a meter replacement
        reserves the transfer with everything else it changes)."""
        return self._reserved(s, actor, request, kind, energy)[0]

    def _reserved(self, s: Session, actor: Actor, request: SaleRequest, kind: SaleKind,
                  energy: Decimal | None
                  ) -> tuple[Sale, Customer, Meter, list[PurchaseEntry]]:
        """The sale journalled, with its customer and meter as locked (held
        here: the session keeps unchanged rows only while they are used),
        and the purchases the meter's card must now carry, this one last."""
        key = str(request.request_key)
        if not 8 <= len(key) <= 64:
            raise ValidationError("The request key must be 8-64 characters.")
        shift = open_shift_of(s, actor)
        if shift is None and kind == SaleKind.SALE:
            raise no_shift(s, actor)
        customer, meter = self._customer_meter(s, request.meter_number, lock=True)
        self._check_not_held(s, actor, meter)
        if kind == SaleKind.SALE:
            q = self._price(s, customer, meter, request.kwh, request.amount)
            self._check_limits(s, actor, meter, shift, q)
        else:
            q = energy_only_quote(meter, energy)
        tendered = self._tendered(request, q)
        seq = meter.purchase_seq + 1
        entries = unapplied_entries(s, meter)
        if len(entries) >= MAX_ENTRIES:
            raise StateError("The card already carries {n} purchases the meter has not "
                             "applied: the customer must insert it in the meter first.",
                             n=MAX_ENTRIES)
        sale = _pending_sale(key, kind, actor, shift, customer, meter, q, seq, tendered,
                             self.core.today())
        sale.lines = list(self._lines(q))
        s.add(sale)
        meter.purchase_seq, meter.carry_kwh = seq, q.carry_out
        for r in q.recoveries:
            charge = s.get(Charge, r.charge_id, with_for_update=True)
            charge.outstanding -= r.amount
        s.flush()
        audit.append(s, actor, "sale_reserve", "sale", sale.id, {
            "kind": kind.value, "meter": meter.number, "seq": seq, "kwh": q.primary_kwh,
            "secondary": q.secondary_kwh, "total": q.total, "key": key})
        # As the database gives it back: 2 places (more would not have bound).
        return sale, customer, meter, [*entries, PurchaseEntry(seq, sale.secondary_kwh.quantize(
            KWH_UNIT))]

    @staticmethod
    def _check_not_held(s: Session, actor: Actor, meter: Meter) -> None:
        """A pending sale holds the meter's next purchase sequence until the
        card is settled. The meter's row lock (taken above) makes the check
        and the reservation one step, so two counters can never both pass;
        the one that comes second is told who holds the meter."""
        if s.scalar(select(Refund.id).where(Refund.meter_id == meter.id,
                                            Refund.status == RefundStatus.PENDING)):
            raise StateError("A refund from meter {number} is not settled yet: read the card "
                             "first.", number=meter.number)
        row = s.execute(select(Sale.purchase_seq, Sale.created_at, Station.code, Operator.login)
                        .join(Station, Sale.station_id == Station.id)
                        .outerjoin(Operator, Sale.operator_id == Operator.id)
                        .where(Sale.meter_id == meter.id, Sale.status == SaleStatus.PENDING)).first()
        if row is None:
            return
        seq, since, station, login = row
        if station == actor.station_code:
            raise StateError(
                "Purchase {seq} to meter {number} is not settled yet: read the card first.",
                seq=seq, number=meter.number)
        raise HeldElsewhere(
            "Meter {number} is held by station {station} (operator {login}) since {since} "
            "UTC: it is writing purchase {seq} to the card. Wait until it is done; if that "
            "station stopped, put the card in this reader to settle the purchase.",
            number=meter.number, station=station, login=login, seq=seq,
            since=since.strftime("%H:%M:%S"))

    @staticmethod
    def _tendered(request: SaleRequest, q: Quote) -> Decimal:
        if request.tendered is None:
            return q.total
        tendered = parse_money(request.tendered, "Cash tendered", allow_zero=True)
        if tendered < q.total:
            raise ValidationError("Cash tendered {tendered} is less than the total {total}.",
                                  tendered=tendered, total=q.total)
        return tendered

    @staticmethod
    def _lines(q: Quote):
        pos = 0
        if q.flat_kwh:
            yield SaleLine(position=pos, kind=LineKind.FLAT, description="flat-price energy",
                           kwh=q.flat_kwh, price=q.flat_price, amount=q.flat_amount)
            pos += 1
        for line in q.tier_lines:
            yield SaleLine(position=pos, kind=LineKind.TIER, description=f"tier {line.tier_index + 1}",
                           kwh=line.kwh, price=line.price, amount=line.amount,
                           tier_index=line.tier_index)
            pos += 1
        if q.fixed_charge:
            yield SaleLine(position=pos, kind=LineKind.FIXED_CHARGE, description="monthly charge",
                           amount=q.fixed_charge)
            pos += 1
        for r in q.recoveries:
            yield SaleLine(position=pos, kind=LineKind.RECOVERY, description=r.description,
                           amount=r.amount, charge_id=r.charge_id)
            pos += 1

    def _check_limits(self, s: Session, actor: Actor, meter: Meter, shift: Shift, q: Quote):
        p = lambda key: settings.read(s, key, actor.station_code)  # noqa: E731
        if q.total < p("sale.min_amount"):
            raise LimitExceeded("A sale must be at least {minimum} yuan; this one is {total}.",
                                minimum=p("sale.min_amount"), total=q.total)
        if q.total > p("sale.max_amount"):
            raise LimitExceeded("A sale may be at most {maximum} yuan; this one is {total}.",
                                maximum=p("sale.max_amount"), total=q.total)
        if q.primary_kwh > p("sale.max_kwh"):
            raise LimitExceeded("A sale may credit at most {maximum} kWh; this one is {kwh}.",
                                maximum=p("sale.max_kwh"), kwh=q.primary_kwh)
        cap = credit_cap(s, meter, actor.station_code)
        if cap > 0:
            held = self._credit_held(s, meter)
            if held + q.primary_kwh > cap:
                raise LimitExceeded(
                    "Meter {number} may hold at most {cap} kWh; it holds about {held} kWh, so at "
                    "most {room} kWh can be sold now.", number=meter.number, cap=cap, held=held,
                    room=max(ZERO, cap - held))
        limit = p("shift.vending_limit")
        if limit > 0:
            taken = s.scalar(select(func.coalesce(func.sum(Sale.total_amount), 0)).where(
                Sale.shift_id == shift.id, live(Sale.status)))
            if taken + q.total > limit:
                raise LimitExceeded(
                    "This shift may take at most {limit} yuan; {taken} taken so far. Close the "
                    "shift and hand over the cash first.", limit=limit, taken=taken)

    @staticmethod
    def _credit_held(s: Session, meter: Meter) -> Decimal:
        """Primary kWh the meter holds: its last report plus purchases since."""
        reported = (meter.reported_remaining_kwh or ZERO) * meter.multiplier
        since = s.scalar(select(func.coalesce(func.sum(Sale.primary_kwh), 0)).where(
            Sale.meter_id == meter.id, live(Sale.status),
            Sale.purchase_seq > (meter.reported_seq or 0)))
        return reported + since

    def commit(self, actor: Actor, sale_id: int) -> SaleResult:
        """Step 3: the card holds the purchase; the sale and its cash count."""
        with self.db.write() as s:
            sale = s.get(Sale, sale_id, with_for_update=True)
            if sale.status == SaleStatus.COMMITTED:
                return self._result(s, sale, replayed=True)
            if sale.status != SaleStatus.PENDING:
                raise StateError("Sale {id} is {status} and cannot be committed.",
                                 id=sale_id, status=sale.status.value)
            station = s.get(Station, sale.station_id, with_for_update=True)
            sale.receipt_no = f"{station.code}-{station.next_receipt_no:08d}"
            station.next_receipt_no += 1
            sale.status, sale.committed_at = SaleStatus.COMMITTED, utcnow()
            summaries.record(s, sale, actor.station_id)
            audit.append(s, actor, "sale_commit", "sale", sale.id, {
                "receipt": sale.receipt_no, "seq": sale.purchase_seq, "total": sale.total_amount,
                "tendered": sale.tendered, "change": sale.change})
            return self._result(s, sale)

    def abandon(self, actor: Actor, sale_id: int, evidence: str) -> None:
        """The card proved not to hold the purchase: release the sequence."""
        with self.db.write() as s:
            sale = s.get(Sale, sale_id, with_for_update=True)
            if sale.status != SaleStatus.PENDING:
                raise StateError("Sale {id} is {status}, not pending.", id=sale_id,
                                 status=sale.status.value)
            self._unwind(s, sale)
            sale.status = SaleStatus.ABANDONED
            audit.append(s, actor, "sale_abandon", "sale", sale.id,
                         {"seq": sale.purchase_seq, "evidence": evidence})

    def _unwind(self, s: Session, sale: Sale) -> None:
        """Give back the sequence, the carry and the recovered charges."""
        meter = s.get(Meter, sale.meter_id, with_for_update=True)
        if meter.purchase_seq != sale.purchase_seq:
            raise StateError("Only the meter's latest purchase can be undone.")
        meter.purchase_seq, meter.carry_kwh = sale.purchase_seq - 1, sale.carry_in_kwh
        for line in sale.lines:
            if line.kind == LineKind.RECOVERY:
                s.get(Charge, line.charge_id, with_for_update=True).outstanding += line.amount

    def pending_sales(self) -> list[int]:
        with self.db.read() as s:
            return list(s.scalars(select(Sale.id).where(Sale.status == SaleStatus.PENDING)))

    @requires(Permission.QUOTE)
    def recover_pending(self, actor: Actor) -> list[PendingSale]:
        """At start: settle what the database alone proves (the meter has
        reported the purchase applied, so the card held it) and list the
        rest: each needs its card back in the reader to be settled."""
        with self.db.read() as s:
            proven = list(s.scalars(select(Sale.id).join(Meter, Sale.meter_id == Meter.id).where(
                Sale.status == SaleStatus.PENDING,
                func.coalesce(Meter.reported_seq, 0) >= Sale.purchase_seq)))
        for sale_id in proven:
            self.commit(actor, sale_id)
        with self.db.read() as s:
            rows = s.execute(select(Sale, Meter.number, Customer.account_no, Customer.name)
                             .join(Meter, Sale.meter_id == Meter.id)
                             .join(Customer, Sale.customer_id == Customer.id)
                             .where(Sale.status == SaleStatus.PENDING).order_by(Sale.id)).all()
            left = [PendingSale(sale.id, sale.kind.value, number, account, name,
                                sale.purchase_seq, sale.total_amount, sale.created_at)
                    for sale, number, account, name in rows]
        if proven or left:
            self._note(actor, "startup_recovery", "sale", "", {
                "committed": proven, "waiting_for_card": [p.sale_id for p in left]})
        return left

    def _result(self, s: Session, sale: Sale, replayed: bool = False) -> SaleResult:
        from vending_app.core.receipt_data import quote_of_sale
        return SaleResult(sale.id, sale.receipt_no, sale.purchase_seq, quote_of_sale(s, sale),
                          sale.tendered, sale.change, replayed)


def no_shift(s: Session, actor: Actor) -> StateError:
    """Why this seller cannot sell without an open shift: none was opened,
    or the last one's count waits for an administrator's approval."""
    waiting = s.scalar(select(Shift.id).where(
        Shift.operator_id == actor.operator_id, Shift.station_id == actor.station_id,
        Shift.status == ShiftStatus.CLOSING))
    if waiting is not None:
        return StateError("Shift {shift} waits for an administrator to approve its cash count: "
                          "no sales until they do. Then open a new shift with F7.", shift=waiting)
    return StateError("Open a shift before selling.")


def sale_by_receipt(s: Session, receipt_no: str) -> Sale:
    sale = s.scalar(select(Sale).where(Sale.receipt_no == receipt_no))
    if sale is None:
        raise NotFound("No sale with receipt {receipt}.", receipt=receipt_no)
    return sale

