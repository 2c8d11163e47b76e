"""One rule for thresholds (docs/card-format.md): the office's figure is
primary kWh, the card carries secondary kWh, converted once. A CT meter's
default threshold on its card and a parameter card for the same threshold
write the same number to the meter."""

from decimal import Decimal as D

from sqlalchemy import select

from cards import format as fmt
from cards.virtual_card import CardImage
from cards.virtual_meter import EF_PATH
from db.models import Meter
from tests.cards.conftest import make_meter
from tests.conftest import open_customer
from vending_app.core.conversion import on_card_kwh

CT = "000000000031"


def identity_threshold_cu(card_path) -> int:
    raw = bytes(CardImage.load(card_path).efs[EF_PATH])
    return fmt.decode_identity(fmt.split(raw)[0]).threshold_cu


def test_ct_default_threshold_and_its_parameter_card_agree(office, slot, station, blank_card,
                                                           keys, tmp_path):
    core = office.core
    open_customer(office, CT, meter_type="three_phase_ct", ct="150/5")
    with core.db.read() as s:
        m = s.scalar(select(Meter).where(Meter.number == CT))
        assert (m.multiplier, m.low_balance_threshold_kwh) == (30, D("36.00"))  # primary
    slot.insert(blank_card)
    core.cards.issue_card(office.clerk, CT, station)
    slot.remove()
    assert identity_threshold_cu(blank_card) == 120  # 36 / 30 = 1.20 secondary kWh

    meter = make_meter(keys, CT, tmp_path, threshold_cu=999)
    tool = tmp_path / "params.json"
    slot.insert(tool)
    core.fieldwork.issue_parameter_card(office.clerk, CT, station, threshold_kwh="36")
    slot.remove()
    assert meter.insert(tool).accepted
    assert meter.state.threshold_cu == identity_threshold_cu(blank_card) == 120
    slot.insert(tool)
    assert core.fieldwork.read_tool_card(office.clerk, station).confirmed
    with core.db.read() as s:  # the meter's record stays in primary kWh
        assert s.scalar(select(Meter.low_balance_threshold_kwh)
                        .where(Meter.number == CT)) == D("36.00")


def test_conversion_keeps_small_figures_and_no_cap():
    assert on_card_kwh(D("36"), 30) == D("1.20")
    assert on_card_kwh(D("12"), 1) == D("12.00")
    assert on_card_kwh(D("0.10"), 80) == D("0.01")  # never rounded away to nothing
    assert on_card_kwh(D("0"), 30) == D("0.00")  # 0 = no cap stays 0
    assert on_card_kwh(D("100"), 7) == D("14.29")
