from decimal import Decimal

from tests.conftest import open_customer
from vending_app.core.sales import SaleRequest


def test_a_sale_from_quote_to_receipt(office, card):
    core = office.core
    open_customer(office, "000000000001")
    core.shifts.open(office.seller, "100.00")
    q = core.sales.quote(office.seller, "000000000001", kwh="100")
    assert q.total == Decimal("52.83")
    r = core.sales.sell(office.seller, SaleRequest("000000000001", kwh="100", tendered="60"), card)
    assert r.receipt_no == "S01-00000001"
    assert r.change == Decimal("7.17")
    assert card.orders[0].secondary_kwh == Decimal("100.00")
    assert core.audit.verify_chain(office.admin).ok
