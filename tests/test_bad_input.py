"""Bad input gets a clear error and changes nothing."""

from datetime import date

import pytest

from tests.conftest import new_id_number, open_customer
from tests.conftest import table_counts as snapshot
from vending_app.core.errors import (
    Conflict,
    NotFound,
    StateError,
    ValidationError,
    VendingError,
)
from vending_app.core.sales import SaleRequest

M1 = "000000000001"


@pytest.fixture
def ready(office):
    open_customer(office, M1)
    office.core.shifts.open(office.seller, "0")
    return office


def sell(office, card, meter=M1, **kw):
    return office.core.sales.sell(office.seller, SaleRequest(meter, **kw), card)


CASES = [
    ("unknown meter", lambda o, c: sell(o, c, "999999999999", kwh="10"), NotFound,
     "not known here"),
    ("malformed meter number", lambda o, c: sell(o, c, "12345", kwh="10"), ValidationError,
     "12 digits"),
    ("letters in the meter number", lambda o, c: sell(o, c, "00000000000A", kwh="10"),
     ValidationError, "12 digits"),
    ("negative energy", lambda o, c: sell(o, c, kwh="-5"), ValidationError, "more than zero"),
    ("negative money", lambda o, c: sell(o, c, amount="-5"), ValidationError, "more than zero"),
    ("absurd energy", lambda o, c: sell(o, c, kwh="1000000000000"), ValidationError,
     "is more than"),
    ("exponent", lambda o, c: sell(o, c, kwh="1e400"), ValidationError, "not a number"),
    ("absurd cash tendered", lambda o, c: sell(o, c, kwh="10", tendered="1e400"), ValidationError,
     "not a number"),
    ("decimal comma read as a thousands separator", lambda o, c: sell(o, c, amount="1,000"),
     ValidationError, "without thousands separators: 1000"),
    ("too many decimals", lambda o, c: sell(o, c, amount="10.005"), ValidationError,
     "decimal places"),
    ("not a number", lambda o, c: sell(o, c, kwh="ten"), ValidationError, "not a number"),
    ("both kWh and money", lambda o, c: sell(o, c, kwh="1", amount="1"), ValidationError,
     "either"),
    ("short tendered", lambda o, c: sell(o, c, kwh="100", tendered="10"), ValidationError,
     "less than the total"),
    ("duplicate customer ID", lambda o, c: o.core.accounts.open_account(
        o.clerk, "Han Meimei", o.core.accounts.search(o.clerk, M1)[0].id_number, "13900000000",
        "2 Well Road", "T1", "RESID"), Conflict, "already has account"),
    ("wrong ID check digit", lambda o, c: o.core.accounts.open_account(
        o.clerk, "Han Meimei", "110101198001010013", "13900000000", "2 Well Road", "T1",
        "RESID"), ValidationError, "check digit"),
    ("unknown team", lambda o, c: o.core.accounts.open_account(
        o.clerk, "Han Meimei", new_id_number(), "13900000000", "2 Well Road", "T9", "RESID"),
     NotFound, "No supply team"),
    ("meter paired twice", lambda o, c: o.core.accounts.pair_meter(
        o.clerk, o.core.accounts.search(o.clerk, M1)[0].account_no, M1, "single_phase"),
     Conflict, "already paired"),
    ("multiplier on a direct meter", lambda o, c: o.core.accounts.pair_meter(
        o.clerk, o.core.accounts.search(o.clerk, M1)[0].account_no, "000000000002",
        "single_phase", "150/5"), ValidationError, "transformers"),
    ("odd CT ratio", lambda o, c: o.core.accounts.pair_meter(
        o.clerk, o.core.accounts.search(o.clerk, M1)[0].account_no, "000000000002",
        "three_phase_ct", "150/7"), ValidationError, "whole ratio"),
    ("float money", lambda o, c: sell(o, c, amount=10.5), TypeError, "floats"),
]


@pytest.mark.parametrize("case,action,error,message", CASES, ids=[c[0] for c in CASES])
def test_bad_input_changes_nothing(ready, card, case, action, error, message):
    before = snapshot(ready.core.db)
    with pytest.raises(error, match=message):
        action(ready, card)
    after = snapshot(ready.core.db)
    after.pop("audit_events"), before.pop("audit_events")
    assert after == before
    assert card.orders == []


def test_closed_account_refuses_sales(ready, card):
    acc = ready.core.accounts.search(ready.clerk, M1)[0].account_no
    ready.core.accounts.close_account(ready.clerk, acc, {M1: "0"}, "customer moved away")
    before = snapshot(ready.core.db)
    with pytest.raises(StateError, match="closed"):
        sell(ready, card, kwh="10")
    with pytest.raises(StateError, match="closed"):
        ready.core.accounts.pair_meter(ready.clerk, acc, "000000000002", "single_phase")
    assert snapshot(ready.core.db) == before


def test_expired_tariff_refuses_sales(ready, card, clock):
    core = ready.core
    core.catalog.add_tariff(ready.admin, "OLD", "Retired tariff")
    core.catalog.add_tariff_version(ready.admin, "OLD", date(2020, 1, 1), "0.4500",
                                    effective_to=date(2025, 12, 31))
    core.catalog.add_category(ready.admin, "LEGACY", "Legacy", "OLD")
    open_customer(ready, "000000000003", category="LEGACY")
    before = snapshot(core.db)
    with pytest.raises(StateError, match="expired on 2025-12-31"):
        sell(ready, card, "000000000003", kwh="10")
    with pytest.raises(StateError, match="expired"):
        core.sales.quote(ready.seller, "000000000003", kwh="10")
    assert snapshot(core.db) == before


def test_no_sale_outside_a_shift(office, card):
    open_customer(office, M1)
    with pytest.raises(StateError, match="Open a shift"):
        sell(office, card, kwh="10")


def test_errors_keep_template_and_params_for_translation():
    e = ValidationError("Meter number '{text}' must be 12 digits.", text="12")
    assert isinstance(e, VendingError) and e.params == {"text": "12"}
    assert str(e) == "Meter number '12' must be 12 digits."
