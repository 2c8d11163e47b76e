"""The audit log is a hash chain: any edit, insertion or deletion is found."""

from sqlalchemy import delete, func, select, update

from db.models import AuditEvent


def test_chain_verifies_and_catches_tampering(office):
    core = office.core
    report = core.audit.verify_chain(office.finance)
    assert report.ok and report.checked > 10
    with core.db.write() as s:
        target = s.scalar(select(AuditEvent.id).where(AuditEvent.action == "operator_create"))
        s.execute(update(AuditEvent).where(AuditEvent.id == target)
                  .values(detail='{"login":"mallory","role":"administrator"}'))
    bad = core.audit.verify_chain(office.finance)
    assert not bad.ok and bad.broken_at == target and "changed" in bad.reason


def test_deleting_the_last_events_is_caught(office):
    core = office.core
    with core.db.write() as s:
        last = s.scalar(select(func.max(AuditEvent.id)))
        s.execute(delete(AuditEvent).where(AuditEvent.id == last))
    report = core.audit.verify_chain(office.admin)
    assert not report.ok and "removed" in report.reason


def test_deleting_an_event_in_the_middle_is_caught(office):
    core = office.core
    with core.db.write() as s:
        middle = s.scalar(select(AuditEvent.id).where(AuditEvent.action == "tariff_create"))
        s.execute(delete(AuditEvent).where(AuditEvent.id == middle))
    report = core.audit.verify_chain(office.admin)
    assert not report.ok and report.broken_at == middle + 1
