"""The administrator's lists and actions that the window and the CLI share:
one core function each, so both show and do the same."""

import pytest
from sqlalchemy import select

from db.models import AuditEvent, AuditOutcome, Setting
from tests.conftest import PASSWORD
from vending_app.core.auth import OperatorAction, OperatorChange
from vending_app.core.catalog import ParameterRow, TariffVersionRow
from vending_app.core.errors import AuthenticationFailed, NotFound, PermissionDenied
from vending_app.core.settings import PARAMS


def test_a_station_scope_is_stored_in_upper_case_and_applies(office):
    core = office.core
    core.catalog.set_parameter(office.admin, "printer.invoice", "none", "s01")
    with core.db.read() as s:
        assert s.scalars(select(Setting.scope).where(Setting.key == "printer.invoice")).all() \
            == ["S01"]
    assert core.catalog.parameter("printer.invoice") == "none"


def test_a_scope_that_is_no_station_is_refused(office):
    with pytest.raises(NotFound, match="There is no station S99"):
        office.core.catalog.set_parameter(office.admin, "printer.invoice", "none", " s99 ")
    with office.core.db.read() as s:
        assert s.scalar(select(Setting).where(Setting.key == "printer.invoice")) is None


def test_tariff_rows_are_one_per_version_with_tiers_as_typed(office):
    rows = office.core.catalog.tariff_rows(office.admin)
    assert [type(r) for r in rows] == [TariffVersionRow] * 2
    com, res = rows
    assert (com.code, res.code) == ("COM", "RES")
    assert res.tiers_text() == "2160.00:0.5283,4200.00:0.5783,*:0.8283"
    assert res.tiers_text("∞", ", ", ": ").endswith(", ∞: 0.8283")
    assert com.tiers_text() == "*:0.8500" and res.effective_to is None


def test_parameters_list_every_parameter_with_this_stations_value(office):
    office.core.catalog.set_parameter(office.admin, "invoice.paper", "80mm", "S01")
    rows = office.core.catalog.parameters()
    assert all(isinstance(r, ParameterRow) for r in rows)
    assert [r.key for r in rows] == list(PARAMS)
    assert {r.key: r.value for r in rows}["invoice.paper"] == "80mm"


def test_operator_actions_in_one_call(office):
    auth = office.core.auth
    done = auth.change_operator(office.admin, " Clerk ", OperatorAction.DISABLE)
    assert done == OperatorChange("clerk", OperatorAction.DISABLE)
    with pytest.raises(AuthenticationFailed, match="disabled"):
        auth.login("clerk", PASSWORD)
    auth.change_operator(office.admin, "clerk", "enable")
    auth.change_operator(office.admin, "clerk", OperatorAction.RESET_PASSWORD, "a-new-pass-1")
    assert auth.login("clerk", "a-new-pass-1").login == "clerk"
    auth.change_operator(office.admin, "clerk", OperatorAction.SET_ROLE, role="finance")
    assert auth.login("clerk", "a-new-pass-1").role.value == "finance"


def test_a_permission_is_checked_before_the_caller_asks_for_more(office):
    auth = office.core.auth
    auth.check_allowed(office.admin, auth.create_operator)
    with pytest.raises(PermissionDenied, match=r"A seller may not do this \(AuthService"):
        auth.check_allowed(office.seller, auth.create_operator)
    with office.core.db.read() as s:
        denied = s.scalars(select(AuditEvent.entity_id)
                           .where(AuditEvent.outcome == AuditOutcome.DENIED)).all()
    assert denied == ["AuthService.create_operator"]
