"""Sign-in, lock-out and operator management."""

import pytest
from sqlalchemy import select

from db.models import AuditEvent, Operator, Role
from tests.conftest import PASSWORD
from vending_app.core.errors import AuthenticationFailed, Conflict, StateError, ValidationError


def test_wrong_passwords_lock_the_operator_out(office):
    auth = office.core.auth
    office.core.catalog.set_parameter(office.admin, "auth.max_failed_attempts", "3")
    for _ in range(3):
        with pytest.raises(AuthenticationFailed, match="Wrong login or password"):
            auth.login("seller", "not-the-password")
    with pytest.raises(AuthenticationFailed, match="locked"):
        auth.login("seller", PASSWORD)  # even the right password, while locked
    auth.unlock(office.admin, "seller")
    assert auth.login("seller", PASSWORD).role == Role.SELLER


def test_unknown_and_disabled_operators(office):
    auth = office.core.auth
    with pytest.raises(AuthenticationFailed, match="Wrong login or password"):
        auth.login("nobody", PASSWORD)
    auth.set_active(office.admin, "clerk", False)
    with pytest.raises(AuthenticationFailed, match="disabled"):
        auth.login("clerk", PASSWORD)
    with pytest.raises(StateError):
        auth.set_active(office.admin, "admin", False)


def test_passwords_are_argon2_hashes_and_sign_ins_are_audited(office):
    with office.core.db.read() as s:
        hashes = s.scalars(select(Operator.password_hash)).all()
        assert all(h.startswith("$argon2id$") and PASSWORD not in h for h in hashes)
        actions = s.scalars(select(AuditEvent.action)).all()
    assert actions.count("login") >= 3


def test_operator_rules(office):
    auth = office.core.auth
    with pytest.raises(ValidationError, match="at least 8"):
        auth.create_operator(office.admin, "newbie", "New Person", Role.SELLER, "short")
    with pytest.raises(Conflict):
        auth.create_operator(office.admin, "seller", "Again", Role.SELLER, PASSWORD)
    with pytest.raises(StateError):
        auth.bootstrap_administrator("root", "Root", PASSWORD)
    auth.reset_password(office.admin, "seller", "fresh-pass-2")
    assert auth.login("seller", "fresh-pass-2")
    actor = auth.login("finance", PASSWORD)
    auth.change_own_password(actor, PASSWORD, "finance-pass-3")
    with pytest.raises(AuthenticationFailed):
        auth.change_own_password(actor, PASSWORD, "whatever-123")
