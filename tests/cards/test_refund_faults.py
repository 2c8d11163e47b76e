"""A refund on demand interrupted anywhere: the card pulled at each APDU,
the station killed at each step, on SQLite and PostgreSQL (the CPU card).
After the card is read again: nothing lost (every purchase is either
applied by the meter or paid back), nothing paid twice, card and books agree, the drawer adds up."""

import os
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

import pytest

from db.models import RefundStatus, SaleStatus
from tests.cards.refund_checks import refunds, sales, settle_and_check
from tests.conftest import PASSWORD
from vending_app.core import faults
from vending_app.core.errors import VendingError

from .test_refunds import assert_full_psc, sold  # noqa: F401 - the fixture

REFUND_APDUS = 4  # select, read, write record (and cleared report), read back


def check_once(office):
    """Each purchase is refunded at most once, and only by a finished refund."""
    core = office.core
    done = refunds(core)
    assert len(done) <= 1
    refunded = [q for q, _, _ in sales(core, SaleStatus.REFUNDED)]
    assert refunded == ([q for q in range(done[0][0], done[0][1] + 1)] if done else [])


# Pulled while the card is only read (APDUs 1-2) nothing is journalled yet: one
# case each; the write and its read-back get every mode.
CASES = [(1, "before"), (2, "after")] + [(n, mode) for n in (3, REFUND_APDUS)
                                          for mode in ("before", "after", "torn")]


@pytest.mark.parametrize("apdu,mode", CASES, ids=[f"apdu{n}-{m}" for n, m in CASES])
def test_card_pulled_at_each_apdu(sold, slot, station, blank_card, apdu, mode):  # noqa: F811
    office, meter, _ = sold
    slot.insert(blank_card, vanish_at=apdu, vanish_mode=mode)
    with pytest.raises(VendingError) as failed:
        office.core.refunds.refund_on_demand(office.seller, station, "moving out")
    inner = failed.value.params.get("e")
    assert inner is None or getattr(inner, "template", None), "the reader's words untranslatable"
    assert "vanished" in slot.wait_vanished()
    if office.core.refunds.pending(office.seller):  # journalled, not paid: not in the drawer
        x = office.core.shifts.x_report(office.seller)
        assert (x.refunds_count, x.refunds_amount) == (0, D(0))
    paid = settle_and_check(office, slot, station, blank_card, meter)
    check_once(office)
    assert paid in (D(0), D("36.99"))  # either finished, or nothing paid at all
    if not refunds(office.core):  # never started, or abandoned: it can be asked again
        slot.insert(blank_card)
        with pytest.raises(VendingError, match="nothing to refund"):
            office.core.refunds.refund_on_demand(office.seller, station, "again")
        slot.remove()


@pytest.mark.parametrize("point", faults.REFUND_POINTS)
def test_station_killed_at_each_step(sold, slot, station, blank_card, master, db_url,  # noqa: F811
                                     point):
    office, meter, _ = sold
    slot.insert(blank_card)
    env = {**os.environ, "VENDING_FAULT_KILL_AT": point, "VENDING_PASSWORD": PASSWORD,
           "VENDING_TEST_MASTER": master.hex(),
           "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.run([sys.executable, str(Path(__file__).parent / "refund_process.py"),
                           db_url], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == -9, proc.stderr  # it died where told to
    slot.remove()
    settle_and_check(office, slot, station, blank_card, meter)
    check_once(office)
    # Once journalled, the card decides when it is read again: still holding
    # the purchases (killed before the write), the refund is rolled back;
    # without them, it is finished and paid.
    rolled_back = point == "after_refund_reserve"
    assert [(f, t) for f, t, _ in refunds(office.core)] == ([] if rolled_back else [(2, 3)])
    assert len(refunds(office.core, RefundStatus.ABANDONED)) == int(rolled_back)


@pytest.mark.parametrize("apdu,mode", [(3, "after"), (REFUND_APDUS, "before")])
def test_asking_again_after_a_pull_pays_the_refund_the_card_finished(sold, slot, station,  # noqa: F811
                                                                     blank_card, apdu, mode):
    """The seller who puts the card back and presses Refund again is told to
    pay the refund that read finished, not 'nothing to refund' (the money
    would never reach the customer)."""
    office, _meter, _ = sold
    slot.insert(blank_card, vanish_at=apdu, vanish_mode=mode)
    with pytest.raises(VendingError):
        office.core.refunds.refund_on_demand(office.seller, station, "moving out")
    slot.wait_vanished()
    assert office.core.refunds.pending(office.seller)  # journalled, card may hold the change
    slot.insert(blank_card)
    again = office.core.refunds.refund_on_demand(office.seller, station, "moving out")
    slot.remove()
    assert (again.status, again.paid) == ("done", D("36.99"))
    assert refunds(office.core) == [(2, 3, D("36.99"))]


# --- memory cards: select the card type, read the PSC error counter, read,
# present the PSC, write the record (and cleared report, 124 bytes), read back.
# Every APDU and every tear on both chips run in memory in test_memory_faults.py.
MEMORY_CASES = [(5, "before"), (5, "torn"), (5, "after"), (6, "before")]


@pytest.fixture
def sle4442(slot):
    """Before ``sold``: the customer's card is an SLE4442."""
    slot.kind = "sle4442"


@pytest.mark.parametrize("apdu,mode", MEMORY_CASES, ids=[f"apdu{n}-{m}" for n, m in MEMORY_CASES])
def test_a_memory_card_pulled_mid_refund(sle4442, sold, slot, station, blank_card,  # noqa: F811
                                         apdu, mode):
    """Torn: half the record's bytes are new, half old; the meter refuses
    that record and the refund is finished when the card is read again."""
    test_card_pulled_at_each_apdu(sold, slot, station, blank_card, apdu, mode)
    assert_full_psc(blank_card)


@pytest.mark.parametrize("point", faults.REFUND_POINTS)
def test_a_memory_card_refund_killed_at_each_step(sle4442, sold, slot, station,  # noqa: F811
                                                  blank_card, master, db_url, point):
    test_station_killed_at_each_step(sold, slot, station, blank_card, master, db_url, point)
    assert_full_psc(blank_card)
