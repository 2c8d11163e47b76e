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
