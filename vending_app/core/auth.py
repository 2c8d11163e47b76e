"""Operators, passwords and sign-in.

Passwords are stored as argon2id hashes. Repeated wrong passwords lock the
operator out for a while; every sign-in, success or failure, is audited.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.models import AuditOutcome, LoginFailure, Operator, Role
from db.types import utcnow
from vending_app.core import audit, settings, validation
from vending_app.core.actor import Actor, system_actor
from vending_app.core.errors import (
    AuthenticationFailed,
    Conflict,
    NotFound,
    StateError,
    ValidationError,
    echo,
)
from vending_app.core.permissions import Permission, requires
from vending_app.core.service import Service

log = logging.getLogger(__name__)

MIN_PASSWORD = 8
LOGIN_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-")


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValidationError("A password needs at least {n} characters.", n=MIN_PASSWORD)


def check_login_rules(login: str) -> str:
    login = login.strip().lower()
    if not 2 <= len(login) <= 32 or not set(login) <= LOGIN_CHARS:
        raise ValidationError(
            "Login '{login}' must be 2-32 letters, digits, dots, dashes or underscores.",
            login=echo(login),
        )
    return login


class OperatorAction(enum.StrEnum):
    """What an administrator does to an existing operator."""
    DISABLE = "disable"
    ENABLE = "enable"
    UNLOCK = "unlock"
    RESET_PASSWORD = "reset-password"
    SET_ROLE = "set-role"


@dataclass(frozen=True)
class OperatorRow:
    """An operator as the operators list shows one."""
    login: str
    full_name: str
    role: str
    active: bool
    locked_until: datetime | None


@dataclass(frozen=True)
class OperatorChange:
    login: str
    action: OperatorAction


def _well_formed(login: str) -> bool:
    return 2 <= len(login) <= 32 and set(login) <= LOGIN_CHARS


def _login_failure(s, login: str) -> LoginFailure:
    """The failure counter of a login no operator has (made on first use)."""
    row = s.get(LoginFailure, login, with_for_update=True)
    if row is None:
        row = LoginFailure(login=login, failed_attempts=0)
        try:
            with s.begin_nested():
                s.add(row)
        except IntegrityError:  # another station counted it first
            row = s.get(LoginFailure, login, with_for_update=True, populate_existing=True)
    return row


class _Unkept:
    """The counter of a login that can never exist (bad characters, too
    long): nothing to keep, since no such operator can be made."""

    failed_attempts = 0
    locked_until = None


def _audit_target(typed: str) -> str:
    """The typed login as the audit log keeps it: printable and short (the
    column takes 64 characters, and PostgreSQL no NUL)."""
    text = typed if typed.isprintable() else typed.encode("unicode_escape").decode("ascii")
    return echo(text, 64)


def _locked(login: str, until) -> AuthenticationFailed:
    return AuthenticationFailed(
        "Operator {login} is locked after too many wrong passwords until {until} "
        "(UTC). Wait, or ask an administrator to unlock.",
        login=echo(login), until=until.strftime("%H:%M"))


class AuthService(Service):
    def __init__(self, core, hasher: PasswordHasher | None = None):
        super().__init__(core)
        self.hasher = hasher or PasswordHasher()
        # Verified against when the login is unknown, so timing does not tell.
        self._dummy_hash = self.hasher.hash("not-a-real-password")

    def _actor(self, op: Operator) -> Actor:
        return Actor(op.id, op.login, op.full_name, op.role, self.core.station_id,
                     self.core.station_code)

    def has_operators(self) -> bool:
        with self.db.read() as s:
            return s.scalar(select(func.count(Operator.id))) > 0

    def bootstrap_administrator(self, login: str, full_name: str, password: str) -> Actor:
        """The first administrator of a fresh install; refused once anyone exists."""
        login = check_login_rules(login)
        check_password_rules(password)
        with self.db.write() as s:
            if s.scalar(select(func.count(Operator.id))):
                raise StateError("Operators already exist: sign in as an administrator instead.")
            op = Operator(login=login, full_name=full_name, role=Role.ADMINISTRATOR,
                          password_hash=self.hasher.hash(password))
            s.add(op)
            s.flush()
            audit.append(s, system_actor(self.core.bind_station(s), self.core.station_code),
                         "operator_bootstrap", "operator", op.id, {"login": login})
            return self._actor(op)

    def login(self, login: str, password: str) -> Actor:
        """Sign in. A login no operator has is answered exactly like a real
        one: the same password-hash work, the same message, and the same
        lock-out after the same number of wrong passwords (counted per typed
        login in login_failures), so guessing does not reveal which logins
        exist. A disabled operator is told so only with the right password."""
        typed = str(login)
        login = typed.strip().lower()
        well_formed = _well_formed(login)
        failure: AuthenticationFailed | None = None
        with self.db.write() as s:
            op = s.scalar(select(Operator).where(Operator.login == login).with_for_update()) \
                if well_formed else None
            now = utcnow()
            # One hash verification on every path, whatever the outcome.
            right = self._verify(op.password_hash if op else self._dummy_hash, password)
            counter = op if op is not None else (
                _login_failure(s, login) if well_formed else _Unkept())
            if counter.locked_until and counter.locked_until > now:
                failure, detail = _locked(login, counter.locked_until), {"reason": "locked"}
            elif op is None or not right:
                detail = self._count_failure(s, counter, op is not None, now)
                failure = AuthenticationFailed("Wrong login or password.")
            elif not op.active:
                failure = AuthenticationFailed(
                    "Operator {login} is disabled. Ask an administrator.", login=login)
                detail = {"reason": "disabled"}
            else:
                actor = self._signed_in(s, op, password)
            if failure:
                who = system_actor(self.core.known_station_id(s), self.core.station_code)
                target = op.id if op is not None else _audit_target(typed)
                audit.append(s, who, "login", "operator", target, detail, AuditOutcome.FAILED)
        if failure:
            log.warning("sign-in refused at station %s for login %r: %s", self.core.station_code,
                        echo(typed, 64), failure)
            raise failure
        log.info("signed in at station %s: %s (%s)", actor.station_code, actor.login,
                 actor.role.value)
        return actor

    def _count_failure(self, s: Session, counter, known: bool, now) -> dict:
        """One more wrong password for ``counter`` (an operator, or a login
        no operator has); at the limit, the lock-out. The audit's detail."""
        counter.failed_attempts = (counter.failed_attempts or 0) + 1
        limit = settings.read(s, "auth.max_failed_attempts", self.core.station_code)
        detail = {"reason": "wrong password" if known else "unknown login",
                  "attempt": counter.failed_attempts}
        if counter.failed_attempts >= limit:
            minutes = settings.read(s, "auth.lockout_minutes", self.core.station_code)
            counter.locked_until = now + timedelta(minutes=minutes)
            counter.failed_attempts = 0
            detail["locked_minutes"] = minutes
        return detail

    def _signed_in(self, s: Session, op: Operator, password: str) -> Actor:
        op.failed_attempts = 0
        op.locked_until = None
        if self.hasher.check_needs_rehash(op.password_hash):
            op.password_hash = self.hasher.hash(password)
        self.core.bind_station(s)
        actor = self._actor(op)
        audit.append(s, actor, "login", "operator", op.id)
        self.core.stations.present(s, op.id, "signed in")
        return actor

    def logout(self, actor: Actor) -> None:
        with self.db.write() as s:
            audit.append(s, actor, "logout", "operator", actor.operator_id)
            self.core.stations.present(s, None, "signed out")
        log.info("signed out at station %s: %s", actor.station_code, actor.login)

    def _verify(self, hashed: str, password: str) -> bool:
        try:
            return self.hasher.verify(hashed, password)
        except (VerificationError, InvalidHashError):
            return False

    def change_own_password(self, actor: Actor, old: str, new: str) -> None:
        check_password_rules(new)
        with self.db.write() as s:
            op = s.get(Operator, actor.operator_id)
            if op is None or not self._verify(op.password_hash, old):
                raise AuthenticationFailed("The current password is wrong.")
            op.password_hash = self.hasher.hash(new)
            op.password_changed_at = utcnow()
            audit.append(s, actor, "password_change", "operator", op.id)

    @requires(Permission.MANAGE_OPERATORS)
    def create_operator(self, actor: Actor, login: str, full_name: str, role: Role,
                        password: str) -> int:
        login = check_login_rules(login)
        check_password_rules(password)
        if not full_name.strip():
            raise ValidationError("Enter the operator's full name.")
        full_name = validation.name(full_name, "Full name", 80)
        role = Role(role)
        with self.db.write() as s:
            if s.scalar(select(Operator.id).where(Operator.login == login)):
                raise Conflict("Login {login} is taken.", login=login)
            op = Operator(login=login, full_name=full_name.strip(), role=role,
                          password_hash=self.hasher.hash(password))
            s.execute(delete(LoginFailure).where(LoginFailure.login == login))
            s.add(op)
            s.flush()
            audit.append(s, actor, "operator_create", "operator", op.id,
                         {"login": login, "role": role.value})
            return op.id

    def _operator(self, s, login: str) -> Operator:
        op = s.scalar(select(Operator).where(Operator.login == login.strip().lower()))
        if op is None:
            raise NotFound("No operator with login {login}.", login=echo(login))
        return op

    @requires(Permission.MANAGE_OPERATORS)
    def reset_password(self, actor: Actor, login: str, new_password: str) -> None:
        check_password_rules(new_password)
        with self.db.write() as s:
            op = self._operator(s, login)
            op.password_hash = self.hasher.hash(new_password)
            op.password_changed_at = utcnow()
            op.failed_attempts, op.locked_until = 0, None
            audit.append(s, actor, "password_reset", "operator", op.id, {"login": op.login})

    @requires(Permission.MANAGE_OPERATORS)
    def set_active(self, actor: Actor, login: str, active: bool) -> None:
        with self.db.write() as s:
            op = self._operator(s, login)
            if op.id == actor.operator_id and not active:
                raise StateError("You cannot disable yourself.")
            op.active = active
            audit.append(s, actor, "operator_enable" if active else "operator_disable",
                         "operator", op.id, {"login": op.login})

    @requires(Permission.MANAGE_OPERATORS)
    def set_role(self, actor: Actor, login: str, role: Role) -> None:
        with self.db.write() as s:
            op = self._operator(s, login)
            old, op.role = op.role, Role(role)
            audit.append(s, actor, "operator_role", "operator", op.id,
                         {"login": op.login, "from": old.value, "to": op.role.value})

    @requires(Permission.MANAGE_OPERATORS)
    def unlock(self, actor: Actor, login: str) -> None:
        with self.db.write() as s:
            op = self._operator(s, login)
            op.failed_attempts, op.locked_until = 0, None
            audit.append(s, actor, "operator_unlock", "operator", op.id, {"login": op.login})

    @requires(Permission.MANAGE_OPERATORS)
    def change_operator(self, actor: Actor, login: str, action: OperatorAction,
                        password: str = "", role: Role | None = None) -> OperatorChange:
        """One administrator's action on an operator, as the window's
        operators page and 'operator set' offer them: the password is for
        RESET_PASSWORD, the role for SET_ROLE."""
        action = OperatorAction(action)
        if action in (OperatorAction.DISABLE, OperatorAction.ENABLE):
            self.set_active(actor, login, action is OperatorAction.ENABLE)
        elif action is OperatorAction.UNLOCK:
            self.unlock(actor, login)
        elif action is OperatorAction.RESET_PASSWORD:
            self.reset_password(actor, login, password)
        else:
            if role is None:
                raise ValidationError("Choose the operator's new role.")
            self.set_role(actor, login, Role(role))
        return OperatorChange(login.strip().lower(), action)

    @requires(Permission.MANAGE_OPERATORS)
    def list_operators(self, actor: Actor) -> list[OperatorRow]:
        with self.db.read() as s:
            return [OperatorRow(o.login, o.full_name, o.role.value, o.active, o.locked_until)
                    for o in s.scalars(select(Operator).order_by(Operator.login))]
