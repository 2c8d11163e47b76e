"""The blind count is blind: while a shift is open its seller sees what
they sold, never the expected cash, through any door the service layer
has (the X figures, a shift's figures, the X report sheet, a refused cash
out); the count comes first and the difference after. Finance and
administrators see it all; 'shift.blind_count = no' relaxes it."""

from decimal import Decimal as D

import pytest

from tests.conftest import expected_cash, open_customer
from vending_app.core.errors import ValidationError
from vending_app.core.sales import SaleRequest

M1 = "000000000001"


@pytest.fixture
def shift(office, card):
    open_customer(office, M1)
    office.core.shifts.open(office.seller, "100.00")
    office.core.sales.sell(office.seller, SaleRequest(M1, kwh="100", tendered="60"), card)
    return office.core.shifts.current(office.seller)


def _seen(sheet) -> str:
    return repr([sheet.sections, sheet.facts, sheet.total])


def test_the_seller_never_gets_the_expected_cash_while_the_shift_is_open(office, shift):
    core, seller = office.core, office.seller
    x = core.shifts.x_report(seller)
    assert (x.sales_count, x.sales_amount, x.sales_kwh) == (1, D("52.83"), D("100.00"))
    assert x.expected_cash is None and x.blind
    assert core.shifts.figures_of(seller, shift).expected_cash is None
    sheet = core.documents.shift_report(seller, z=False)
    assert "152.83" not in _seen(sheet) and "Cash expected" not in _seen(sheet)
    assert "52.83" in _seen(sheet)  # what was sold, yes
    # a cash-out above the drawer is not refused (the refusal would be an oracle)
    core.shifts.move_cash(seller, "cash_out", "1000.00", "probing the drawer")
    core.shifts.move_cash(seller, "cash_in", "1000.00", "put it back, sorry")
    # finance and the administrator see everything
    assert expected_cash(office, seller) == D("152.83")
    assert core.shifts.figures_of(office.admin, shift).expected_cash == D("152.83")
    finance_x = core.documents.shift_report(office.finance, shift, z=False)
    assert "152.83" in _seen(finance_x)


def test_the_count_comes_first_and_the_difference_after(office, shift):
    core, seller = office.core, office.seller
    z = core.shifts.close(seller, "150.00")  # short, no note: not refused (that would tell)
    assert z.status == "closing" and z.difference == D("-2.83") and z.expected_cash == D("152.83")
    assert core.shifts.figures_of(seller, shift).expected_cash == D("152.83")  # counted: shown
    assert not core.shifts.figures_of(seller, shift).blind
    done = core.shifts.approve_close(office.admin, shift)
    assert done.status == "closed"


def test_a_small_office_may_show_the_seller_the_expected_cash(office, shift):
    core, seller = office.core, office.seller
    core.catalog.set_parameter(office.admin, "shift.blind_count", "no")
    assert core.shifts.x_report(seller).expected_cash == D("152.83")
    with pytest.raises(ValidationError, match="drawer should not hold"):
        core.shifts.move_cash(seller, "cash_out", "1000.00", "too much by far")
    with pytest.raises(ValidationError, match="note"):
        core.shifts.close(seller, "150.00")
    assert core.shifts.close(seller, "152.83").status == "closed"
