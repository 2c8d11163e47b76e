"""A wrong PSC is never presented by the station: 1,000 sales on each kind
of memory card through pcscd + vpcd + pyscard, and the card's PSC error
counter is full after every one of them.

The PSC is the card layer's business: the station (cards/station.py,
cards/memory_profile.py) presents it once in every session that writes,
whatever the core asked for. A sale through the core costs some 50 to
250 ms of database work (SQLite, by machine load), which is not what is
counted here, so the thousand sales are the card's side of a sale as the
core drives it (card_service.present, then sales.sell): one held session
that reads the card, clears the meter's report when the card brings one,
writes the record with every unapplied purchase and reads it back. The
card is issued by the core; the core's own sales on memory cards run in
test_memory_cards.py (in memory) and test_card_e2e.py (through pcscd).

The customer takes the card to the virtual meter after every third sale
(a record carries up to four unapplied purchases): the meter writes its
report onto the image file while the reader has the card powered off, and
the card takes it up at the next power-on (cards/virtual_card.py).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import replace
from decimal import Decimal as D
from pathlib import Path

import pytest

from cards.memory_chip import MemoryImage
from db.models import Customer
from tests.cards.conftest import make_meter
from tests.conftest import open_customer
from vending_app.core.accounts import meter_by_number
from vending_app.core.card_station import PurchaseEntry, PurchaseOrder
from vending_app.core.sale_inputs import record_order

M1 = "000000000001"
SALES = 1000
METER_EVERY = 3
KWH = D("2.00")


def shm_dir(prefix: str) -> str:
    shm = "/dev/shm"
    return tempfile.mkdtemp(prefix=prefix, dir=shm if os.path.isdir(shm) else None)


@pytest.fixture
def backend():
    return "sqlite"  # the database never sees the PSC


@pytest.fixture
def card_path():
    where = shm_dir("vending-psc-card-")  # the card process saves after every change
    yield Path(where) / "card.json"
    shutil.rmtree(where, ignore_errors=True)


def tries(path: Path) -> tuple[int, int]:
    card = MemoryImage.from_json(path.read_text())
    return card.tries, card.type.tries


def issued(office, slot, station, card_path: Path, kind: str) -> PurchaseOrder:
    """A card of ``kind`` issued by the core; the order its sales start from."""
    core = office.core
    open_customer(office, M1)
    slot.insert(card_path, kind=kind)
    core.cards.issue_card(office.clerk, M1, station)
    with core.db.read() as s:
        meter = meter_by_number(s, M1)
        return record_order(s, meter, s.get(Customer, meter.customer_id), "S01", None)


def card_side_of_a_sale(station, order: PurchaseOrder, seq: int) -> PurchaseOrder:
    """What a sale does on the card: read, clear a report, write, read back."""
    with station.session():
        reading = station.read()
        applied = reading.report.last_seq if reading.report else 0
        if reading.report is not None:
            station.clear_report()
        entries = tuple(e for e in order.entries if e.seq > applied)
        order = replace(order, sale_id=seq, entries=entries + (PurchaseEntry(seq, KWH),))
        station.write_purchase(order)
    return order


@pytest.mark.parametrize("kind", ["sle4442", "sle4428"])
def test_the_psc_error_counter_stays_full_across_a_thousand_sales(office, slot, station, keys,
                                                                  card_path, tmp_path, kind):
    order = issued(office, slot, station, card_path, kind)
    meter = make_meter(keys, M1, tmp_path)
    full = tries(card_path)[1]
    assert tries(card_path)[0] == full
    credited = 0
    for seq in range(1, SALES + 1):
        order = card_side_of_a_sale(station, order, seq)
        left = tries(card_path)[0]
        assert left == full, f"sale {seq}: {left} of {full} PSC tries left"
        assert station.profile.kind == kind
        if seq % METER_EVERY == 0 or seq == SALES:
            result = meter.insert(card_path)  # the reader has the card powered off
            assert result.accepted, f"sale {seq}: {result.message}"
            credited += result.credited_cu
            assert tries(card_path)[0] == full
    assert meter.state.last_seq == SALES
    assert credited == meter.state.balance_cu == SALES * 200
    assert station.read().report.last_seq == SALES  # the last report reached the station
