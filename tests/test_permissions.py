"""Every guarded service call, for every role that lacks its permission, is
refused, audited as denied, and changes nothing else."""

import inspect

import pytest
from sqlalchemy import func, select

from db.models import AuditEvent, AuditOutcome, Role
from tests.conftest import table_counts
from vending_app.core.errors import PermissionDenied
from vending_app.core.permissions import MATRIX, Permission


def guarded_calls(core):
    for name in ("auth", "catalog", "accounts", "sales", "adjustments", "shifts", "reports", "audit",
                 "cards", "fieldwork", "documents", "previews", "statements", "sales_search",
                 "call_list", "audit_log"):
        service = getattr(core, name)
        for attr, fn in inspect.getmembers(type(service), inspect.isfunction):
            if hasattr(fn, "permission"):
                yield f"{name}.{attr}", getattr(service, attr), fn.permission


def row_counts(db):
    return table_counts(db, skip=("audit_events", "audit_head"))


def test_the_matrix_separates_duties():
    assert Permission.SELL not in MATRIX[Role.ADMINISTRATOR]
    assert Permission.APPROVE not in MATRIX[Role.SELLER]
    assert Permission.SELL not in MATRIX[Role.CLERK]
    assert all(p in {Permission.VIEW_REPORTS, Permission.VIEW_AUDIT, Permission.SEARCH_CUSTOMERS,
                     Permission.REPRINT_INVOICE, Permission.ANALYSES, Permission.MESSAGES}
               for p in MATRIX[Role.FINANCE])  # finance reads (and talks); it changes no books
    assert Permission.ANALYSES not in MATRIX[Role.SELLER]


def test_every_forbidden_call_is_refused_and_audited(office):
    core = office.core
    calls = list(guarded_calls(core))
    assert len(calls) >= 30, "the guarded surface shrank: did a decorator go missing?"
    actors = {Role.ADMINISTRATOR: office.admin, Role.CLERK: office.clerk,
              Role.SELLER: office.seller, Role.FINANCE: office.finance}
    before = row_counts(core.db)
    refused = 0
    for name, call, permission in calls:
        arity = len(inspect.signature(call).parameters) - 1  # minus the actor
        for role, actor in actors.items():
            if permission in MATRIX[role]:
                continue
            with core.db.read() as s:
                denied_before = s.scalar(select(func.count(AuditEvent.id)).where(
                    AuditEvent.outcome == AuditOutcome.DENIED))
            with pytest.raises(PermissionDenied):
                call(actor, *([None] * arity))
            with core.db.read() as s:
                last = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
                denied_after = s.scalar(select(func.count(AuditEvent.id)).where(
                    AuditEvent.outcome == AuditOutcome.DENIED))
            assert denied_after == denied_before + 1, name
            assert last.action == "permission_denied" and last.operator_id == actor.operator_id
            assert name.split(".")[1] in last.entity_id
            refused += 1
    assert refused > 60
    assert row_counts(core.db) == before
    assert core.audit.verify_chain(office.admin).ok
