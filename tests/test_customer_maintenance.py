"""Customer maintenance through the services, on SQLite and PostgreSQL:
corrections kept as history, change of owner, category priced from its day,
change of team, suspension. (Unpairing and refunds need the card: see
tests/cards/test_refunds.py.)"""

from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from db.models import AuditEvent, Meter, Sale
from tests.conftest import meter_applied, new_id_number, open_customer
from vending_app.core.customer_edits import DetailsEdit
from vending_app.core.errors import Conflict, PermissionDenied, StateError, ValidationError
from vending_app.core.sales import SaleRequest

M1 = "000000000001"


@pytest.fixture
def account(office):
    return open_customer(office, M1)


def actions(core) -> list[str]:
    with core.db.read() as s:
        return list(s.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_an_edit_keeps_the_previous_values_as_history(office, account):
    core = office.core
    core.customers.edit_details(office.clerk, account, DetailsEdit(name="Li Lie", phone="13900139000"),
                                "typo at the counter")
    core.customers.edit_details(office.clerk, account, DetailsEdit(name="Li Lei"))
    row = core.accounts.search(office.clerk, account)[0]
    assert (row.name, row.phone) == ("Li Lei", "13900139000")
    newest, first = core.customers.history(office.clerk, account)
    assert first.kind == "edit" and first.reason == "typo at the counter"
    assert first.before == {"name": "Li Lei", "phone": "13800138000"}
    assert first.after == {"name": "Li Lie", "phone": "13900139000"}
    assert newest.before == {"name": "Li Lie"} and newest.operator == "clerk"
    assert actions(core).count("customer_edit") == 2
    with pytest.raises(ValidationError, match="Nothing to change"):
        core.customers.edit_details(office.clerk, account, DetailsEdit(name="Li Lei"))
    other = open_customer(office, "000000000002", name="Han Meimei")
    taken = core.accounts.search(office.clerk, other)[0].id_number
    with pytest.raises(Conflict):
        core.customers.edit_details(office.clerk, account, DetailsEdit(id_number=taken))
    with pytest.raises(PermissionDenied):
        core.customers.edit_details(office.seller, account, DetailsEdit(name="Wang"))


def test_a_change_of_owner_keeps_meters_balances_and_purchases(office, account, card):
    core = office.core
    core.shifts.open(office.seller, "0")
    core.sales.sell(office.seller, SaleRequest(M1, kwh="100"), card)
    old_id = core.accounts.search(office.clerk, account)[0].id_number
    new_id = new_id_number()
    core.customers.change_owner(office.clerk, account, "Zhao Xin", new_id, "2026-03-01",
                                phone="13700137000")
    row = core.accounts.search(office.clerk, "Zhao Xin")[0]
    assert (row.account_no, row.id_number, row.meters) == (account, new_id, (M1,))
    change = core.customers.history(office.clerk, account)[0]
    assert change.kind == "owner" and change.effective_from == date(2026, 3, 1)
    assert change.before == {"name": "Li Lei", "id_number": old_id, "phone": "13800138000"}
    with core.db.read() as s:
        assert s.scalar(select(Sale.primary_kwh)) == D("100.00")  # the purchase stays
    # the old holder's ID is free again: they may open an account elsewhere
    core.accounts.open_account(office.clerk, "Li Lei", old_id, "13800138000", "2 Hill Road",
                               "T1", "RESID")


def test_a_category_change_prices_sales_from_its_day(office, account, clock):
    core = office.core
    clock.set(date(2026, 3, 5))
    core.customers.change_category(office.clerk, account, "COMM", "2026-03-10")
    assert core.sales.quote(office.seller, M1, kwh="100").total == D("52.83")  # still RES
    clock.set(date(2026, 3, 10))
    assert core.sales.quote(office.seller, M1, kwh="100").total == D("85.00")  # COM from the 10th
    change = core.customers.history(office.clerk, account)[0]
    assert (change.before, change.after) == ({"category": "RESID"}, {"category": "COMM"})
    core.customers.change_category(office.clerk, account, "RESID", "2026-04-01")
    assert core.sales.quote(office.seller, M1, kwh="100").total == D("85.00")
    clock.set(date(2026, 4, 1))
    assert core.sales.quote(office.seller, M1, kwh="100").total == D("52.83")


def test_a_team_change_is_kept(office, account):
    core = office.core
    core.customers.change_team(office.clerk, account, "T2", "moved to the east feeder")
    assert core.accounts.search(office.clerk, account)[0].team == "T2"
    change = core.customers.history(office.clerk, account)[0]
    assert (change.kind, change.before, change.after) == ("team", {"team": "T1"}, {"team": "T2"})
    assert "customer_team" in actions(core)


def test_a_suspended_account_sells_nothing_until_reactivated(office, account, card):
    core = office.core
    core.shifts.open(office.seller, "0")
    core.customers.suspend(office.clerk, account, "meter tampering under review")
    with pytest.raises(StateError, match="suspended: no sales") as refused:
        core.sales.sell(office.seller, SaleRequest(M1, kwh="10"), card)
    assert refused.value.template.startswith("Account {account} is suspended")
    with pytest.raises(StateError):
        core.customers.suspend(office.clerk, account, "again")
    assert card.orders == []
    core.customers.reactivate(office.clerk, account, "review done")
    core.sales.sell(office.seller, SaleRequest(M1, kwh="10"), card)
    meter_applied(core, M1)
    assert [c.kind for c in core.customers.history(office.clerk, account)] == [
        "reactivate", "suspend"]
    with core.db.read() as s:
        assert s.scalar(select(Meter.purchase_seq)) == 1


def test_no_account_typed_is_asked_for_not_searched(office):
    with pytest.raises(ValidationError, match=r"^Enter the account number\.$"):  # "No account ."
        office.core.statements.statement(office.clerk, " ", date(2026, 1, 1), date(2026, 3, 1))
