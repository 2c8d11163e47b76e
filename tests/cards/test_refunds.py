"""Refund on demand (退电) and unpairing one meter, through pcscd + vpcd and
the virtual meter, on SQLite and PostgreSQL, on a CPU card; on SQLite on an
SLE4442 and an SLE4428 too (the card's side is the same write as a sale's)."""

from decimal import Decimal as D

import pytest
from sqlalchemy import select

from db.models import Card, CardStatus, Meter, MeterStatus, RefundStatus, SaleStatus
from tests.cards.conftest import kinds_fixture, make_meter
from tests.cards.refund_checks import refunds, sales, settle_and_check
from tests.conftest import expected_cash, open_customer
from vending_app.core.errors import PermissionDenied, StateError
from vending_app.core.sales_search import SaleQuery

M1, M2 = "000000000001", "000000000002"
card_kind = kinds_fixture()
SLE4442_ONLY = ("test_unpairing_one_meter_refunds_card_first_and_keeps_the_account",)


@pytest.fixture
def sold(office, slot, station, blank_card, keys, tmp_path):
    """100 kWh sold and applied at the meter; then 50 and 20 kWh sold, not applied."""
    acc = open_customer(office, M1)
    core = office.core
    slot.insert(blank_card)
    core.cards.issue_card(office.clerk, M1, station)
    core.shifts.open(office.seller, "0")
    core.cards.sell(office.seller, station, kwh="100")
    slot.remove()
    meter = make_meter(keys, M1, tmp_path)
    assert meter.insert(blank_card).credited_cu == 10000
    slot.insert(blank_card)
    core.cards.sell(office.seller, station, kwh="50")
    core.cards.sell(office.seller, station, kwh="20")
    slot.remove()
    return office, meter, acc


def test_refund_on_demand_takes_the_purchases_off_the_card_then_pays(sold, slot, station,
                                                                      blank_card):
    office, meter, _ = sold
    core = office.core
    slot.insert(blank_card)
    with pytest.raises(PermissionDenied):
        core.refunds.refund_on_demand(office.clerk, station, "no drawer")
    done = core.refunds.refund_on_demand(office.seller, station, "customer moving out")
    assert (done.first_seq, done.last_seq, done.kwh) == (2, 3, D("70.00"))
    assert done.paid == D("36.99")  # what the two purchases cost (26.42 + 10.57)
    assert station.read().entries is None  # nothing left on the card to apply
    with pytest.raises(StateError, match="nothing to refund"):
        core.refunds.refund_on_demand(office.seller, station, "again")
    slot.remove()
    assert [q for q, _, _ in sales(core, SaleStatus.REFUNDED)] == [2, 3]
    assert settle_and_check(office, slot, station, blank_card, meter) == D("36.99")
    assert_full_psc(blank_card)
    assert expected_cash(office, office.seller) == D("52.83") + D("26.42") + D(
        "10.57") - D("36.99")
    # the refunded sales stay in the books, found by the sales search
    found = core.sales_search.search(office.finance, SaleQuery(meter=M1))
    assert [r.status for r in found].count("refunded") == 2
    # the next purchase takes the freed sequence; the meter applies it, once
    slot.insert(blank_card)
    _, sale = core.cards.sell(office.seller, station, kwh="10")
    slot.remove()
    assert sale.purchase_seq == 2 and sale.quote.total == D("5.28")
    settle_and_check(office, slot, station, blank_card, meter)
    assert D(meter.state.balance_cu) / 100 == D("110.00")


def assert_full_psc(card) -> None:
    """A memory card's PSC error counter is full (nothing for a CPU card)."""
    from cards.memory_chip import MemoryImage, is_memory_image
    if is_memory_image(card):
        image = MemoryImage.from_json(card.read_text())
        assert image.tries == image.type.tries


def test_unpairing_one_meter_refunds_card_first_and_keeps_the_account(sold, slot, station,
                                                                      blank_card, tmp_path):
    office, meter, acc = sold
    core = office.core
    core.accounts.pair_meter(office.clerk, acc, M2, "single_phase")
    slot.insert(blank_card)
    with pytest.raises(StateError, match="not 000000000002"):
        core.refunds.unpair_meter(office.clerk, station, M2, "0", "meter removed")
    taken, rest = core.refunds.unpair_meter(office.clerk, station, M1, "40", "meter removed")
    assert station.read().entries is None
    slot.remove()
    assert (taken.kind, taken.first_seq, taken.last_seq, taken.paid) == ("unpair", 2, 3,
                                                                          D("36.99"))
    assert (rest.kwh, rest.paid) == (D("40.00"), D("21.13"))  # 40 of the applied 100 kWh
    with core.db.read() as s:
        m = s.scalar(select(Meter).where(Meter.number == M1))
        assert m.status == MeterStatus.CLOSED
        assert s.scalar(select(Card.status).where(Card.meter_id == m.id)) == CardStatus.CLOSED
    row = core.accounts.search(office.clerk, acc)[0]
    assert row.status == "open"
    assert core.customers.history(office.clerk, acc)[0].kind == "unpair"
    assert [a for _, _, a in refunds(core)] == [D("36.99"), D("21.13")]
    assert meter.insert(blank_card).credited_cu == 0  # the taken-back purchases never apply
    slot.insert(blank_card)
    with pytest.raises(StateError):
        core.cards.sell(office.seller, station, kwh="10")
    slot.remove()
    assert [r for r in refunds(core, RefundStatus.PENDING)] == []
