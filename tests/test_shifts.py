"""The shift state machine and its cash."""

from decimal import Decimal as D

import pytest

from tests.conftest import expected_cash, open_customer
from vending_app.core import periods
from vending_app.core.errors import StateError, ValidationError
from vending_app.core.sales import SaleRequest
from vending_app.core.shifts import CurrentShift


def test_shift_lifecycle_with_cash_moves(office, card):
    core, seller = office.core, office.seller
    open_customer(office, "000000000001")
    core.shifts.open(seller, "200.00")
    with pytest.raises(StateError, match="already have a shift"):
        core.shifts.open(seller, "0")
    core.sales.sell(seller, SaleRequest("000000000001", kwh="100", tendered="100"), card)
    core.shifts.move_cash(seller, "cash_in", "50.00", "change from the safe")
    core.shifts.move_cash(seller, "cash_out", "30.00", "handed to finance")
    x = core.shifts.x_report(seller)
    assert (x.sales_count, x.sales_amount, x.cash_in, x.cash_out) == (1, D("52.83"), D("50.00"),
                                                                      D("30.00"))
    assert x.expected_cash is None and x.blind  # the seller counts blind
    assert expected_cash(office, seller) == D("272.83")
    z = core.shifts.close(seller, "272.83")
    assert z.status == "closed" and z.difference == 0
    assert core.shifts.current(seller) is None


def test_a_difference_needs_a_note_where_the_count_is_not_blind(office):
    core = office.core
    core.catalog.set_parameter(office.admin, "shift.blind_count", "no")
    core.shifts.open(office.seller, "100.00")
    with pytest.raises(ValidationError, match="note"):
        core.shifts.close(office.seller, "99.00")
    z = core.shifts.close(office.seller, "99.00", "one yuan coin lost")
    assert z.status == "closed" and z.difference == D("-1.00")


def test_a_large_difference_waits_for_an_administrator(office, card):
    core = office.core
    opened = core.shifts.open(office.seller, "100.00")
    assert core.shifts.state(office.seller) == CurrentShift(opened, waiting=False)
    with pytest.raises(ValidationError, match=r"^Enter the counted cash\.$"):  # not "Counted"
        core.shifts.close(office.seller, "")
    z = core.shifts.close(office.seller, "20.00", "drawer short, investigating")
    assert z.status == "closing" and z.difference == D("-80.00")
    # what the status bar says: counted, waiting (neither open nor closed)
    assert core.shifts.state(office.seller) == CurrentShift(opened, waiting=True)
    with pytest.raises(StateError):
        core.shifts.open(office.seller, "0")  # still in CLOSING
    open_customer(office, "000000000001")
    with pytest.raises(StateError, match=f"Shift {opened} waits for an administrator"):
        core.sales.sell(office.seller, SaleRequest("000000000001", kwh="10"), card)  # not "open one"
    queue = core.adjustments.approval_queue(office.admin)
    assert [(a.kind, a.id) for a in queue] == [("shift", z.shift_id)]
    done = core.shifts.approve_close(office.admin, z.shift_id)
    assert done.status == "closed" and core.shifts.state(office.seller) is None
    core.shifts.open(office.seller, "0")


def test_a_pending_sale_blocks_closing(office, card):
    core = office.core
    open_customer(office, "000000000001")
    core.shifts.open(office.seller, "0")
    card.fail_next = True
    with pytest.raises(Exception, match="removed"):
        core.sales.sell(office.seller, SaleRequest("000000000001", kwh="10"), card)
    with pytest.raises(StateError, match="pending"):
        core.shifts.close(office.seller, "5.28")


def test_a_close_with_no_note_reads_as_such_in_the_approvals(office):
    core = office.core
    core.shifts.open(office.seller, "100.00")
    core.shifts.close(office.seller, "95.00")
    [waiting] = core.adjustments.approval_queue(office.admin)
    assert waiting.summary == "difference -5.00, no note"  # it read "difference -5.00:"


@pytest.mark.parametrize("ask", [lambda: periods.dekad(2026, 11, 4),
                                 lambda: periods.month(2026, 13),
                                 lambda: periods.dekad(26, 11, 1)])
def test_a_period_that_is_none_is_refused_in_words(ask):
    with pytest.raises(ValidationError):  # a ValueError read as "an unexpected error"
        ask()
