"""A sale on a memory card interrupted anywhere, every case in turn: the
card pulled at each pseudo-APDU of the sale (before the reader acts on it,
after, and torn mid-chunk in each write), on a card that carries the
meter's unread report and on one that does not, and the station killed at
each step of the sale. The customer takes the card to the meter straight
after the fault, then back to the counter, then to the meter again. After
every case: the meter credited only purchases the books hold, nothing is
pending, the meter holds exactly what was sold (nothing lost, nothing
twice), the card's record is what the database says, the drawer adds up
and the PSC error counter is full.

Everything is the real code but pcscd (the card is reached in memory, as
in test_card_model.py, so every case fits in CI); the same faults over
pcscd + vpcd + pyscard, a few of each, are in test_sale_faults.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from cards.memory_chip import MemoryImage
from cards.station import PcscCardStation
from db.engine import Database
from db.models import Meter, Refund, RefundStatus, Sale, SaleStatus
from tests.cards.conftest import make_meter
from tests.cards.test_card_model import Hand, Killed
from tests.cards.test_memory_cards import db_url  # noqa: F401 - in memory
from tests.conftest import FAST_HASHER, PASSWORD, open_customer
from vending_app.core import faults
from vending_app.core.errors import VendingError
from vending_app.core.station import StationCore

M1 = "000000000001"
HALF = None  # the reader's default tear: half of the write's bytes stick
# A sale on a card without an unread report: select the card type, read the
# error counter, read, present the PSC, write record and cleared report
# (124 bytes), read back. With one: the report's status byte is cleared
# (a 1-byte write) between the PSC and the record.
CLEAN = {5: "write"}
REPORTED = {5: "clear", 6: "write"}


def cases(writes: dict[int, str], apdus: int) -> list[tuple[int, str, int | None]]:
    out = []
    for n in range(1, apdus + 1):
        out += [(n, "before", None), (n, "after", None)]
        if writes.get(n) == "write":  # mid-chunk: one byte, half, all but one
            out += [(n, "torn", 1), (n, "torn", HALF), (n, "torn", 123)]
    return out


@pytest.fixture
def backend():
    return "sqlite"


@dataclass
class Counter:
    core: StationCore
    seller: object
    station: PcscCardStation
    hand: Hand
    card: MemoryImage
    meter: object
    now: int = 1_800_000_000

    def at_meter(self) -> int:
        self.now += 60
        result = self.meter.insert_memory(self.card, self.now)
        assert result.accepted or "damaged" in result.message, result.message
        return result.credited_cu

    def sell(self, fault=None, kwh="3") -> None:
        self.hand.insert(self.card, fault)
        try:
            self.core.cards.sell(self.seller, self.station, kwh=kwh)
        except VendingError:
            assert fault is not None
        assert fault is None or self.hand.card is None, f"{fault}: the card was never pulled"
        self.hand.insert(self.card)

    def present(self) -> None:
        self.hand.insert(self.card)
        self.core.cards.present(self.seller, self.station)

    def sold(self, statuses=(SaleStatus.COMMITTED,)) -> dict[int, int]:
        with self.core.db.read() as s:
            rows = s.execute(select(Sale.purchase_seq, Sale.secondary_kwh, Sale.total_amount)
                             .where(Sale.status.in_(statuses))).all()
        return {q: int(k * 100) for q, k, _ in rows}


@pytest.fixture(params=["sle4442", "sle4428"])
def counter(request, office, keys, tmp_path) -> Counter:
    hand = Hand()
    station = PcscCardStation(keys, connect=hand.connect)
    open_customer(office, M1)
    card = MemoryImage.blank(request.param)
    hand.insert(card)
    office.core.cards.issue_card(office.clerk, M1, station)
    office.core.shifts.open(office.seller, "0")
    return Counter(office.core, office.seller, station, hand, card, make_meter(keys, M1, tmp_path))


def recover_and_check(c: Counter, what: str) -> None:
    """Straight to the meter, back to the counter, to the meter again."""
    books = c.sold((SaleStatus.COMMITTED, SaleStatus.PENDING))
    last = c.meter.state.last_seq
    first = c.at_meter()  # whatever the card holds: only purchases the books hold
    fresh = range(last + 1, c.meter.state.last_seq + 1)
    assert all(q in books for q in fresh) and first == sum(books[q] for q in fresh), what
    c.present()
    assert c.core.sales.pending_sales() == [], what
    sold = c.sold()
    with c.core.db.read() as s:
        reported = s.scalar(select(Meter.reported_seq)) or 0
    on_card = {e.seq for e in c.station.read().entries or () if e.seq > reported}
    assert on_card == {q for q in sold if q > reported}, f"{what}: card and books differ"
    c.at_meter()
    assert c.at_meter() == 0, f"{what}: applied twice"
    assert c.meter.state.balance_cu == sum(sold.values()), f"{what}: lost or doubled"
    assert c.meter.state.last_seq == max(sold, default=0)
    with c.core.db.read() as s:
        takings = sum(s.scalars(select(Sale.total_amount).where(
            Sale.status == SaleStatus.COMMITTED)))
    assert c.core.shifts.x_report(c.seller).sales_amount == takings, what
    assert c.card.tries == c.card.type.tries, f"{what}: a wrong PSC"


def test_a_memory_card_pulled_at_each_apdu_of_a_sale_loses_nothing(counter):
    c = counter
    c.sell()
    c.at_meter()  # the card carries the meter's unread report
    # From this APDU on the purchase's write has begun (``sent`` in
    # PcscCardStation.write_purchase): a pull there leaves a sale that the
    # next read commits; before it nothing was written and the sale is
    # abandoned, its sequence free.
    every = [("reported", REPORTED, 7, 6), ("clean", CLEAN, 6, 4)]
    for state, writes, apdus, write_begins in every:
        for n, mode, tear in cases(writes, apdus):
            if state == "clean":
                c.present()  # the report is read and marked read
            count = len(c.sold())
            c.sell((n, mode, tear))
            what = f"{state} card, APDU {n} {mode} {tear}"
            recover_and_check(c, what)
            assert len(c.sold()) == count + (n >= write_begins), f"{what}: sold or not"


def test_a_memory_card_sale_with_the_station_killed_at_each_step(counter, db_url, clock,  # noqa: F811
                                                                 monkeypatch):
    c = counter
    for point in faults.POINTS:
        def die(name, point=point):
            if name == point:
                raise Killed(name)
        with monkeypatch.context() as m:
            m.setattr(faults, "point", die)
            c.hand.insert(c.card)
            with pytest.raises(Killed):
                c.core.cards.sell(c.seller, c.station, kwh="3")
        # a new station process on the same database settles what it can
        c.core = StationCore(Database(db_url), "S01", hasher=FAST_HASHER, clock=clock)
        c.seller = c.core.auth.login("seller", PASSWORD)
        c.core.sales.recover_pending(c.seller)
        recover_and_check(c, f"killed {point}")
    # killed after the reservation, the sale is finished when the card is read
    assert sorted(c.sold()) == [1, 2, 3, 4]
    assert D(c.meter.state.balance_cu) / 100 == 4 * D("3")


# --- a refund on demand: the same APDUs as a sale on a card without a report -----------
def refund(c: Counter, fault=None) -> None:
    c.hand.insert(c.card, fault)
    try:
        c.core.refunds.refund_on_demand(c.seller, c.station, "moving out")
    except VendingError:
        assert fault is not None
    assert fault is None or c.hand.card is None, f"{fault}: the card was never pulled"


def refund_recovered(c: Counter, what: str) -> None:
    """Straight to the meter, back to the counter, to the meter again: every
    purchase is applied or paid back, never both, nothing pending, the card
    and the books agree, the drawer pays back exactly the finished refunds."""
    c.at_meter()
    c.present()
    assert c.core.refunds.pending(c.seller) == [] and c.core.sales.pending_sales() == [], what
    c.at_meter()
    assert c.at_meter() == 0, f"{what}: applied twice"
    with c.core.db.read() as s:
        done = s.execute(select(Refund.first_seq, Refund.last_seq, Refund.amount)
                         .where(Refund.status == RefundStatus.DONE)).all()
        refunded = s.scalar(select(func.count(Sale.id)).where(
            Sale.status == SaleStatus.REFUNDED))
    assert refunded == sum(t - f + 1 for f, t, _ in done), f"{what}: refunded twice"
    assert c.meter.state.balance_cu == sum(c.sold().values()), f"{what}: lost or doubled"
    assert c.core.shifts.x_report(c.seller).refunds_amount == sum(a for _, _, a in done), what
    assert c.card.tries == c.card.type.tries, f"{what}: a wrong PSC"


def test_a_memory_card_pulled_at_each_apdu_of_a_refund_loses_nothing(counter):
    c = counter
    every = cases(CLEAN, 6)
    for n, mode, tear in every:
        c.sell(kwh="5")
        c.sell(kwh="4")  # two purchases on the card, not yet applied
        before = refunds_done(c)
        refund(c, (n, mode, tear))
        what = f"refund, APDU {n} {mode} {tear}"
        refund_recovered(c, what)
        # the refund's write (APDU 5) reached the card, whole or torn: the
        # next read finishes it; pulled before it, the refund never started
        reached = n > 5 or (n == 5 and mode != "before")
        assert refunds_done(c) == before + reached, f"{what}: refunded or not"


def refunds_done(c) -> int:
    with c.core.db.read() as s:
        return s.scalar(select(func.count(Refund.id)).where(Refund.status == RefundStatus.DONE))


def test_a_memory_card_refund_with_the_station_killed_at_each_step(counter, db_url, clock,  # noqa: F811
                                                                   monkeypatch):
    c = counter
    for point in faults.REFUND_POINTS:
        c.sell(kwh="5")
        def die(name, point=point):
            if name == point:
                raise Killed(name)
        with monkeypatch.context() as m:
            m.setattr(faults, "point", die)
            c.hand.insert(c.card)
            with pytest.raises(Killed):
                c.core.refunds.refund_on_demand(c.seller, c.station, "moving out")
        c.core = StationCore(Database(db_url), "S01", hasher=FAST_HASHER, clock=clock)
        c.seller = c.core.auth.login("seller", PASSWORD)
        refund_recovered(c, f"refund killed {point}")
    # Killed before the card was written, the purchase is still on the card
    # and the customer's meter applies it first: that refund is dropped (the
    # energy is theirs, nothing is paid); every later one is finished and paid.
    with c.core.db.read() as s:
        assert s.scalar(select(func.count(Refund.id)).where(
            Refund.status == RefundStatus.DONE)) == len(faults.REFUND_POINTS) - 1
    assert c.meter.state.balance_cu == 500
