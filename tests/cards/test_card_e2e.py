"""The whole counter-to-meter cycle through the real PC/SC stack."""

from decimal import Decimal as D

import pytest
from sqlalchemy import select

from db.models import AnomalyKind, Card, CardStatus, Meter, Sale, SaleStatus
from tests.cards.conftest import SALE_APDUS, kinds_fixture, make_meter
from tests.conftest import open_customer
from vending_app.core.errors import StateError

M1 = "000000000001"
card_kind = kinds_fixture()  # every test on a CPU card, an SLE4442 and an SLE4428
CPU_ONLY = ("test_low_balance_trip_restores_until_zero",
            "test_a_sale_lost_with_the_write_ahead_log_shows_in_the_check",
            "test_a_virtual_meter_file_holds_no_key_and_runs_on_the_derived_one")
MEMORY_ON_POSTGRESQL = ("test_issue_sell_apply_consume_sell_again",
                        "test_reissue_makes_the_old_card_useless")
SLE4442_ONLY = ("test_two_purchases_before_the_meter",
                "test_close_account_after_reading_the_card")


@pytest.fixture
def counter(office, slot, station, blank_card, keys, tmp_path):
    """An office with one customer whose meter and card are ready."""
    open_customer(office, M1)
    slot.insert(blank_card)
    serial = office.core.cards.issue_card(office.clerk, M1, station)
    office.core.shifts.open(office.seller, "100.00")
    meter = make_meter(keys, M1, tmp_path)
    return office, serial, meter


def test_issue_sell_apply_consume_sell_again(counter, slot, station, blank_card, card_kind):
    office, serial, meter = counter
    core, seller = office.core, office.seller
    check, sale = core.cards.sell(seller, station, kwh="100", tendered="60")
    assert (sale.receipt_no, sale.purchase_seq, sale.change) == ("S01-00000001", 1, D("7.17"))
    assert check.account_no == core.accounts.search(seller, M1)[0].account_no
    assert station.last_apdus == SALE_APDUS[card_kind]  # CPU: select, read, write, read back
    assert check.card_serial == station.read().card_serial and station.read().chip == card_kind
    slot.remove()

    result = meter.insert(blank_card)  # the customer goes home and inserts the card
    assert result.accepted and result.credited_cu == 10000
    assert meter.consume(6000) == 6000
    assert meter.insert(blank_card).credited_cu == 0  # applied once only

    slot.insert(blank_card)
    check, sale2 = core.cards.sell(seller, station, kwh="20")
    assert check.report.remaining_kwh == D("40.00") and check.report.last_seq == 1
    assert check.anomalies == ()
    assert sale2.purchase_seq == 2
    with core.db.read() as s:
        m = s.scalar(select(Meter))
        assert (m.reported_seq, m.reported_remaining_kwh, m.reported_cumulative_kwh) == (
            1, D("40.00"), D("60.00"))
    slot.remove()
    assert meter.insert(blank_card).credited_cu == 2000
    assert meter.state.balance_cu == 6000


def test_low_balance_trip_restores_until_zero(counter, slot, station, blank_card):
    office, _, meter = counter
    office.core.cards.sell(office.seller, station, kwh="20")
    slot.remove()
    meter.insert(blank_card)
    assert meter.consume(2000) == 801  # trips once just under the 12 kWh threshold
    assert not meter.state.power_on and meter.state.warned
    meter.insert(blank_card)  # re-inserting restores power
    assert meter.state.power_on
    assert meter.consume(2000) == 1199  # runs to zero, then off for good
    assert not meter.state.power_on and meter.state.balance_cu == 0
    meter.insert(blank_card)
    assert not meter.state.power_on


def test_two_purchases_before_the_meter(counter, slot, station, blank_card):
    office, _, meter = counter
    office.core.cards.sell(office.seller, station, kwh="10")
    check, _ = office.core.cards.sell(office.seller, station, kwh="15")
    assert [k for k, _ in check.anomalies] == [AnomalyKind.UNAPPLIED_PURCHASE]
    slot.remove()
    assert meter.insert(blank_card).credited_cu == 2500


def test_reissue_makes_the_old_card_useless(counter, slot, station, blank_card, tmp_path):
    office, old_serial, meter = counter
    core = office.core
    core.cards.sell(office.seller, station, kwh="30")  # bought, not yet at the meter
    slot.remove()
    old_copy = tmp_path / "old-card.json"
    old_copy.write_bytes(blank_card.read_bytes())

    new_card = tmp_path / "new-card.json"
    slot.insert(new_card)
    new_serial = core.cards.reissue_card(office.clerk, M1, station, "customer lost the card")
    assert new_serial != old_serial
    slot.remove()
    assert meter.insert(new_card).credited_cu == 3000  # the unapplied purchase moved over
    refused = meter.insert(old_copy)
    assert not refused.accepted and "replaced" in refused.message
    with core.db.read() as s:
        assert {c.serial: c.status for c in s.scalars(select(Card))} == {
            old_serial: CardStatus.REPLACED, new_serial: CardStatus.ACTIVE}
    slot.insert(old_copy)
    with pytest.raises(StateError, match="replaced"):
        core.cards.sell(office.seller, station, kwh="10")


def test_close_account_after_reading_the_card(counter, slot, station, blank_card):
    office, _, meter = counter
    core = office.core
    core.cards.sell(office.seller, station, kwh="100")
    slot.remove()
    meter.insert(blank_card)
    meter.consume(2500)
    meter.insert(blank_card)  # the report on the card is written at each insertion
    slot.insert(blank_card)
    check = core.cards.present(office.clerk, station)
    acc = check.account_no
    refunds = core.accounts.close_account(office.clerk, acc, {M1: str(check.report.remaining_kwh)},
                                          "customer moved away")
    assert refunds[0].kwh == D("75.00") and refunds[0].paid == D("39.62")
    with pytest.raises(StateError):
        core.cards.sell(office.seller, station, kwh="10")
    with core.db.read() as s:
        assert s.scalar(select(Sale.status)) == SaleStatus.COMMITTED


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_sale_lost_with_the_write_ahead_log_shows_in_the_check(counter, slot, station,
                                                                 blank_card, db_url, tmp_path):
    """A committed sale whose -wal file is lost (the station's disk lost the
    log before a checkpoint): the books are consistent on their own, but the
    meter's report of that purchase, read at the counter later, gives it away."""
    import shutil

    from db.engine import Database
    from db.maintenance import checkpoint, sqlite_path
    from tests.conftest import FAST_HASHER
    from vending_app.core.station import StationCore
    office, _, meter = counter
    core = office.core
    core.cards.sell(office.seller, station, kwh="10")
    assert checkpoint(core.db.engine)  # sale 1 is in the database file
    core.cards.sell(office.seller, station, kwh="20")  # sale 2: in the -wal file only
    path = sqlite_path(db_url)
    lost = tmp_path / "lost.sqlite3"
    shutil.copy(path, lost)  # the file as it is without its log: the station died
    slot.remove()
    assert meter.insert(blank_card).credited_cu == 3000  # the customer's meter got both

    db = Database(f"sqlite:///{lost}")
    again = StationCore(db, "S01", hasher=FAST_HASHER)
    admin = again.auth.login("admin", "counter-pass-1")
    assert again.safety.check(admin).ok  # nothing to see without the meter's word
    slot.insert(blank_card)
    again.cards.present(admin, station)  # the card brings the meter's report back
    report = again.safety.check(admin)
    assert any(p.startswith("meter 000000000001: the meter reported purchase 2 applied, but "
                            "the books end at purchase 1") for p in report.problems), report
    db.dispose()


def test_a_virtual_meter_file_holds_no_key_and_runs_on_the_derived_one(counter, slot, station,
                                                                      blank_card, keys):
    from cards.virtual_meter import VirtualMeter
    office, _, meter = counter
    office.core.cards.sell(office.seller, station, kwh="10")
    slot.remove()
    assert "key_hex" not in meter.path.read_text()
    assert not VirtualMeter.load(meter.path).insert(blank_card).accepted  # no key, no credit
    again = VirtualMeter.load(meter.path, lambda version: keys.meter_key(version, M1))
    assert again.insert(blank_card).credited_cu == 1000
