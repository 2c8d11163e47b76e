"""The operations layer: each user action, as the window and the CLI both
run it, says what it changed, so each page refreshes what it shows."""

from datetime import date

from tests.conftest import PASSWORD, new_id_number
from vending_app.core.auth import OperatorRow
from vending_app.operations import Changed, OpResult, accounts, admin, shifts


def test_a_shift_open_and_close_say_the_shifts_changed(office):
    core, seller = office.core, office.seller
    opened = shifts.open_shift(core, seller, "100")
    assert isinstance(opened, OpResult) and opened.value == core.shifts.current(seller)
    assert opened.changes == Changed.SHIFTS | Changed.AUDIT
    closed = shifts.close_shift(core, seller, "100")
    assert closed.changes & Changed.SHIFTS and not closed.changes & Changed.SALES
    assert closed.value.counted_cash == 100 and core.shifts.current(seller) is None


def test_the_operators_form_creates_then_changes_one_operator(office):
    core, adm = office.core, office.admin
    made = admin.operator_action(core, adm, admin.CREATE, "newbie", "New Bie", "seller",
                                 PASSWORD)
    assert (made.value, made.changes) == ("newbie", Changed.OPERATORS | Changed.AUDIT)
    disabled = admin.operator_action(core, adm, "disable", " NewBie ", "", "seller", "")
    assert disabled.value == "newbie"
    rows = {r.login: r for r in core.auth.list_operators(adm)}
    assert isinstance(rows["newbie"], OperatorRow) and rows["newbie"].active is False


def test_catalog_rows_are_typed_and_name_their_parents(office):
    added = admin.add_to_catalog(office.core, office.admin, "team", "t3", "Team three", "NORTH")
    assert added.changes == Changed.CATALOG | Changed.AUDIT
    rows = [(r.kind, r.code, r.parent) for r in admin.catalog_rows(office.core, office.admin)
            if r.kind != "tariff"]
    assert rows == [("area", "NORTH", ""), ("team", "T1", "NORTH"), ("team", "T2", "NORTH"),
                    ("team", "T3", "NORTH"), ("category", "COMM", "COM"),
                    ("category", "RESID", "RES")]


def test_a_version_of_a_new_tariff_adds_the_tariff_first_when_named(office):
    core, adm = office.core, office.admin
    done = admin.add_tariff_version(core, adm, "agr", date(2024, 1, 1), "0.4", name="Farms")
    assert done.changes == Changed.TARIFFS | Changed.AUDIT
    assert "AGR" in {r.code for r in core.catalog.tariff_rows(adm)}
    admin.add_tariff_version(core, adm, "AGR", date(2025, 1, 1), "0.45", name="")
    assert [r.effective_from.year for r in core.catalog.tariff_rows(adm) if r.code == "AGR"] \
        == [2024, 2025]


def test_an_account_opened_says_the_customers_changed(office):
    done = accounts.open_account(office.core, office.clerk, "Wang Wu", new_id_number(), "13800138000",
                                 "2 Well Road", "T1", "RESID")
    assert done.changes == Changed.CUSTOMERS | Changed.AUDIT
    assert [r.account_no for r in office.core.accounts.search(office.clerk, "Wang Wu")] \
        == [done.value]



def test_the_clerks_upkeep_says_customers_changed_and_keeps_history(office):
    from tests.conftest import open_customer
    from vending_app.core.customer_edits import DetailsEdit
    from vending_app.operations import customer_care as care
    core, clerk = office.core, office.clerk
    acc = open_customer(office, "000000000071", name="Li Lei")
    done = care.edit_details(core, clerk, acc, DetailsEdit(name="Li Leiming"), "typo")
    assert done.changes == Changed.CUSTOMERS | Changed.AUDIT
    suspended = care.set_suspended(core, clerk, acc, True, "asked for it")
    assert suspended.changes == Changed.CUSTOMERS | Changed.AUDIT
    assert care.set_suspended(core, clerk, acc, False, "back").changes & Changed.CUSTOMERS
    assert len(core.customers.history(clerk, acc)) >= 3
    assert care.MONEY_BACK & Changed.SHIFTS and care.MONEY_BACK & Changed.SALES
