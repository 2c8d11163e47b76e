"""The reader layer on the real stack: insertion and removal events, typed
errors for a missing card and for wrong cards."""

import threading

import pytest

from cards.errors import CardFormatError, NoCard
from cards.profile import CpuCardProfile
from cards.reader import CardWatcher, connect


def test_watcher_reports_insertion_and_removal(slot, blank_card):
    events, seen = [], threading.Event()

    def on_change(present):
        events.append(present)
        seen.set()

    watcher = CardWatcher(on_change)
    try:
        slot.insert(blank_card)
        assert seen.wait(10) and events[-1] is True
        seen.clear()
        slot.remove()
        assert seen.wait(10) and events[-1] is False
    finally:
        watcher.stop()


def test_no_card_and_a_blank_card_give_clear_errors(slot, blank_card):
    with pytest.raises(NoCard, match="insert the customer's card"), connect():
        pass
    slot.insert(blank_card)
    with pytest.raises(CardFormatError, match="blank"), connect() as c:
        CpuCardProfile().open(c)


def test_a_reader_held_by_another_program_says_so(office, slot, station, blank_card):
    """Another program (here a second PC/SC connection) holds the card
    exclusively: the station says so plainly, not "take the card out"."""
    from smartcard.scard import SCARD_SHARE_EXCLUSIVE

    from cards.errors import ReaderBusy
    from cards.reader import pick_reader
    from tests.conftest import open_customer
    open_customer(office, "000000000001")
    slot.insert(blank_card)
    office.core.cards.issue_card(office.clerk, "000000000001", station)
    other = pick_reader().createConnection()  # this worker's slot
    other.connect(mode=SCARD_SHARE_EXCLUSIVE)
    try:
        with pytest.raises(ReaderBusy, match="Another program is using the card reader") as e:
            office.core.cards.present(office.seller, station)
        assert "try again" in str(e.value) and "insert it again" not in str(e.value)
        with pytest.raises(ReaderBusy), connect():
            pass
    finally:
        other.disconnect()
    assert office.core.cards.present(office.seller, station).meter_number == "000000000001"
