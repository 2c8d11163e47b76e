"""Memory cards (SLE4442, SLE4428) behind an ACS reader's pseudo-APDUs: the
chip's rules, probing the kind, the PSC never presented wrong, a blocked
card, torn writes at every byte, and what a bit-for-bit copy can do.

Everything is the real code but pcscd (the card is reached in memory, as in
test_card_model.py); the same cards through pcscd + vpcd + pyscard are in
test_card_e2e.py and test_sale_faults.py.
"""

from __future__ import annotations

import copy
import os
import shutil
import tempfile
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from cards import memory_layout as lay
from cards.acs import AcsReaderEmulation
from cards.errors import CardBlocked, WrongCardType
from cards.memory_chip import MemoryChip, MemoryImage
from cards.station import PcscCardStation
from cards.virtual_card import CardImage, VirtualCard
from db.models import AnomalyKind, CardAnomaly, Sale, SaleStatus
from tests.cards.conftest import make_meter
from tests.cards.test_card_model import Hand
from tests.conftest import open_customer
from vending_app.core.errors import VendingError

M1, M2 = "000000000001", "000000000002"
MEMORY = ["sle4442", "sle4428"]


@pytest.fixture
def backend():
    return "sqlite"  # the database does not see the kind of card


@pytest.fixture
def db_url(sqlite_template):
    """In memory when the system offers it, as in the card model: hundreds of
    sales' fsyncs otherwise."""
    shm = "/dev/shm"
    where = tempfile.mkdtemp(prefix="vending-memory-cards-", dir=shm if os.path.isdir(shm) else None)
    shutil.copy(sqlite_template, f"{where}/station.sqlite3")
    yield f"sqlite:///{where}/station.sqlite3"
    shutil.rmtree(where, ignore_errors=True)


def apdu(emu, hexstr: str) -> str:
    return emu.process(bytes.fromhex(hexstr.replace(" ", ""))).hex().upper()


# --- the chip behind the reader's pseudo-APDUs -----------------------------------
def test_sle4442_wants_its_psc_blocks_after_three_wrong_and_keeps_protection():
    emu = AcsReaderEmulation(MemoryChip(MemoryImage.blank("sle4442")))
    assert apdu(emu, "FF B0 00 18 02") == "6A81"  # no card type selected yet
    assert apdu(emu, "FF A4 00 00 01 06") == "9000"
    assert apdu(emu, "FF B0 00 00 04") == "A21310919000"  # the chip maker's header
    assert apdu(emu, "FF B1 00 00 00") == "070000009000"  # three tries
    assert apdu(emu, "FF D0 00 18 02 1234") == "6982"  # no write before the PSC
    assert apdu(emu, "FF 20 00 00 03 FFFFFF") == "9007"  # the factory PSC, accepted
    assert apdu(emu, "FF D0 00 18 02 1234") == "9000"
    assert apdu(emu, "FF D1 00 18 02 1234") == "9000"  # protected for good
    assert apdu(emu, "FF D0 00 18 02 5678") == "9000"  # the chip keeps protected bytes
    assert apdu(emu, "FF B0 00 18 02") == "12349000"
    assert apdu(emu, "FF D1 00 40 01 00") == "6B00"  # only the first 32 bytes protect
    assert apdu(emu, "FF D2 00 01 03 010203") == "9000"
    emu.reset()
    apdu(emu, "FF A4 00 00 01 06")
    assert [apdu(emu, "FF 20 00 00 03 000000") for _ in range(3)] == ["9003", "9001", "9000"]
    assert apdu(emu, "FF 20 00 00 03 010203") == "9000"  # blocked for good: even the right one
    assert apdu(emu, "FF D0 00 40 01 00") == "6983"
    assert apdu(emu, "FF B0 00 18 02") == "12349000"  # reading still works


def test_sle4428_two_byte_psc_eight_tries_any_byte_protectable():
    emu = AcsReaderEmulation(MemoryChip(MemoryImage.blank("sle4428")))
    assert apdu(emu, "FF A4 00 00 01 06") == "9000"
    assert apdu(emu, "FF B1 00 00 00") == "6A81"  # an SLE4428 does not answer as an SLE4442
    apdu(emu, "FF A4 00 00 01 05")
    assert apdu(emu, "FF B1 00 00 00") == "FF00009000"
    assert apdu(emu, "FF 20 00 00 02 0000") == "907F"
    assert apdu(emu, "FF 20 00 00 02 FFFF") == "90FF"  # right: the counter is full again
    assert apdu(emu, "FF D0 03 00 01 AA") == "9000"  # 10-bit addresses
    assert apdu(emu, "FF D1 03 00 01 AA") == "9000"
    assert apdu(emu, "FF B2 03 00 02") == "029000"  # byte 0x300 protected (bit 0 = 0)


# --- probing, issuing, selling on every kind ------------------------------------------
def card_of(kind: str):
    return CardImage() if kind == "cpu" else MemoryImage.blank(kind)


@pytest.fixture
def hand():
    return Hand()


@pytest.fixture
def counter(office, hand, keys, tmp_path, request):
    kind = getattr(request, "param", "sle4442")
    station = PcscCardStation(keys, connect=hand.connect)
    open_customer(office, M1)
    card = card_of(kind)
    hand.insert(card)
    office.core.cards.issue_card(office.clerk, M1, station)
    office.core.shifts.open(office.seller, "0")
    return office, station, card, make_meter(keys, M1, tmp_path)


def at_meter(meter, card) -> int:
    r = meter.insert_memory(card, 1_800_000_000 + meter.state.counter * 60)
    return r.credited_cu if r.accepted else -1


PSC_SALES = {"sle4442": 60, "sle4428": 60}  # 1,000 through pcscd: test_psc_counter.py


@pytest.mark.parametrize("counter", MEMORY, indirect=True)
def test_the_psc_error_counter_stays_full_across_many_sales(counter, hand):
    office, station, card, meter = counter
    for i in range(PSC_SALES[card.chip]):
        hand.insert(card)
        office.core.cards.sell(office.seller, station, kwh="2")
        assert card.tries == card.type.tries, f"sale {i + 1}"
        if i % 3 == 0:  # the customer goes to the meter now and then
            assert at_meter(meter, card) > 0
            assert card.tries == card.type.tries
    assert office.core.sales.pending_sales() == []


def test_the_kind_is_told_by_asking_and_an_unknown_card_is_refused(office, hand, keys):
    station = PcscCardStation(keys, connect=hand.connect)
    for kind in ["sle4428", "cpu", "sle4442"]:
        hand.insert(card_of(kind))
        assert station.probe().contents == "blank"
        assert station.profile.kind == kind

    class Mute(AcsReaderEmulation):
        def process(self, apdu: bytes, torn: bool = False) -> bytes:
            return b"\x6D\x00"  # answers nothing this station knows
    real = hand.connect

    def connect(name=None):
        hand.card = MemoryImage.blank("sle4442")
        return real(name)
    mute = PcscCardStation(keys, connect=connect)
    AcsReaderEmulation.process, saved = Mute.process, AcsReaderEmulation.process
    try:
        with pytest.raises(WrongCardType, match="neither as a CPU card nor as an SLE4442"):
            mute.read()
    finally:
        AcsReaderEmulation.process = saved
    assert VirtualCard  # the CPU card's own emulation is untouched


@pytest.mark.parametrize("counter", MEMORY, indirect=True)
def test_identity_is_protected_and_the_psc_is_the_cards_own(counter, hand, keys):
    office, station, card, meter = counter
    serial = station.read().card_serial
    prot = card.protected
    assert all(prot[lay.PROTECT_FROM:lay.PROTECT_TO])  # magic, kind, serial, PSC key version
    assert not any(prot[lay.PROTECT_TO:lay.SPAN_TO])
    assert card.psc == keys.card_psc(1, serial, card.type.psc_len) != b"\xFF" * len(card.psc)
    assert card.tries == card.type.tries


@pytest.mark.parametrize("counter", MEMORY, indirect=True)
def test_a_blocked_card_is_read_but_never_written_and_says_why(counter, hand):
    office, station, card, meter = counter
    card.tries = 0  # someone presented three wrong PSCs elsewhere
    hand.insert(card)
    with pytest.raises(CardBlocked, match="blocked for good"):
        office.core.cards.sell(office.seller, station, kwh="10")
    assert office.core.sales.pending_sales() == []  # nothing charged
    hand.insert(card)
    assert office.core.cards.present(office.seller, station).meter_number == M1


# --- torn writes -------------------------------------------------------------------
SALE_WRITE = 6  # select type, error counter, read, present PSC, write, read back


@pytest.mark.parametrize("counter", MEMORY, indirect=True)
def test_a_sale_torn_at_every_byte_is_never_credited_and_recovery_rebuilds_it(counter, hand):
    """The write carries the record and the cleared report (124 bytes):
    pulled with any number of them written, the meter credits either the
    old record or the whole new one, never a mix, and reading the card at
    the station settles the sale and rewrites the record."""
    office, station, card, meter = counter
    hand.insert(card)
    office.core.cards.sell(office.seller, station, kwh="20")
    assert at_meter(meter, card) == 2000
    write_len = lay.physical_span(64, 192)[1] - lay.physical_span(64, 192)[0]
    credited = 2000
    for kept in range(0, write_len + 1, 5):
        before = copy.deepcopy(card)
        hand.insert(card, (SALE_WRITE - 1, "torn", kept))
        with pytest.raises(VendingError):
            office.core.cards.sell(office.seller, station, kwh="2")
        torn = copy.deepcopy(card)
        got = at_meter(meter, torn)  # the customer goes straight to the meter with it
        assert got in (-1, 0), f"{kept} bytes kept: the meter credited {got} from a torn write"
        hand.insert(card)
        office.core.cards.present(office.seller, station)  # the station settles and rebuilds
        assert office.core.sales.pending_sales() == []
        got = at_meter(meter, card)
        credited += max(got, 0)
        assert at_meter(meter, card) == 0  # never twice
        assert card.tries == card.type.tries and before.memory[4:18] == card.memory[4:18]
    with office.core.db.read() as s:
        sold = sum(s.scalars(select(Sale.secondary_kwh).where(Sale.status == SaleStatus.COMMITTED)))
    assert D(meter.state.balance_cu) / 100 == sold == D(credited) / 100


# --- copies --------------------------------------------------------------------------
@pytest.mark.parametrize("counter", MEMORY, indirect=True)
def test_a_copy_replays_nothing_opens_no_other_meter_and_the_office_notices(counter, hand,
                                                                            keys, tmp_path):
    office, station, card, meter = counter
    hand.insert(card)
    office.core.cards.sell(office.seller, station, kwh="30")
    clone = copy.deepcopy(card)  # bit for bit, PSC included
    assert at_meter(meter, card) == 3000
    assert at_meter(meter, clone) == 0  # replay: the sequence was applied already
    other = make_meter(keys, M2, tmp_path)
    refused = other.insert_memory(copy.deepcopy(card), 1_800_000_000)
    assert not refused.accepted and "another meter" in refused.message
    edited = copy.deepcopy(card)  # the copy's meter number changed to the other meter's
    edited.memory[33:39] = bytes.fromhex(M2)
    refused = other.insert_memory(edited, 1_800_000_000)
    assert not refused.accepted and "forged or copied" in refused.message
    assert other.state.balance_cu == 0 and other.state.illegal_cards == 2
    # the original goes on to the meter again; then the older copy reaches the counter
    at_meter(meter, card)
    hand.insert(card)
    office.core.cards.present(office.seller, station)
    hand.insert(clone)
    check = office.core.cards.present(office.seller, station)
    assert AnomalyKind.OLD_WRITEBACK in [k for k, _ in check.anomalies]
    assert check.gating  # the copy is evidence: nothing is sold on it


# --- the other workflows on a memory card ---------------------------------------------
@pytest.mark.parametrize("counter", MEMORY, indirect=True)
def test_replace_meter_rebinds_the_same_memory_card(counter, hand, keys, tmp_path):
    office, station, card, meter = counter
    hand.insert(card)
    office.core.cards.sell(office.seller, station, kwh="100")
    assert at_meter(meter, card) == 10000
    hand.insert(card)
    r = office.core.fieldwork.replace_meter(office.clerk, station, M1, M2, "single_phase",
                                            "100.00", "meter burnt out")
    assert r.transfer_kwh == D("100")
    new = make_meter(keys, M2, tmp_path)
    assert at_meter(new, card) == 10000  # same card, PSC re-sealed for the new meter's key
    assert at_meter(meter, card) == -1
    assert card.tries == card.type.tries


@pytest.mark.parametrize("counter", MEMORY, indirect=True)
def test_tool_cards_and_a_key_change_on_memory_cards(counter, hand, keys, tmp_path):
    from cards import crypto
    from db.models import VendingKey
    office, station, card, meter = counter
    core = office.core
    check = card_of(card.chip)
    hand.insert(check)
    core.fieldwork.issue_check_card(office.clerk, M1, station)
    assert meter.insert_memory(check, 1_800_000_000).accepted
    hand.insert(check)
    assert core.fieldwork.read_tool_card(office.clerk, station).confirmed
    master2 = crypto.new_master_key()
    keys.add(2, master2)
    with core.db.write() as s:
        s.add(VendingKey(version=2, wrapped=crypto.wrap_master(master2, "a long passphrase", 2),
                         fingerprint="f" * 16))
    tool = card_of(card.chip)
    hand.insert(tool)
    core.fieldwork.issue_key_change_card(office.admin, M1, station)
    assert "key version 2" in meter.insert_memory(tool, 1_800_000_100).message
    hand.insert(tool)
    assert core.fieldwork.read_tool_card(office.admin, station).confirmed
    hand.insert(card)
    core.cards.sell(office.seller, station, kwh="15")  # the customer's card is rekeyed first
    assert station.read().key_version == 2
    assert at_meter(meter, card) == 1500
    assert all(c.tries == c.type.tries for c in (card, check, tool))


# --- the meter's report torn at the meter ---------------------------------------------
REPORT_TEARS = (0, 1, 2, 24, 47, 48)  # bytes of the report's 49-byte write that stuck


@pytest.mark.parametrize("counter", MEMORY, indirect=True)
def test_a_report_torn_at_the_meter_is_never_misread_and_the_next_one_is(counter, hand):
    """The meter writes its report byte by byte; the card pulled part-way.
    The station reads the previous report (nothing of the new one stuck) or
    says the report is incomplete, never a mix; it does not take the tear
    for a forgery (the sale goes on), and the next whole report is read."""
    from cards.virtual_meter import REPORT_WRITE_LEN
    office, station, card, meter = counter
    core = office.core
    hand.insert(card)
    core.cards.sell(office.seller, station, kwh="10")
    assert at_meter(meter, card) == 1000
    for unread in (False, True):  # the last whole report read at the office, or not
        if unread:
            assert at_meter(meter, card) == 0  # a whole report the office has not read
        else:
            hand.insert(card)
            core.cards.present(office.seller, station)  # reads it and marks it read
        before = meter.state.counter
        for kept in REPORT_TEARS:
            torn = copy.deepcopy(card)
            assert meter.insert_memory(torn, 1_800_000_000 + meter.state.counter * 60,
                                       kept).accepted
            hand.insert(torn)
            check = core.cards.present(office.seller, station)
            assert not check.gating, check.anomalies
            assert check.report is None or kept == 0
            assert [n.template[:38] for n in check.notes] == (
                ["The meter's report on this card is inc"] if kept else [])
            if kept == 0:  # nothing stuck: the previous report, or none
                assert (check.report.counter if check.report else None) == (
                    before if unread else None)
        hand.insert(card)
        core.cards.sell(office.seller, station, kwh="2")  # a tear stops no sale
        assert at_meter(meter, card) == 200  # whole, on the card the customer kept
        hand.insert(card)
        assert core.cards.present(office.seller, station).report.counter == meter.state.counter
    assert torn_and_forged(core) == (2 * (len(REPORT_TEARS) - 1), 0)
    assert REPORT_WRITE_LEN == 49 and card.tries == card.type.tries


def torn_and_forged(core) -> tuple[int, int]:
    """Torn reports audited; reports flagged as forged."""
    from db.models import AuditEvent
    with core.db.read() as s:
        return (s.scalar(select(func.count(AuditEvent.id)).where(
                    AuditEvent.action == "card_report_torn")),
                s.scalar(select(func.count(CardAnomaly.id)).where(
                    CardAnomaly.kind == AnomalyKind.FORGED_WRITEBACK)))
