"""The card rows kept in the database: issuing and activating a card, the
meter reports cards bring back, and the anomalies they show. Shared by the
counter (card_service) and the field work (fieldwork)."""

from __future__ import annotations

import secrets
from datetime import tzinfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import (
    AnomalyKind,
    Card,
    CardAnomaly,
    CardStatus,
    Customer,
    JobStatus,
    Meter,
    MeterReading,
    MeterReplacement,
)
from db.types import utcnow
from vending_app.core import audit, meter_months
from vending_app.core.actor import Actor
from vending_app.core.card_station import TAMPER_EVENTS, CardIdentity, CardReading, MeterEvent
from vending_app.core.conversion import on_card_kwh
from vending_app.core.errors import Note


def new_card(s: Session, actor: Actor, meter: Meter, customer: Customer) -> Card:
    """The card being issued to ``meter``: an interrupted issue is retried
    with the same serial."""
    cards = s.scalars(select(Card).where(Card.meter_id == meter.id)).all()
    card = next((c for c in cards if c.status == CardStatus.ISSUING), None)
    if card is None:
        card = Card(serial=secrets.token_hex(8), meter_id=meter.id, customer_id=customer.id,
                    status=CardStatus.ISSUING, key_version=meter.key_version,
                    generation=max((c.generation for c in cards), default=0) + 1,
                    issued_by=actor.operator_id)
        s.add(card)
        s.flush()
    return card

def flag(s: Session, actor: Actor, meter_id, card_id, kind: AnomalyKind, detail: Note):
    """Record an anomaly for the analyses, in the audit log too."""
    s.add(CardAnomaly(meter_id=meter_id, card_id=card_id, kind=kind, detail=str(detail),
                      station_code=actor.station_code, operator_id=actor.operator_id))
    audit.append(s, actor, "card_anomaly", "meter", meter_id or "", {"kind": kind.value,
                                                                     "detail": str(detail)})
    return kind, detail


def store_report(s: Session, actor: Actor, meter: Meter, card_id: int | None,
                 reading: CardReading, tz: tzinfo) -> tuple[list, int | None]:
    """Keep the meter's report from a card (a customer's or a tool card) and
    move the meter's known state forward, and the meter's months that line
    loss reads (``tz``: the office's zone); returns the anomalies it shows and
    the stored reading's id."""
    found = []
    if reading.report_torn:  # the next insertion in the meter writes a whole report
        audit.append(s, actor, "card_report_torn", "meter", meter.id,
                     {"detail": str(reading.report_problem)})
    elif reading.report_problem:
        found.append(flag(s, actor, meter.id, card_id, AnomalyKind.FORGED_WRITEBACK,
                          reading.report_problem))
    r = reading.report
    if r is None:
        return found, None
    row = MeterReading(meter_id=meter.id, card_id=card_id, read_at=utcnow(),
                       station_code=actor.station_code,
                       authentic=True, counter=r.counter, last_seq=r.last_seq,
                       remaining_kwh=r.remaining_kwh, cumulative_kwh=r.cumulative_kwh,
                       events=r.events, trips=r.trips, meter_time=r.meter_time,
                       key_version=r.key_version, illegal_cards=r.illegal_cards)
    s.add(row)
    s.flush()
    meter_months.refresh(s, meter.id, row.read_at, tz)
    found += _compare_counter(s, actor, meter, card_id, r)
    found += _event_flags(s, actor, meter, card_id, r)
    return found, row.id

def _compare_counter(s: Session, actor: Actor, meter: Meter, card_id: int | None, r) -> list:
    """A report newer than the last one read moves the meter's known state
    forward; an older one, or one naming a purchase never issued, is flagged."""
    found = []
    if r.counter < meter.writeback_counter:
        # Older than a report already read. After a technician's check card
        # that is expected; older than one this card itself brought is not.
        newer_on_user_card = s.scalar(select(func.count(MeterReading.id)).where(
            MeterReading.meter_id == meter.id, MeterReading.card_id.is_not(None),
            MeterReading.counter > r.counter))
        if card_id is not None and newer_on_user_card:
            found.append(flag(s, actor, meter.id, card_id, AnomalyKind.OLD_WRITEBACK,
                              Note("report {counter} is older than report {known} already "
                                   "read: an old copy of the card?", counter=r.counter,
                                   known=meter.writeback_counter)))
    elif r.counter > meter.writeback_counter:
        if r.last_seq > meter.purchase_seq:
            found.append(flag(s, actor, meter.id, card_id, AnomalyKind.UNKNOWN_SEQUENCE,
                              Note("the meter reports purchase {seq}, this office issued only "
                                   "up to {issued}", seq=r.last_seq, issued=meter.purchase_seq)))
        else:
            meter.reported_seq, meter.reported_remaining_kwh = r.last_seq, r.remaining_kwh
            meter.reported_cumulative_kwh, meter.reported_at = r.cumulative_kwh, utcnow()
            meter.writeback_counter = r.counter
    return found


def _event_flags(s: Session, actor: Actor, meter: Meter, card_id: int | None, r) -> list:
    found = []
    if r.events & TAMPER_EVENTS:
        found.append(flag(s, actor, meter.id, card_id, AnomalyKind.TAMPER_EVENT,
                          Note("tamper events reported (flags {flags})", flags=r.events)))
    if r.events & MeterEvent.REVERSE_CURRENT:
        found.append(flag(s, actor, meter.id, card_id, AnomalyKind.REVERSE_CURRENT,
                          Note("reverse current reported")))
    return found



def card_identity(serial: str, kind: str, meter: Meter, account_no: str, key_version: int,
                  generation: int, station_code: str) -> CardIdentity:
    return CardIdentity(serial, kind, meter.number, account_no, key_version, generation,
                        meter.multiplier,
                        on_card_kwh(meter.low_balance_threshold_kwh, meter.multiplier),
                        station_code, utcnow())


def activate_card(s: Session, actor: Actor, card: Card, reason: str | None) -> None:
    """The card holds what was written: it becomes the meter's card, earlier
    ones stop working, and a meter replacement it belongs to is done."""
    for old in s.scalars(select(Card).where(Card.meter_id == card.meter_id, Card.id != card.id,
                                            Card.status == CardStatus.ACTIVE)):
        old.status, old.revoked_at = CardStatus.REPLACED, utcnow()
        old.revoke_reason = reason or "replaced"
    card.status, card.issued_at = CardStatus.ACTIVE, utcnow()
    job = s.scalar(select(MeterReplacement).where(MeterReplacement.card_id == card.id,
                                                  MeterReplacement.status != JobStatus.DONE))
    if job is not None:
        for old in s.scalars(select(Card).where(Card.meter_id == job.old_meter_id,
                                                Card.status == CardStatus.ACTIVE)):
            old.status, old.revoked_at, old.revoke_reason = (CardStatus.CLOSED, utcnow(),
                                                             "meter replaced")
        job.status, job.done_at = JobStatus.DONE, utcnow()
        audit.append(s, actor, "meter_replace_done", "meter_replacement", job.id,
                     {"card": card.serial})
    action = "card_reissue" if card.generation > 1 and job is None else "card_issue"
    audit.append(s, actor, action, "card", card.id, {
        "serial": card.serial, "meter_id": card.meter_id, "generation": card.generation,
        "reason": reason})
