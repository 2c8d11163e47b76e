"""What happens when a card is presented at the counter.

Before every sale the card is read and compared with the database: the
meter's report (write-back) is stored, anomalies are recorded for the
analyses, a sale left pending by a failure is settled by what the card
holds, and a damaged or stale purchase record is rewritten from the
database. Cards are issued and reissued through the same station.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from db.models import (
    AnomalyKind,
    Card,
    CardStatus,
    Customer,
    CustomerStatus,
    Meter,
    MeterStatus,
    Refund,
    RefundStatus,
    Sale,
    SaleStatus,
)
from vending_app.core import audit, settings, validation
from vending_app.core.accounts import meter_by_number
from vending_app.core.actor import Actor
from vending_app.core.card_guard import guard_issue
from vending_app.core.card_records import (
    activate_card,
    card_identity,
    flag,
    new_card,
    store_report,
)
from vending_app.core.card_station import (
    CardReading,
    CardStation,
    MeterReport,
    PurchaseEntry,
    PurchaseOrder,
)
from vending_app.core.errors import Conflict, Note, NotFound, StateError
from vending_app.core.permissions import Permission, requires
from vending_app.core.sale_inputs import unapplied_rows
from vending_app.core.sales import SaleRequest, SaleResult, record_order
from vending_app.core.service import Service

GATING = {AnomalyKind.OLD_WRITEBACK, AnomalyKind.UNKNOWN_SEQUENCE, AnomalyKind.FORGED_WRITEBACK}


@dataclass(frozen=True)
class CardCheck:
    card_serial: str
    account_no: str
    customer_name: str
    meter_number: str
    multiplier: int
    report: MeterReport | None
    anomalies: tuple[tuple[AnomalyKind, Note], ...]  # details in the operator's words
    settled: tuple[Note, ...]
    rewritten: bool
    chip: str = "cpu"  # the kind of card: cpu | sle4442 | sle4428
    notes: tuple[Note, ...] = ()  # what the clerk should know, not a problem (a torn report)

    @property
    def gating(self) -> list[Note]:
        return [text for kind, text in self.anomalies if kind in GATING]


@dataclass(frozen=True)
class _Books:
    """What the books say of the card's meter, read in the transaction that
    stores the card's reading: on the usual read (nothing pending, the card
    up to date) the steps after it need no transaction of their own. A step
    that changes the books (a settled sale or refund) makes the later steps
    read them again."""
    meter_id: int
    reported_seq: int
    key_version: int
    pending_sale: bool
    pending_refund: bool
    order: PurchaseOrder
    customer_name: str
    unapplied: int
    allow_any_anomaly: bool
    allow_unapplied: bool


class CardService(Service):
    # --- reading and reconciling ---------------------------------------------
    @requires(Permission.QUOTE)
    def present(self, actor: Actor, station: CardStation) -> CardCheck:
        return self._present(actor, station)[0]

    def _present(self, actor: Actor, station: CardStation) -> tuple[CardCheck, _Books]:
        with station.session():
            reading = station.read()
            anomalies, books = self._reconcile(actor, reading)
            # A suspicious card is left as it is: it is the evidence.
            suspicious = any(kind in GATING for kind, _ in anomalies)
            settled = self._settle_pending(actor, reading, station, suspicious) \
                if books.pending_sale else []
            if books.pending_refund:
                settled += self.core.refunds.settle_pending(actor, reading, station, suspicious)
            if settled:  # the books moved on: what they said before is stale
                books = self._books_now(actor, reading)
            rewritten = False if suspicious else (
                reading.key_version < books.key_version and self._rekey(actor, reading, station)
                or self._rewrite_if_stale(actor, reading, station, books))
            if reading.report is not None and not (suspicious or rewritten):
                self._clear_report(actor, reading, station)
            if books.unapplied:
                anomalies.append(self._flag(actor, books.meter_id, None,
                                            AnomalyKind.UNAPPLIED_PURCHASE,
                                            Note("1 purchase not yet applied at the meter")
                                            if books.unapplied == 1 else
                                            Note("{count} purchases not yet applied at the meter",
                                                 count=books.unapplied)))
            return CardCheck(reading.card_serial, reading.account_no, books.customer_name,
                             reading.meter_number, reading.multiplier, reading.report,
                             tuple(anomalies), tuple(settled), rewritten, reading.chip,
                             (reading.report_problem,) if reading.report_torn else ()), books

    def _books_now(self, actor: Actor, reading: CardReading) -> _Books:
        with self.db.read() as s:
            return _books(s, actor, meter_by_number(s, reading.meter_number))

    def _flag(self, actor: Actor, meter_id, card_id, kind: AnomalyKind, detail: Note):
        with self.db.write() as s:
            flag(s, actor, meter_id, card_id, kind, detail)
        return kind, detail

    @staticmethod
    def _card_and_meter(s, actor: Actor, reading: CardReading):
        """The card read and its meter (locked), as this office issued them,
        and why a sale must be refused (a card that was replaced, or whose
        meter sells no more), if it must: what it showed is recorded first."""
        card = s.scalar(select(Card).where(Card.serial == reading.card_serial))
        meter = s.scalar(select(Meter).where(Meter.number == reading.meter_number)
                         .with_for_update())
        if card is None or meter is None or card.meter_id != meter.id:
            raise NotFound("This card was not issued by this office for meter {meter}.",
                           meter=reading.meter_number)
        if card.status == CardStatus.ISSUING:
            # Its identity authenticated: the interrupted issue reached the card.
            activate_card(s, actor, card, "an interrupted issue was completed")
        if card.status == CardStatus.REPLACED:
            flag(s, actor, meter.id, card.id, AnomalyKind.REPLACED_CARD,
                 Note("card {serial} (replaced) was presented", serial=card.serial))
            audit.append(s, actor, "card_read", "card", card.id, {"refused": "replaced"})
            return card, meter, StateError(
                "This card was replaced by a newer one and no longer works in the meter: ask "
                "for the customer's current card.")
        if meter.status != MeterStatus.PAIRED or card.status != CardStatus.ACTIVE:
            return card, meter, StateError("This card's meter {meter} is {status}: no sales.",
                                           meter=meter.number, status=meter.status.value)
        return card, meter, None

    def _reconcile(self, actor: Actor, reading: CardReading) -> tuple[list, _Books]:
        """Check the card against the books and store what it reports: one
        transaction (a refusal commits what the card showed, then is raised)."""
        if reading.kind != "user":
            raise StateError("This is a {kind} card, not a customer's card: read it under "
                             "Maintenance, tool cards.", kind=reading.kind.replace("_", "-"))
        with self.db.write() as s:
            card, meter, refused = self._card_and_meter(s, actor, reading)
            if not refused:
                found = self._store_reading(s, actor, card, meter, reading,
                                            self.core.clock().tzinfo)
                return found, _books(s, actor, meter)
        raise refused

    @staticmethod
    def _store_reading(s, actor: Actor, card: Card, meter: Meter, reading: CardReading,
                       tz) -> list:
        found, _ = store_report(s, actor, meter, card.id, reading, tz)
        if reading.record_problem:
            found.append(flag(s, actor, meter.id, card.id, AnomalyKind.BAD_RECORD,
                              reading.record_problem))
        if reading.entries and reading.entries[-1].seq > meter.purchase_seq:
            found.append(flag(
                s, actor, meter.id, card.id, AnomalyKind.UNKNOWN_SEQUENCE,
                Note("the card holds purchase {seq}, this office issued only up to {issued}",
                     seq=reading.entries[-1].seq, issued=meter.purchase_seq)))
        r = reading.report
        audit.append(s, actor, "card_read", "card", card.id, {
            "meter": meter.number, "report": r.counter if r else None,
            "entries": [e.seq for e in reading.entries or ()]})
        return found

    def _settle_pending(self, actor: Actor, reading: CardReading, station: CardStation,
                        suspicious: bool) -> list[Note]:
        """A sale left pending is committed: at once if the card (or the
        meter's report) shows it, else after writing it onto this card.

        It is never abandoned on a card's word: the write may have reached
        another card (an older copy of this one shows no trace of it), and
        that card would then credit energy the books do not hold as sold.
        Writing the same purchase onto this card too is harmless: the meter
        applies a sequence once. A suspicious card is not written to (it is
        the evidence); the sale waits for the customer's current card."""
        with self.db.read() as s:
            meter = meter_by_number(s, reading.meter_number)
            pending = s.scalar(select(Sale).where(Sale.meter_id == meter.id,
                                                  Sale.status == SaleStatus.PENDING))
            if pending is None:
                return []
            on_card = any(e.seq == pending.purchase_seq and e.secondary_kwh == pending.secondary_kwh
                          for e in reading.entries or ())
            applied = (meter.reported_seq or 0) >= pending.purchase_seq
            sale_id, seq, total = pending.id, pending.purchase_seq, pending.total_amount
            order = None if on_card or applied else record_order(
                s, meter, s.get(Customer, meter.customer_id), actor.station_code, sale_id)
        if order is None:
            result = self.core.sales.commit(actor, sale_id)
            return [Note("purchase {seq} was on the card: committed as receipt {receipt}",
                         seq=seq, receipt=result.receipt_no)]
        if suspicious:
            return [Note("purchase {seq} is not settled: this card shows a problem, so nothing "
                         "was written to it; the customer's current card settles it", seq=seq)]
        # Straight to the card: a failure here leaves the sale pending (the
        # first write may still have reached another card).
        station.write_purchase(order)
        result = self.core.sales.commit(actor, sale_id)
        self._note(actor, "sale_completed_on_read", "sale", sale_id, {"seq": seq})
        return [Note("purchase {seq} had not reached the card: it is written now and committed "
                     "as receipt {receipt} (¥{total}; collect it if it was not paid)",
                     seq=seq, receipt=result.receipt_no, total=total)]

    def _clear_report(self, actor: Actor, reading: CardReading, station: CardStation) -> None:
        """The meter's report is in the books (``_reconcile`` committed it):
        mark it read on the card. The meter refuses a card whose report the
        office has not read, so a sale torn after its record reached the card
        but before the report was cleared left a paid purchase stranded."""
        station.clear_report()
        self._note(actor, "card_report_cleared", "meter_number", reading.meter_number,
                   {"seq": reading.report.last_seq})

    def _rewrite_if_stale(self, actor: Actor, reading: CardReading, station: CardStation,
                          books: _Books) -> bool:
        order = books.order
        on_card = set(reading.entries or ())
        reported = books.reported_seq
        missing = [e for e in order.entries if e not in on_card]
        # Entries the meter already applied are harmless (it ignores them);
        # anything else the database does not expect must go.
        unexpected = [e for e in on_card if e.seq > reported and e not in order.entries]
        if not (reading.record_problem or missing or unexpected):
            return False
        station.write_purchase(order)
        self._note(actor, "card_record_rewrite", "meter", books.meter_id,
                   {"entries": [e.seq for e in order.entries]})
        return True

    # --- selling on a card ---------------------------------------------------
    @requires(Permission.SELL)
    def sell(self, actor: Actor, station: CardStation, kwh=None, amount=None, tendered=None,
             request_key: str | None = None) -> tuple[CardCheck, SaleResult]:
        """Read the card, reconcile, then sell to the card's own meter."""
        with station.session():
            check, books = self._present(actor, station)
            if check.gating and not books.allow_any_anomaly:
                raise StateError("The card shows a problem: {problems}. The sale is refused; an "
                                 "administrator can review it.", problems="; ".join(check.gating))
            if not books.allow_unapplied and any(k == AnomalyKind.UNAPPLIED_PURCHASE
                                           for k, _ in check.anomalies):
                raise StateError("The meter has not applied the last purchase: the customer must "
                                 "insert the card in the meter first.")
            extra = {"request_key": request_key} if request_key else {}
            request = SaleRequest(check.meter_number, kwh=kwh, amount=amount, tendered=tendered,
                                  **extra)
            return check, self.core.sales.sell(actor, request, station)

    # --- issuing cards --------------------------------------------------------
    @requires(Permission.PAIR_METER)
    def issue_card(self, actor: Actor, meter_number: str, station: CardStation,
                   overwrite: bool = False) -> str:
        """``overwrite``: the clerk confirmed writing over a foreign card."""
        return self._issue(actor, meter_number, station, None, overwrite)

    @requires(Permission.REISSUE_CARD)
    def reissue_card(self, actor: Actor, meter_number: str, station: CardStation,
                     reason: str, overwrite: bool = False) -> str:
        return self._issue(actor, meter_number, station, validation.reason(reason), overwrite)

    def _issue(self, actor: Actor, meter_number: str, station: CardStation,
               reissue_reason: str | None, overwrite: bool) -> str:
        # One hold on the card from the probe to the write: no swap in between.
        with station.session(open_file=False):
            guard_issue(self.db, actor, station, "user", meter_number, own_meter=meter_number,
                        overwrite=overwrite)
            identity, order, card_id = self._prepare_issue(actor, meter_number, reissue_reason)
            station.issue(identity, order)
        with self.db.write() as s:
            card = s.get(Card, card_id, with_for_update=True)
            activate_card(s, actor, card, reissue_reason)
            return card.serial

    def _prepare_issue(self, actor: Actor, meter_number: str, reissue_reason: str | None):
        with self.db.write() as s:
            meter = meter_by_number(s, meter_number, lock=True)
            customer = s.get(Customer, meter.customer_id) if meter.customer_id else None
            if meter.status != MeterStatus.PAIRED or customer is None \
                    or customer.status != CustomerStatus.OPEN:
                raise StateError("Meter {n} is not paired to an open account.", n=meter.number)
            cards = s.scalars(select(Card).where(Card.meter_id == meter.id)).all()
            active = [c for c in cards if c.status == CardStatus.ACTIVE]
            if active and reissue_reason is None:
                raise Conflict("Meter {n} already has card {serial}: reissue it if it was lost.",
                               n=meter.number, serial=active[0].serial)
            if not active and reissue_reason is not None:
                raise StateError("Meter {n} has no card to replace: issue a first card.",
                                 n=meter.number)
            card = new_card(s, actor, meter, customer)
            identity = card_identity(card.serial, "user", meter, customer.account_no,
                                     card.key_version, card.generation, actor.station_code)
            return identity, record_order(s, meter, customer, actor.station_code, None), card.id

    def _rekey(self, actor: Actor, reading: CardReading, station: CardStation) -> bool:
        """The meter moved to a newer key (a key-change card): the customer's
        card follows, same serial and generation, record sealed anew."""
        with self.db.read() as s:
            meter = meter_by_number(s, reading.meter_number)
            if reading.key_version >= meter.key_version:
                return False
            customer = s.get(Customer, meter.customer_id)
            card = s.scalar(select(Card).where(Card.serial == reading.card_serial))
            identity = card_identity(card.serial, "user", meter, customer.account_no,
                                     meter.key_version, card.generation, actor.station_code)
            order = record_order(s, meter, customer, actor.station_code, None)
        station.issue(identity, order)
        with self.db.write() as s:
            card = s.get(Card, card.id, with_for_update=True)
            card.key_version = meter.key_version
            audit.append(s, actor, "card_rekey", "card", card.id, {
                "serial": card.serial, "from": reading.key_version, "to": meter.key_version})
        return True


def _books(s, actor: Actor, meter: Meter) -> _Books:
    customer = s.get(Customer, meter.customer_id) if meter.customer_id else None
    pending_sale = s.scalar(select(Sale.id).where(Sale.meter_id == meter.id,
                                                  Sale.status == SaleStatus.PENDING))
    pending_refund = s.scalar(select(Refund.id).where(Refund.meter_id == meter.id,
                                                      Refund.status == RefundStatus.PENDING))
    rows = unapplied_rows(s, meter)  # one read: the card's record and the count
    order = record_order(s, meter, customer, actor.station_code, None,
                         [PurchaseEntry(seq, kwh) for seq, kwh, _ in rows]) if customer else None
    unapplied = sum(status == SaleStatus.COMMITTED for _, _, status in rows)
    return _Books(
        meter.id, meter.reported_seq or 0, meter.key_version, pending_sale is not None,
        pending_refund is not None, order, customer.name if customer else "", unapplied,
        settings.read(s, "sale.allow_on_card_anomaly", actor.station_code),
        settings.read(s, "sale.allow_unapplied_purchase", actor.station_code))
