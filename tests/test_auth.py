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


def _attempts(auth, login, password, n):
    """What n sign-ins tell the person typing: the messages, with the login
    itself taken out (it is echoed back either way)."""
    seen = []
    for _ in range(n):
        with pytest.raises(AuthenticationFailed) as e:
            auth.login(login, password)
        seen.append((type(e.value), str(e.value).replace(login.strip().lower(), "LOGIN")))
    return seen


@pytest.mark.parametrize("limit", [1, 3])
def test_an_unknown_login_is_told_apart_from_a_real_one_by_nothing(office, limit):
    """Wrong passwords lock an unknown login exactly as they lock a real one,
    so a few guesses do not reveal which logins exist."""
    auth = office.core.auth
    office.core.catalog.set_parameter(office.admin, "auth.max_failed_attempts", str(limit))
    real = _attempts(auth, "seller", "not-the-password", limit + 2)
    made_up = _attempts(auth, "no.such.login", "not-the-password", limit + 2)
    assert made_up == real
    assert "locked" in real[-1][1] and "Wrong login or password" in real[0][1]
    # the case and spaces a clerk types do not give a fresh counter
    assert _attempts(auth, " No.Such.Login ", PASSWORD, 1) == [real[-1]]


def test_a_disabled_operator_is_named_only_to_the_right_password(office):
    auth = office.core.auth
    auth.set_active(office.admin, "clerk", False)
    assert _attempts(auth, "clerk", "not-the-password", 1) == \
        _attempts(auth, "nobody", "not-the-password", 1)
    with pytest.raises(AuthenticationFailed, match="disabled"):
        auth.login("clerk", PASSWORD)


class _CountingHasher:
    """The fast test hasher, noting the parameters of every hash verified."""

    def __init__(self, hasher):
        self.hasher, self.verified = hasher, []

    def __getattr__(self, name):
        return getattr(self.hasher, name)

    def verify(self, hashed, password):
        self.verified.append(hashed.split("$")[3])  # m=...,t=...,p=...
        return self.hasher.verify(hashed, password)


def test_every_refusal_costs_the_same_password_hash_work(office):
    from tests.conftest import FAST_HASHER
    from vending_app.core.auth import AuthService
    office.core.catalog.set_parameter(office.admin, "auth.max_failed_attempts", "1")
    counting = _CountingHasher(FAST_HASHER)
    auth = AuthService(office.core, counting)
    for login in ["seller", "nobody", "seller", "nobody", "x" * 500, "\0"]:  # 3rd, 4th: locked
        with pytest.raises(AuthenticationFailed):
            auth.login(login, "not-the-password")
    with office.core.db.read() as s:
        real = s.scalar(select(Operator.password_hash).where(Operator.login == "seller"))
    assert counting.verified == [real.split("$")[3]] * 6


def test_failed_sign_ins_are_audited_without_breaking_on_odd_logins(office):
    auth = office.core.auth
    for login in ["x" * 10_000, "nul\0here", "\u202eevil", ""]:
        with pytest.raises(AuthenticationFailed, match="Wrong login or password"):
            auth.login(login, PASSWORD)
    with office.core.db.read() as s:
        targets = s.scalars(select(AuditEvent.entity_id).where(
            AuditEvent.action == "login", AuditEvent.outcome == "failed")).all()
    assert all(len(t) <= 64 and "\0" not in t for t in targets) and len(targets) == 4
    assert office.core.audit.verify_chain(office.admin).ok


def test_a_new_operator_does_not_inherit_the_failures_of_its_login(office):
    auth = office.core.auth
    office.core.catalog.set_parameter(office.admin, "auth.max_failed_attempts", "1")
    _attempts(auth, "newbie", "not-the-password", 2)
    auth.create_operator(office.admin, "newbie", "New Person", Role.SELLER, PASSWORD)
    assert auth.login("newbie", PASSWORD).login == "newbie"


def test_a_station_joins_the_registry_at_its_first_sign_in_not_before(office):
    from db.models import Station
    from tests.conftest import FAST_HASHER
    from vending_app.core.station import StationCore

    def stations():
        with office.core.db.read() as s:
            return set(s.scalars(select(Station.code)))
    before = stations()
    other = StationCore(office.core.db, "s77", hasher=FAST_HASHER)
    with pytest.raises(AuthenticationFailed):
        other.auth.login("seller", "not-the-password")
    assert stations() == before
    assert other.auth.login("seller", PASSWORD).station_code == "S77"
    assert stations() == before | {"S77"}
    for bad in ["", "S" * 17, "S\0", "Ｓ01", "S 01", "\u202eS01"]:
        with pytest.raises(ValidationError, match="Station code"):
            StationCore(office.core.db, bad, hasher=FAST_HASHER)
    assert stations() == before | {"S77"}
