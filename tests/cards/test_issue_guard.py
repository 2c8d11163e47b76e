"""Issuing a card never destroys a live one (real PC/SC stack): a card of
this office that a meter still needs is refused, a foreign card is written
over only when the clerk confirms, a blank card is issued without question,
and the same meter's card can still be reissued."""

from datetime import UTC, datetime
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from cards import crypto
from cards.keyring import KeyRing
from cards.station import PcscCardStation
from cards.virtual_card import MF, CardImage
from db.models import AuditEvent, AuditOutcome, Card, CardStatus, Meter, ToolCard
from tests.cards.conftest import make_meter
from tests.conftest import open_customer
from vending_app.core.card_guard import CardInUse, OverwriteNeeded
from vending_app.core.card_station import CardIdentity

M1, M2 = "000000000001", "000000000002"


@pytest.fixture
def counter(office, slot, station, blank_card, keys, tmp_path):
    """Meter 1's card in the reader with three paid purchases the meter has
    not applied; meter 2 paired and waiting for its first card."""
    open_customer(office, M1, name="Li Lei")
    slot.insert(blank_card)
    office.core.cards.issue_card(office.clerk, M1, station)
    office.core.shifts.open(office.seller, "100.00")
    for kwh in ("10", "15", "20"):
        office.core.cards.sell(office.seller, station, kwh=kwh)
    open_customer(office, M2, name="Han Meimei")
    return office, make_meter(keys, M1, tmp_path)


def events(office, action: str) -> list[AuditEvent]:
    with office.core.db.read() as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def cards_of(office, number: str) -> list[Card]:
    with office.core.db.read() as s:
        return list(s.scalars(select(Card).join(Meter).where(Meter.number == number)))


def foreign_image(path, data: bytes = b"TRANSIT CARD 0042".ljust(256, b"\x17")):
    """A card another system personalised with the same file path."""
    CardImage({MF, f"{MF}/1001"}, {f"{MF}/1001/0001": bytearray(data)}).save(path)
    return path


def test_a_live_card_with_unapplied_purchases_is_refused_for_another_meter(
        counter, slot, station, blank_card):
    office, meter = counter
    before = blank_card.read_bytes()
    with pytest.raises(CardInUse) as refused:
        office.core.cards.issue_card(office.clerk, M2, station)
    text = str(refused.value)
    assert "3 purchases" in text and M1 in text and "Li Lei" in text
    assert refused.value.params["account"] == office.core.accounts.search(office.clerk,
                                                                          M1)[0].account_no
    slot.remove()
    assert blank_card.read_bytes() == before  # not one byte written
    assert meter.insert(blank_card).credited_cu == 4500  # the meter still gets all three
    assert cards_of(office, M2) == []
    [event] = events(office, "card_issue_refused")
    assert event.outcome == AuditOutcome.DENIED and M1 in event.detail and M2 in event.detail


def test_a_live_card_with_nothing_unapplied_is_refused_too(counter, slot, station, blank_card):
    office, meter = counter
    slot.remove()
    meter.insert(blank_card)  # all three applied; the card is still the meter's card
    slot.insert(blank_card)
    office.core.cards.present(office.seller, station)  # the write-back reaches the office
    before = blank_card.read_bytes()
    with pytest.raises(CardInUse, match=f"live card of meter {M1}"):
        office.core.cards.issue_card(office.clerk, M2, station)
    slot.remove()
    assert blank_card.read_bytes() == before


def test_the_same_meters_card_is_reissued_but_a_replaced_card_is_free(
        counter, slot, station, blank_card, tmp_path):
    office, meter = counter
    with pytest.raises(CardInUse):
        office.core.cards.issue_card(office.clerk, M2, station)
    old_copy = tmp_path / "old.json"
    old_copy.write_bytes(blank_card.read_bytes())
    serial = office.core.cards.reissue_card(office.clerk, M1, station, "card worn out")
    assert station.read().card_serial == serial
    slot.remove()
    assert meter.insert(blank_card).credited_cu == 4500  # the new card carries all three
    # The replaced card no longer works in its meter: it may be written again.
    slot.insert(old_copy)
    office.core.cards.issue_card(office.clerk, M2, station)
    assert station.read().meter_number == M2
    [event] = events(office, "card_overwrite")
    assert '"card":"ours"' in event.detail.replace(" ", "")
    assert [c.status for c in cards_of(office, M2)] == [CardStatus.ACTIVE]


@pytest.mark.parametrize("other", ["another system", "another office"])
def test_a_foreign_card_is_written_over_only_when_confirmed(
        counter, slot, station, tmp_path, other):
    office, _ = counter
    slot.remove()
    card = tmp_path / "foreign.json"
    if other == "another system":
        foreign_image(card)
    else:  # our format under another office's keys: not ours to judge
        slot.insert(card)
        theirs = PcscCardStation(KeyRing({1: crypto.new_master_key()}))
        theirs.issue(CardIdentity("00000000000000aa", "user", M1, "00000001", 1, 1, 1, D("5"),
                                  "X01", datetime.now(UTC)), None)
        slot.remove()
    before = card.read_bytes()
    slot.insert(card)
    with pytest.raises(OverwriteNeeded, match="not one of this office's cards"):
        office.core.cards.issue_card(office.clerk, M2, station)
    assert card.read_bytes() == before and cards_of(office, M2) == []
    assert len(events(office, "card_issue_refused")) == 1
    serial = office.core.cards.issue_card(office.clerk, M2, station, overwrite=True)
    assert station.read().card_serial == serial
    [event] = events(office, "card_overwrite")
    assert '"confirmed":true' in event.detail.replace(" ", "")


def test_blank_cards_are_issued_without_question(office, slot, station, tmp_path):
    open_customer(office, M1)
    open_customer(office, M2)
    fresh = tmp_path / "fresh.json"  # straight from the box
    made = tmp_path / "made.json"  # its file was made, nothing written (an issue cut short)
    CardImage({MF, f"{MF}/1001"}, {f"{MF}/1001/0001": bytearray(256)}).save(made)
    for image, number in ((fresh, M1), (made, M2)):
        slot.insert(image)
        assert station.probe().contents == "blank"
        office.core.cards.issue_card(office.clerk, number, station)
        assert station.read().meter_number == number
        slot.remove()
    assert events(office, "card_issue_refused") == events(office, "card_overwrite") == []


@pytest.mark.parametrize("number", [M1, M2])
def test_a_tool_card_is_not_written_over_a_live_customer_card(
        counter, slot, station, blank_card, number):
    office, meter = counter
    before = blank_card.read_bytes()
    with pytest.raises(CardInUse, match=M1):
        office.core.fieldwork.issue_check_card(office.clerk, number, station)
    with pytest.raises(CardInUse):
        office.core.fieldwork.issue_check_card(office.clerk, number, station, overwrite=True)
    slot.remove()
    assert blank_card.read_bytes() == before
    assert meter.insert(blank_card).credited_cu == 4500
    with office.core.db.read() as s:
        assert s.scalar(select(ToolCard)) is None
    assert len(events(office, "card_issue_refused")) == 2
