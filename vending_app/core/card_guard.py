"""Issuing a card never destroys a live one.

Before a customer's or a tool card is personalised, the card in the reader
is probed. A blank card is written without question. A card of this office
that is still a meter's card (active, or an issue that reached the card),
or that carries purchases its meter has not applied, is refused: writing
over it would strand the customer or lose paid energy. The one exception
is the same meter's own customer card being issued again (a reissue, or an
interrupted issue retried): its new record carries every unapplied purchase
the database knows. A foreign or unreadable card is written over only when
the clerk confirms it (``overwrite``). Refusals and overwrites are audited.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from db.models import AuditOutcome, Card, CardStatus, Customer, Meter, MeterStatus
from vending_app.core import audit
from vending_app.core.actor import Actor
from vending_app.core.card_station import CardProbe, CardReading, CardStation
from vending_app.core.errors import StateError

LIVE_STATUSES = (CardStatus.ACTIVE, CardStatus.ISSUING)


class CardInUse(StateError):
    """The card in the reader is a live card of this office: nothing is written."""


class OverwriteNeeded(StateError):
    """The card in the reader is not blank and not ours: the clerk must confirm."""


@dataclass(frozen=True)
class Owner:
    """Whose card of ours is in the reader, and why it must not be lost."""

    meter_number: str
    account_no: str
    customer_name: str
    active: bool  # the meter's current card
    unapplied: int  # purchases on it the meter has not applied


def guard_issue(db, actor: Actor, station: CardStation, purpose: str, target: str,
                own_meter: str | None = None, overwrite: bool = False) -> None:
    """Refuse (raise) unless the card in the reader may be written for
    ``purpose`` (user, check, ...) to meter ``target``. ``own_meter``: the
    meter whose own customer card may be written again."""
    probe = station.probe()
    if probe.contents == "blank":
        return
    detail = {"purpose": purpose, "meter": target, "card": probe.contents}
    if probe.contents == "foreign":
        detail["problem"] = str(probe.problem)
        _foreign(db, actor, probe, detail, overwrite)
        return
    reading = probe.reading
    detail.update(serial=reading.card_serial, kind=reading.kind, of_meter=reading.meter_number)
    if reading.kind == "user" and reading.meter_number == own_meter:
        return  # the same meter's card: its new record keeps every unapplied purchase
    owner = owner_of(db, reading)
    if owner is not None:
        detail.update(active=owner.active, unapplied=owner.unapplied)
        _audit(db, actor, "card_issue_refused", detail, AuditOutcome.DENIED)
        raise refusal(owner)
    _audit(db, actor, "card_overwrite", detail)  # a card of ours no meter needs any more


def _foreign(db, actor: Actor, probe: CardProbe, detail: dict, overwrite: bool) -> None:
    if not overwrite:
        _audit(db, actor, "card_issue_refused", detail, AuditOutcome.DENIED)
        raise OverwriteNeeded("The card in the reader is not blank and is not one of this "
                              "office's cards: {problem} Write over it only if it is not in "
                              "use: confirm to overwrite it.", problem=probe.problem)
    detail["confirmed"] = True
    _audit(db, actor, "card_overwrite", detail)


def owner_of(db, reading: CardReading) -> Owner | None:
    """Whose live card this is, or None when no meter needs it any more."""
    if reading.kind != "user":
        return None
    with db.read() as s:
        card = s.scalar(select(Card).where(Card.serial == reading.card_serial))
        meter = s.scalar(select(Meter).where(Meter.number == reading.meter_number))
        if card is not None and card.status not in LIVE_STATUSES:
            return None  # replaced or closed: the meter refuses it, its purchases moved on
        reported = (meter.reported_seq or 0) if meter else 0
        unapplied = sum(1 for e in reading.entries or () if e.seq > reported)
        active = (card is not None and meter is not None and card.meter_id == meter.id
                  and meter.status == MeterStatus.PAIRED)
        if not (active or unapplied):
            return None
        customer = s.get(Customer, meter.customer_id) if meter and meter.customer_id else None
        return Owner(reading.meter_number, customer.account_no if customer else reading.account_no,
                     customer.name if customer else "", active, unapplied)


def refusal(owner: Owner) -> CardInUse:
    name = owner.customer_name or "-"
    if owner.unapplied:
        if owner.unapplied == 1:
            return CardInUse("This card carries a purchase that meter {meter} has not applied "
                             "(account {account}, {customer}): writing over it would lose it. "
                             "Nothing was written: put a blank card in the reader.",
                             meter=owner.meter_number, account=owner.account_no, customer=name)
        return CardInUse("This card carries {count} purchases that meter {meter} has not "
                         "applied (account {account}, {customer}): writing over it would lose "
                         "them. Nothing was written: put a blank card in the reader.",
                         count=owner.unapplied, meter=owner.meter_number,
                         account=owner.account_no, customer=name)
    return CardInUse("This is the live card of meter {meter} (account {account}, {customer}): "
                     "writing over it would leave the customer without a card. Nothing was "
                     "written: put a blank card in the reader.", meter=owner.meter_number,
                     account=owner.account_no, customer=name)


def _audit(db, actor: Actor, action: str, detail: dict, outcome=AuditOutcome.OK) -> None:
    """In a transaction of its own, so a refusal is recorded though the issue fails."""
    with db.write() as s:
        audit.append(s, actor, action, "meter_number", detail["meter"], detail, outcome)
