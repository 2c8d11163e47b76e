"""Meter replacement and tool cards through the real PC/SC stack and the
virtual meter: balance moved to the new meter, check, parameter and
key-change cards, and the customer's card following a key rotation."""

from decimal import Decimal as D

import pytest
from sqlalchemy import select

from cards import crypto
from cards.virtual_meter import VirtualMeter
from db.models import (
    AuditEvent,
    Card,
    CardStatus,
    JobStatus,
    Meter,
    MeterReplacement,
    MeterStatus,
    Sale,
    SaleKind,
    SaleStatus,
    ToolCard,
    VendingKey,
)
from tests.cards.conftest import make_meter
from tests.conftest import open_customer
from vending_app.core.card_station import CardWriteError
from vending_app.core.errors import StateError, ValidationError

M1, M2 = "000000000001", "000000000002"


@pytest.fixture
def counter(office, slot, station, blank_card, keys, tmp_path):
    open_customer(office, M1)
    slot.insert(blank_card)
    office.core.cards.issue_card(office.clerk, M1, station)
    office.core.shifts.open(office.seller, "100.00")
    return office, make_meter(keys, M1, tmp_path)


def sold_applied_and_one_more(office, slot, station, blank_card, meter):
    """100 kWh applied and 40 used, then 20 kWh bought and not yet applied."""
    office.core.cards.sell(office.seller, station, kwh="100")
    slot.remove()
    meter.insert(blank_card)
    meter.consume(4000)
    meter.insert(blank_card)
    slot.insert(blank_card)
    office.core.cards.sell(office.seller, station, kwh="20")


@pytest.fixture
def sle4442(slot):
    """Before ``counter``: the customer's card is an SLE4442."""
    slot.kind = "sle4442"


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_replace_meter_rebinds_an_sle4442_on_postgresql(sle4442, counter, slot, station,
                                                        blank_card, keys, tmp_path):
    """The same flow on a memory card, on the office LAN's database (on
    SQLite it runs in memory in test_memory_cards.py)."""
    test_replace_meter_moves_the_balance_to_the_new_meter(counter, slot, station, blank_card,
                                                           keys, tmp_path)
    from cards.memory_chip import MemoryImage
    card = MemoryImage.from_json(blank_card.read_text())
    assert card.chip == "sle4442" and card.tries == card.type.tries


def test_replace_meter_moves_the_balance_to_the_new_meter(counter, slot, station, blank_card,
                                                           keys, tmp_path):
    office, old_meter = counter
    core = office.core
    sold_applied_and_one_more(office, slot, station, blank_card, old_meter)
    # The new meter is a CT meter: 80 primary kWh are 2.66 on the card, 0.20 carried.
    r = core.fieldwork.replace_meter(office.clerk, station, M1, M2, "three_phase_ct", "60.00",
                                     "meter burnt out", ct_ratio="30")
    assert (r.old_remaining_kwh, r.unapplied_kwh, r.transfer_kwh) == (D("60"), D("20"), D("80"))
    assert (r.secondary_kwh, r.carry_kwh) == (D("2.66"), D("0.20"))
    assert r.secondary_kwh * 30 + r.carry_kwh == r.transfer_kwh
    slot.remove()

    new_meter = VirtualMeter.create(M2, keys.meter_key(1, M2), 1, 3600, tmp_path / "m2.json")
    assert new_meter.insert(blank_card).credited_cu == 266
    refused = old_meter.insert(blank_card)
    assert not refused.accepted and "another meter" in refused.message

    with core.db.read() as s:
        old, new = (s.scalar(select(Meter).where(Meter.number == n)) for n in (M1, M2))
        assert (old.status, old.replaced_by_id, new.status) == (MeterStatus.REPLACED, new.id,
                                                               MeterStatus.PAIRED)
        assert new.carry_kwh == D("0.20") and old.carry_kwh == 0
        transfer = s.scalar(select(Sale).where(Sale.kind == SaleKind.TRANSFER))
        assert (transfer.status, transfer.total_amount, transfer.purchase_seq) == (
            SaleStatus.COMMITTED, 0, 1)
        assert s.scalar(select(MeterReplacement.status)) == JobStatus.DONE
        assert {c.meter_id: c.status for c in s.scalars(select(Card))} == {
            old.id: CardStatus.CLOSED, new.id: CardStatus.ACTIVE}
        actions = set(s.scalars(select(AuditEvent.action)))
        assert {"meter_replace", "meter_replace_done"} <= actions

    # The customer buys again for the new meter, then closes the account:
    # the refund prices the energy back through the sales of the old meter.
    slot.insert(blank_card)
    check, sale = core.cards.sell(office.seller, station, kwh="30")
    assert check.meter_number == M2 and sale.purchase_seq == 2
    refunds = core.accounts.close_account(office.clerk, check.account_no, {M2: "3.66"},
                                          "moved away")
    # 3.66 x 30 + 0.20 carried = 110 kWh: 30 of the last sale and 80 of the earlier ones.
    assert refunds[0].kwh == D("110.00")
    with core.db.read() as s:
        old_id, new_id = (s.scalar(select(Meter.id).where(Meter.number == n)) for n in (M1, M2))
        paid = {(x.meter_id, x.purchase_seq): x.energy_amount for x in s.scalars(
            select(Sale).where(Sale.kind == SaleKind.SALE))}
    worth = paid[new_id, 2] + paid[old_id, 2] + paid[old_id, 1] * D("0.6")
    assert refunds[0].gross == worth.quantize(D("0.01"), rounding="ROUND_FLOOR")


def test_a_typed_balance_far_below_the_meters_last_report_needs_confirming(
        counter, slot, station, blank_card):
    """The meter reported 60 kWh left; 12.5 typed (a slipped digit?) would
    retire it with 47.5 kWh of the customer's: refused, saying what the
    meter reported, until the clerk confirms what the display shows."""
    office, old_meter = counter
    core = office.core
    sold_applied_and_one_more(office, slot, station, blank_card, old_meter)
    with pytest.raises(ValidationError, match=r"reported 60\.00 kWh left .*12\.50 kWh typed "
                                              r"means 47\.50 kWh used since") as e:
        core.fieldwork.replace_meter(office.clerk, station, M1, M2, "single_phase", "12.5",
                                     "meter burnt out")
    assert e.value.params["meter"] == M1
    with core.db.read() as s:  # nothing retired, nothing moved
        assert s.scalar(select(Meter.status).where(Meter.number == M1)) == MeterStatus.PAIRED
        assert s.scalar(select(MeterReplacement.id)) is None
    r = core.fieldwork.replace_meter(office.clerk, station, M1, M2, "single_phase", "12.5",
                                     "meter burnt out", remaining_confirmed=True)
    assert (r.old_remaining_kwh, r.transfer_kwh) == (D("12.50"), D("32.50"))


def test_half_of_the_last_report_or_more_is_taken_as_typed(counter, slot, station,
                                                            blank_card):
    office, old_meter = counter
    sold_applied_and_one_more(office, slot, station, blank_card, old_meter)
    r = office.core.fieldwork.replace_meter(office.clerk, station, M1, M2, "single_phase",
                                            "30", "meter burnt out")
    assert (r.old_remaining_kwh, r.transfer_kwh) == (D("30.00"), D("50.00"))


def test_an_interrupted_replacement_is_finished_by_running_it_again(counter, slot, station,
                                                                     blank_card, keys, tmp_path):
    office, old_meter = counter
    core = office.core
    core.cards.sell(office.seller, station, kwh="50")
    slot.remove()
    # The card is pulled during the rewrite for the new meter (read, select, personalise...).
    slot.insert(blank_card, vanish_at=5, vanish_mode="torn")
    with pytest.raises(CardWriteError):
        core.fieldwork.replace_meter(office.clerk, station, M1, M2, "single_phase", "0",
                                     "meter burnt out")
    slot.wait_vanished()
    slot.insert(blank_card)
    r = core.fieldwork.replace_meter(office.clerk, station, M1, M2, "single_phase", "0",
                                     "meter burnt out")
    assert r.transfer_kwh == D("50.00") and r.receipt_no
    slot.remove()
    new_meter = VirtualMeter.create(M2, keys.meter_key(1, M2), 1, 1200, tmp_path / "m2.json")
    assert new_meter.insert(blank_card).credited_cu == 5000
    with pytest.raises(StateError, match="already replaced"):
        slot.insert(blank_card)
        core.fieldwork.replace_meter(office.clerk, station, M1, M2, "single_phase", "0", "again")


def test_a_replacement_interrupted_after_the_write_is_finished_by_reading_the_card(
        counter, slot, station, blank_card, monkeypatch):
    office, _ = counter
    core = office.core
    core.cards.sell(office.seller, station, kwh="50")

    def crash(*_):
        raise RuntimeError("station killed")
    monkeypatch.setattr(core.sales, "commit", crash)
    with pytest.raises(RuntimeError):
        core.fieldwork.replace_meter(office.clerk, station, M1, M2, "single_phase", "0", "burnt")
    monkeypatch.undo()
    check = core.cards.present(office.seller, station)  # the card is already the new meter's
    assert check.meter_number == M2 and "committed" in check.settled[0]
    with core.db.read() as s:
        assert s.scalar(select(MeterReplacement.status)) == JobStatus.DONE
        assert s.scalar(select(Sale.status).where(Sale.kind == SaleKind.TRANSFER)) == \
            SaleStatus.COMMITTED


def test_check_card_brings_the_registers_back(counter, slot, station, blank_card, tmp_path):
    office, meter = counter
    core = office.core
    core.cards.sell(office.seller, station, kwh="50")
    slot.remove()
    meter.insert(blank_card)
    meter.consume(1234)
    tool = tmp_path / "check.json"
    slot.insert(tool)
    serial = core.fieldwork.issue_check_card(office.clerk, M1, station)
    report = core.fieldwork.read_tool_card(office.clerk, station)
    assert not report.confirmed  # not at the meter yet
    slot.remove()
    result = meter.insert(tool)
    assert result.accepted and result.credited_cu == 0
    slot.insert(tool)
    report = core.fieldwork.read_tool_card(office.clerk, station)
    assert (report.serial, report.confirmed) == (serial, True)
    assert (report.remaining_kwh, report.cumulative_kwh) == (D("37.66"), D("12.34"))
    with core.db.read() as s:
        m = s.scalar(select(Meter))
        assert (m.reported_seq, m.reported_remaining_kwh) == (1, D("37.66"))
        assert s.scalar(select(ToolCard.status)) == JobStatus.DONE
    with pytest.raises(StateError, match="tool card|check card"):
        core.cards.present(office.seller, station)
    # The customer's card, with an older report than the check card's, is not an anomaly.
    slot.remove()
    slot.insert(blank_card)
    check = core.cards.present(office.seller, station)
    assert check.gating == []


def test_parameter_card_sets_threshold_and_credit_cap(counter, slot, station, blank_card,
                                                       tmp_path):
    office, meter = counter
    core = office.core
    tool = tmp_path / "params.json"
    slot.remove()
    slot.insert(tool)
    core.fieldwork.issue_parameter_card(office.clerk, M1, station, threshold_kwh="5",
                                        credit_cap_kwh="60")
    slot.remove()
    assert meter.insert(tool).accepted
    assert (meter.state.threshold_cu, meter.state.credit_cap_cu) == (500, 6000)
    slot.insert(tool)
    assert core.fieldwork.read_tool_card(office.clerk, station).confirmed
    with core.db.read() as s:
        m = s.scalar(select(Meter))
        assert (m.low_balance_threshold_kwh, m.credit_cap_kwh) == (D("5.00"), D("60.00"))
    slot.remove()
    slot.insert(blank_card)
    with pytest.raises(Exception, match="at most 60"):
        core.cards.sell(office.seller, station, kwh="61")


def test_key_change_card_rotates_the_meter_and_the_customer_card_follows(
        counter, slot, station, blank_card, keys, tmp_path):
    office, meter = counter
    core = office.core
    core.cards.sell(office.seller, station, kwh="10")
    slot.remove()
    meter.insert(blank_card)
    master2 = crypto.new_master_key()
    keys.add(2, master2)
    with core.db.write() as s:  # as 'keys create' records a new version
        s.add(VendingKey(version=2, wrapped=crypto.wrap_master(master2, "a long passphrase", 2),
                         fingerprint="f" * 16))
    assert core.fieldwork.meters_behind_key(office.admin) == [M1]

    tool = tmp_path / "key.json"
    slot.insert(tool)
    core.fieldwork.issue_key_change_card(office.admin, M1, station)
    slot.remove()
    assert "key version 2" in meter.insert(tool).message
    assert meter.key == keys.meter_key(2, M1)
    refused = meter.insert(blank_card)  # the old-key customer card no longer works
    assert not refused.accepted and "key version" in refused.message

    slot.insert(tool)
    assert core.fieldwork.read_tool_card(office.admin, station).confirmed
    assert core.fieldwork.meters_behind_key(office.admin) == []
    slot.remove()
    slot.insert(blank_card)
    _, sale = core.cards.sell(office.seller, station, kwh="15")  # the card is rekeyed first
    assert station.read().key_version == 2
    slot.remove()
    assert meter.insert(blank_card).credited_cu == 1500
    with core.db.read() as s:
        assert s.scalar(select(Card.key_version)) == 2
        assert "card_rekey" in set(s.scalars(select(AuditEvent.action)))
