"""The audit chain sealed with the audit key (core/audit_seal.py): an edit
whose plain hashes were recomputed is still found, events appended while
the keys were locked are sealed at the next unlock, and a chain head
printed on a sheet (the anchor) is proven to be still in the chain."""

import sqlite3

import pytest
from sqlalchemy import select

from db.models import AuditEvent, AuditHead
from tests.conftest import FAST_HASHER
from vending_app.core import audit
from vending_app.core.station import StationCore

PASSPHRASE = "a long key passphrase"


def rewrite_from(core, event_id: int, detail: str) -> None:
    """What an attacker with write access to the database does: edit an
    event, then recompute every plain hash after it and the head."""
    with core.db.write() as s:
        s.info[audit.SEALER] = None  # the attacker holds no key
        prev = None
        for ev in s.scalars(select(AuditEvent).where(AuditEvent.id >= event_id)
                            .order_by(AuditEvent.id)):
            if ev.id == event_id:
                ev.detail = detail
            else:
                ev.prev_hash = prev
            ev.hash = audit.rehash(ev)
            prev = ev.hash
        head = s.get(AuditHead, 1)
        head.last_hash = prev


def target_id(core, action: str) -> int:
    with core.db.read() as s:
        return s.scalar(select(AuditEvent.id).where(AuditEvent.action == action)
                        .order_by(AuditEvent.id))


def locked_core(core) -> StationCore:
    """Another process on the same database, without the keys."""
    return StationCore(core.db.__class__(core.db.url), "S01", hasher=FAST_HASHER,
                       clock=core.clock)


def test_a_recomputed_edit_is_found_by_the_seals(office):
    core = office.core
    core.keys.create_version(office.admin, PASSPHRASE)
    core.keys.unlock(office.admin, PASSPHRASE)  # seals the chain so far
    core.catalog.add_team(office.admin, "NORTH", "T3", "Team three")
    target = target_id(core, "operator_create")
    rewrite_from(core, target, '{"login":"mallory","role":"administrator"}')

    other = locked_core(core)  # the plain chain alone is fooled ...
    plain = other.audit.verify_chain(office.admin)
    assert plain.ok and not plain.seals_checked
    other.db.dispose()
    report = core.audit.verify_chain(office.admin)  # ... the seals are not
    assert not report.ok and report.broken_at == target and "seal" in report.reason


def test_events_appended_while_locked_are_sealed_at_the_next_unlock(office):
    core = office.core
    core.keys.create_version(office.admin, PASSPHRASE)
    other = locked_core(core)
    with other.db.read() as s:
        before = s.get(AuditHead, 1).last_event_id
    assert before > 10  # the office was built before any key existed: nothing sealed
    ring = core.keys.unlock(office.admin, PASSPHRASE)
    with core.db.read() as s:
        seal = s.scalar(select(AuditEvent).where(AuditEvent.action == "audit_seal"))
        assert '"first":true' in seal.detail and f'"to":{before}' in seal.detail
    other.catalog.add_team(office.admin, "NORTH", "T4", "Team four")  # locked: not sealed
    report = core.audit.verify_chain(office.admin)
    assert report.ok and report.seals_checked and report.unsealed >= 1
    core.keys.unlock(office.admin, PASSPHRASE)
    report = core.audit.verify_chain(office.admin)
    assert report.ok and report.unsealed == 0 and report.sealed == report.checked
    assert ring.versions == [1]
    other.db.dispose()


def test_a_station_that_holds_the_keys_seals_each_event_as_it_commits(office, caplog):
    """The common case: every event before this one is sealed, so the new
    ones are sealed as they are chained, after their link to the last
    sealed event is read back. A head whose hash was changed without the
    key is not sealed over."""
    core = office.core
    core.keys.create_version(office.admin, PASSPHRASE)
    core.keys.unlock(office.admin, PASSPHRASE)
    core.catalog.add_team(office.admin, "NORTH", "T6", "Team six")
    with core.db.read() as s:
        head = s.get(AuditHead, 1)
        last = s.get(AuditEvent, head.last_event_id)
        assert head.sealed_event_id == last.id and last.action == "team_create"
        assert last.seal is not None and last.seal_version == 1
    report = core.audit.verify_chain(office.admin)
    assert report.ok and report.unsealed == 0 and report.sealed == report.checked
    with core.db.write() as s:  # an edit of the head, without the key
        s.info[audit.SEALER] = None
        s.get(AuditHead, 1).last_hash = "f" * 64
    core.catalog.add_team(office.admin, "NORTH", "T7", "Team seven")
    assert "does not match the plain chain" in caplog.text
    with core.db.read() as s:
        head = s.get(AuditHead, 1)
        assert head.sealed_event_id < head.last_event_id
        assert s.get(AuditEvent, head.last_event_id).seal is None
    report = core.audit.verify_chain(office.admin)
    assert not report.ok and report.broken_at == head.last_event_id


def test_catching_up_stops_at_a_broken_event_with_the_mark_on_the_last_good_one(office):
    core = office.core
    core.keys.create_version(office.admin, PASSPHRASE)
    other = locked_core(core)
    for i in range(3):  # appended while no station holds the keys
        other.catalog.add_team(office.admin, "NORTH", f"U{i}", f"Team u{i}")
    with other.db.write() as s:  # an edit whose plain hash was not recomputed
        s.info[audit.SEALER] = None
        broken = s.scalar(select(AuditEvent).where(AuditEvent.action == "team_create")
                          .order_by(AuditEvent.id.desc()))
        broken.detail = '{"code":"X"}'
        broken_id = broken.id
    core.keys.unlock(office.admin, PASSPHRASE)
    with core.db.read() as s:
        head = s.get(AuditHead, 1)
        assert head.sealed_event_id == broken_id - 1
    report = core.audit.verify_chain(office.admin)
    assert not report.ok and report.broken_at == broken_id
    assert "content was changed" in report.reason
    other.db.dispose()


def test_a_sheet_prints_an_anchor_that_verifies(office):
    core = office.core
    sheet = core.documents.dekad_sheet(office.finance, 2026, 3, 1)
    anchor = next(value for en, _zh, value in sheet.facts if en == "Audit chain head")
    assert anchor.startswith("#") and len(anchor.split()[-1]) == 64
    core.catalog.add_team(office.admin, "NORTH", "T5", "Team five")
    month = core.documents.month_end(office.finance, 2026, 3)
    assert any(en == "Audit chain head" for en, _zh, _v in month.facts)
    report = core.audit.verify_chain(office.admin, (anchor,))
    assert report.ok and report.anchors_found == (anchor.split()[-1],)
    # An edit before the anchor, with the plain hashes recomputed, and no
    # key at this station: the anchor is no longer in the chain.
    rewrite_from(core, target_id(core, "tariff_create"), '{"code":"RES"}')
    report = core.audit.verify_chain(office.admin, (anchor,))
    assert not report.ok and "anchor" in report.reason
    with pytest.raises(Exception, match="not an audit anchor"):
        core.audit.verify_chain(office.admin, ("#12 beef",))


def test_audit_verify_from_the_command_line_finds_a_recomputed_edit(run_cli, tmp_path):
    run_cli("db", "upgrade")
    run_cli("demo", "seed", "--password", "demo-pass-1")
    keys = {"VENDING_KEY_PASSPHRASE": "a long key passphrase"}
    run_cli("--operator", "admin", "keys", "create", **keys)
    out = run_cli("--operator", "admin", "audit", "verify", **keys).stdout
    assert "audit chain intact" in out and "0 not sealed yet" in out
    db = sqlite3.connect(tmp_path / "cli.sqlite3")
    rows = db.execute("SELECT id, at, station_code, operator_id, operator_login, action, outcome,"
                      " entity, entity_id, detail FROM audit_events ORDER BY id").fetchall()
    from datetime import UTC, datetime
    prev = audit.GENESIS
    for n, row in enumerate(rows):
        detail = '{"forged":true}' if n == 3 else row[9]
        at = datetime.fromisoformat(row[1])
        h = audit.event_hash(prev, at.replace(tzinfo=UTC), row[2], row[3], row[4],
                             row[5], row[6], row[7], row[8], detail)
        db.execute("UPDATE audit_events SET detail = ?, prev_hash = ?, hash = ? WHERE id = ?",
                   (detail, prev, h, row[0]))
        prev = h
    db.execute("UPDATE audit_head SET last_hash = ?", (prev,))
    db.commit()
    db.close()
    assert "seals not checked" in run_cli("--operator", "admin", "audit", "verify").stdout
    p = run_cli("--operator", "admin", "audit", "verify", ok=False, **keys)
    assert p.returncode == 2 and f"event {rows[3][0]}" in p.stderr and "seal" in p.stderr
