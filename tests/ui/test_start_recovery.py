"""A refund on demand whose station process died right after the card write:
the window started again lists it at sign-in (audited, as pending sales
are), and the customer's card, read, settles it: the card no longer holds
the purchases, so the refund is finished and the clerk is told to pay."""

import json
import os
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from cards.station import PcscCardStation
from db.models import AuditEvent, Refund, RefundStatus
from tests.conftest import PASSWORD
from tests.ui.conftest import banner, idle, sign_in

PROCESS = Path(__file__).resolve().parents[1] / "cards" / "refund_process.py"


def test_a_refund_killed_after_the_card_write_is_paid_at_the_next_start(station_app, desk,
                                                                         qtbot, db_url):
    core, seller = desk.core, desk.office.seller
    core.shifts.open(seller, "100")
    desk.slot.insert(desk.card)
    for kwh in ("50", "20"):
        core.cards.sell(seller, PcscCardStation(desk.keys), kwh=kwh)
    env = {**os.environ, "VENDING_FAULT_KILL_AT": "after_refund_card_write",
           "VENDING_PASSWORD": PASSWORD, "PYTHONPATH": str(PROCESS.parents[2])}
    proc = subprocess.run([sys.executable, str(PROCESS), db_url], env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == -9, proc.stderr  # died after the card write
    desk.slot.remove()
    [pending] = core.refunds.pending(seller)

    window = sign_in(qtbot, station_app, "seller")
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "waiting_for_card") is not None,
                    timeout=15000)
    notice = window.findChild(QMessageBox, "waiting_for_card").text()
    assert f"Refund {pending.refund_id}: purchases 1 to 2 of meter {pending.meter_number}" in (
        notice)
    with core.db.read() as s:
        event = s.scalar(select(AuditEvent).where(AuditEvent.action == "startup_recovery",
                                                  AuditEvent.entity == "refund"))
        assert json.loads(event.detail)["waiting_for_card"] == [pending.refund_id]
    window.findChild(QMessageBox, "waiting_for_card").accept()

    sale = window.page("sale")
    desk.slot.insert(desk.card)  # the card decides: it no longer holds them
    qtbot.waitUntil(lambda: f"refund {pending.refund_id} is completed" in banner(sale),
                    timeout=20000)
    idle(qtbot, sale)
    assert "pay the customer ¥36.99" in banner(sale)
    with core.db.read() as s:
        assert s.scalar(select(Refund.status)) == RefundStatus.DONE
    assert core.shifts.x_report(seller).refunds_amount == D("36.99")
    assert PcscCardStation(desk.keys).read().entries is None  # nothing left to apply


def test_the_refund_page_reads_the_card_on_insertion_and_settles_what_was_left(
        station_app, desk, qtbot, db_url):
    """The card goes back in on the refund page (F4), not the sale screen: the
    page reads it at once, says whose card it is and what the interrupted
    refund left to pay; the sale screen, brought up next, reads it again
    rather than show the purchases as still unapplied."""
    core, seller = desk.core, desk.office.seller
    core.shifts.open(seller, "100")
    desk.slot.insert(desk.card)
    core.cards.sell(seller, PcscCardStation(desk.keys), kwh="20")
    window = sign_in(qtbot, station_app, "seller")
    sale = window.open_page("sale")
    qtbot.waitUntil(lambda: sale.view is not None and len(sale.view.history) == 1,
                    timeout=20000)
    idle(qtbot, sale)
    env = {**os.environ, "VENDING_FAULT_KILL_AT": "after_refund_card_write",
           "VENDING_PASSWORD": PASSWORD, "PYTHONPATH": str(PROCESS.parents[2])}
    proc = subprocess.run([sys.executable, str(PROCESS), db_url], env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == -9, proc.stderr
    desk.slot.remove()
    refund = window.open_page("refund")
    desk.slot.insert(desk.card)
    qtbot.waitUntil(lambda: "is completed" in banner(refund), timeout=20000)
    idle(qtbot, refund)
    said = banner(refund)
    assert "Card of" in said and "meter 000000000001" in said and "pay the customer ¥10.57" in (
        said), said
    sale = window.open_page("sale")
    qtbot.waitUntil(lambda: sale.history.rowCount() == 1
                    and sale.history.index(0, 4).data() == "refunded", timeout=20000)
