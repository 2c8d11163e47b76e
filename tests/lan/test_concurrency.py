"""Several counters on one real PostgreSQL server, selling to the same
customers at the same moment, and the books afterwards."""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal

import pytest
from sqlalchemy import select, text

from bench.lan import prepare_office, run_stations
from db.engine import Database
from db.models import LIVE_STATUSES, AuditEvent, Meter, Role, Sale, SaleStatus, Shift, Station
from db.scratch import scratch_database
from tests.conftest import PASSWORD, new_database_url, open_customer, pg_url
from vending_app.core import audit
from vending_app.core.actor import Actor
from vending_app.core.errors import HeldElsewhere, StateError
from vending_app.core.safety import sequence_problems
from vending_app.core.sales import SaleRequest
from vending_app.core.station import StationCore, register_station

STATIONS, SALES, METERS = 4, 30, 5


@pytest.fixture
def lan_office(tmp_path):
    url, drop = scratch_database(pg_url(), "vending_lan")
    yield url, prepare_office(url, STATIONS, METERS)
    drop()


def test_counters_selling_to_the_same_customers_at_once_keep_the_books_exact(lan_office, tmp_path):
    url, meters = lan_office
    reports, _ = run_stations(url, STATIONS, SALES, meters, tmp_path, card_latency_s=0.004)
    db = Database(url)
    with db.read() as s:
        sales = s.execute(select(Sale.receipt_no, Sale.purchase_seq, Meter.number, Sale.status,
                                 Sale.total_amount, Station.code, Sale.shift_id)
                          .join(Meter, Sale.meter_id == Meter.id)
                          .join(Station, Sale.station_id == Station.id)
                          .where(Sale.kind == "sale")).all()
        live = [r for r in sales if r.status in LIVE_STATUSES]
        # every sale a counter was told it made is recorded once, committed, as it was told
        told = {d["receipt"]: d for r in reports for d in r["sales"]}
        assert len(told) == STATIONS * SALES
        by_receipt = {r.receipt_no: r for r in live}
        assert len(live) == len(told) and set(by_receipt) == set(told)
        for receipt, d in told.items():
            row = by_receipt[receipt]
            assert row.status == SaleStatus.COMMITTED
            assert (row.number, row.purchase_seq, str(row.total_amount)) == \
                (d["meter"], d["seq"], d["total"])
        # no purchase sequence issued twice; each meter's run 1..n without a gap
        per_meter = defaultdict(list)
        for r in live:
            per_meter[r.number].append(r.purchase_seq)
        for number, seqs in per_meter.items():
            assert sorted(seqs) == list(range(1, len(seqs) + 1)), number
        assert len(per_meter) == METERS  # the customers really were shared
        # no receipt number repeats; each station's run 1..30
        assert not [n for n, c in Counter(r.receipt_no for r in sales if r.receipt_no).items()
                    if c > 1]
        for r in reports:
            numbers = sorted(int(d["receipt"].split("-")[1]) for d in r["sales"])
            assert numbers == list(range(1, SALES + 1))
            assert all(d["receipt"].startswith(r["station"] + "-") for d in r["sales"])
        # cash adds up: each counter's own tally is its shift's takings, to the fen
        for r in reports:
            mine = sum((x.total_amount for x in live if x.code == r["station"]), Decimal(0))
            assert mine == Decimal(r["cash"])
            assert Decimal(r["difference"]) == 0 and r["shift_sales"] == SALES
        assert s.scalar(select(Shift.id).where(Shift.status == "open")) is None
        assert sequence_problems(s) == []
        assert audit.verify(s).ok
    db.dispose()


def test_a_meter_mid_sale_at_one_counter_is_refused_at_another_naming_the_holder(
        office, card, backend):
    """Station S01 has reserved purchase 1 and is writing the card; S02's
    attempt is refused with who holds the meter, and S01 finishes."""
    open_customer(office, "000000000011")
    core2 = StationCore(office.core.db, "S02", hasher=office.core.auth.hasher,
                        clock=office.core.clock)
    from db.models import Role
    office.core.auth.create_operator(office.admin, "seller2", "Second Seller", Role.SELLER,
                                     PASSWORD)
    seller2 = core2.auth.login("seller2", PASSWORD)
    office.core.shifts.open(office.seller, "0")
    core2.shifts.open(seller2, "0")
    sale_id, order = office.core.sales.reserve(office.seller, SaleRequest("000000000011", kwh="5"))
    with pytest.raises(HeldElsewhere) as e:
        core2.sales.sell(seller2, SaleRequest("000000000011", kwh="5"), card)
    assert "station S01 (operator seller)" in str(e.value) and "purchase 1" in str(e.value)
    office.core.sales.commit(office.seller, sale_id)
    r = core2.sales.sell(seller2, SaleRequest("000000000011", kwh="5"), card)
    assert r.purchase_seq == 2 and r.receipt_no == "S02-00000001"
    # at its own counter the same state reads as "settle the card", not "held"
    office.core.sales.reserve(office.seller, SaleRequest("000000000011", kwh="5"))
    with pytest.raises(StateError, match="not settled yet") as e:
        office.core.sales.reserve(office.seller, SaleRequest("000000000011", kwh="5"))
    assert not isinstance(e.value, HeldElsewhere)


def test_a_row_locked_for_update_is_read_as_it_is_once_the_lock_is_held(request, tmp_path):
    """The race the station processes once lost: a counter reads a row, a
    second counter commits a new value, the first then locks the row. The
    lock must hand over the committed value, not the one first read, or the
    next purchase sequence (or receipt number) is computed from a stale one."""
    url = new_database_url("postgresql", request, tmp_path)
    db, other = Database(url), Database(url)
    sid = register_station(db, "S01")
    try:
        for lock in (lambda s: s.get(Station, sid, with_for_update=True),
                     lambda s: s.scalar(select(Station).where(Station.id == sid)
                                        .with_for_update())):
            with db.write() as s:
                held = s.get(Station, sid)  # kept, as the sale keeps its meter
                first = held.next_receipt_no
                with other.write() as o:
                    o.get(Station, sid).next_receipt_no = first + 1
                assert lock(s) is held and held.next_receipt_no == first + 1
    finally:
        other.dispose()
        db.dispose()


def test_a_counter_mid_transaction_does_not_hold_the_audit_chain(request, tmp_path):
    """An event joins the chain as its transaction commits: a counter that
    has recorded an event and is still at work (reading, pricing, writing
    the card) does not hold the office-wide chain lock, so another counter
    records and commits meanwhile; the chain is whole afterwards, in commit
    order. Before, the second counter waited for the first one's commit."""
    url = new_database_url("postgresql", request, tmp_path)
    db, other = Database(url), Database(url)
    sid = register_station(db, "S01")
    first, second = (Actor(None, "system", "System", Role.FINANCE, sid, "S01") for _ in "12")
    try:
        with db.write() as s:
            audit.append(s, first, "first_begun")
            s.execute(text("SELECT 1"))  # the transaction is open on the server
            with other.write() as o:
                o.execute(text("SET LOCAL lock_timeout = '3s'"))  # waits fail, not hang
                audit.append(o, second, "second_meanwhile")
        with db.read() as s:
            actions = list(s.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
            report = audit.verify(s)
        assert actions[-2:] == ["second_meanwhile", "first_begun"]
        assert report.ok, report.reason
    finally:
        other.dispose()
        db.dispose()
