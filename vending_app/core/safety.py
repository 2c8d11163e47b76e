"""The database's safety at the station: backups (on demand and on a
schedule), the vending keys' separate backup, integrity checks and
compaction, each audited.

The storage work itself (SQLite's backup API, pg_dump, PRAGMAs, VACUUM) is
``db.maintenance``; this adds what only the station knows: where its backups
go, who asked, the audit chain, and whether the card sequences and receipt
numbers still add up.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import maintenance, name_search
from db.models import (
    AuditEvent,
    BackupRecord,
    Meter,
    MeterReading,
    Sale,
    SaleStatus,
    Station,
    VendingKey,
)
from db.types import utcnow
from vending_app.core import audit, meter_months, purchase_months, settings, summaries
from vending_app.core.actor import Actor, system_actor
from vending_app.core.errors import StateError
from vending_app.core.permissions import Permission, requires
from vending_app.core.sales import live
from vending_app.core.service import Service
from vending_app.core.startup import (
    RestoreLoss,
    default_backups,
    default_key_backups,
    remember_backup_folder,
    restore_loss,
)

KEYS_FORMAT = "vending-keys/1"
COMMITTED_STATES = (SaleStatus.COMMITTED, SaleStatus.REVERSED, SaleStatus.REFUNDED)


def key_backup_doc(s: Session) -> dict:
    """The vending keys as they sit in the database: wrapped under the key
    passphrase (scrypt + AES-GCM), so the file is as safe as the passphrase."""
    rows = s.scalars(select(VendingKey).order_by(VendingKey.version)).all()
    return {"format": KEYS_FORMAT, "keys": [
        {"version": r.version, "wrapped": r.wrapped.hex(), "fingerprint": r.fingerprint}
        for r in rows]}


def sequence_problems(s: Session) -> list[str]:
    """Card sequences and receipt numbers: every meter's live purchases are
    numbered 1..its sequence without a gap or a twin, the meter never
    reported a purchase it was not sold, every committed sale has its audit
    event (and every audited commit its sale), and each station's receipts
    run 1..its counter. A committed sale lost with the SQLite write-ahead
    log shows here: its meter later reports a purchase the books lack."""
    return (_meter_problems(s) + _reported_problems(s) + _audit_problems(s)
            + _receipt_problems(s))


def _meter_problems(s: Session) -> list[str]:
    per_meter = (select(Sale.meter_id, func.count(Sale.id).label("n"),
                        func.count(func.distinct(Sale.purchase_seq)).label("d"),
                        func.max(Sale.purchase_seq).label("top"))
                 .where(live(Sale.status)).group_by(Sale.meter_id).subquery())
    return [f"meter {number}: sequence {seq}, {n or 0} live purchases ({d or 0} distinct, "
            f"highest {top or 0}), reported {reported or 0}"
            for number, seq, reported, n, d, top in s.execute(
                select(Meter.number, Meter.purchase_seq, Meter.reported_seq, per_meter.c.n,
                       per_meter.c.d, per_meter.c.top)
                .outerjoin(per_meter, per_meter.c.meter_id == Meter.id)
                .where((func.coalesce(per_meter.c.top, 0) != Meter.purchase_seq)
                       | (func.coalesce(per_meter.c.n, 0) != Meter.purchase_seq)
                       | (per_meter.c.n != per_meter.c.d)
                       | (func.coalesce(Meter.reported_seq, 0) > Meter.purchase_seq)))]


def _reported_problems(s: Session) -> list[str]:
    """What the meters said on their cards against what the books sold them."""
    seen = (select(MeterReading.meter_id, func.max(MeterReading.last_seq).label("top"))
            .where(MeterReading.authentic.is_(True)).group_by(MeterReading.meter_id).subquery())
    return [f"meter {number}: the meter reported purchase {top} applied, but the books end at "
            f"purchase {seq}: committed sales are missing (a lost database write?)"
            for number, seq, top in s.execute(
                select(Meter.number, Meter.purchase_seq, seen.c.top)
                .join(seen, seen.c.meter_id == Meter.id).where(seen.c.top > Meter.purchase_seq))]


def _audit_problems(s: Session) -> list[str]:
    """Every committed (or later reversed) sale was committed with an audit
    event in the same transaction; one without the other is a lost write."""
    sold = dict(s.execute(select(Sale.id, Sale.receipt_no)
                          .where(Sale.status.in_(COMMITTED_STATES))).all())
    audited = {int(i) for i in s.scalars(select(AuditEvent.entity_id).where(
        AuditEvent.action == "sale_commit", AuditEvent.entity == "sale"))}
    problems = [f"sale {sold[i]} (id {i}) is committed, but the audit log has no commit for it"
                for i in sorted(sold.keys() - audited)[:20]]
    problems += [f"the audit log commits sale id {i}, but the books have no committed sale "
                 f"{i}" for i in sorted(audited - sold.keys())[:20]]
    return problems


def _receipt_problems(s: Session) -> list[str]:
    problems = []
    for code, next_no, n, d, top in s.execute(
        select(Station.code, Station.next_receipt_no, func.count(Sale.receipt_no),
               func.count(func.distinct(Sale.receipt_no)), func.max(Sale.receipt_no))
        .outerjoin(Sale, Sale.station_id == Station.id).group_by(Station.id)
    ):
        expect_top = f"{code}-{next_no - 1:08d}" if next_no > 1 else None
        if n != next_no - 1 or d != n or top != expect_top:
            problems.append(f"station {code}: {n} receipts ({d} distinct, last {top}) but the "
                            f"counter says {next_no - 1}")
    return problems


@dataclass(frozen=True)
class BackupDone:
    backup: maintenance.BackupInfo
    keys_path: Path | None


class BackupFolders(NamedTuple):
    """Two different folders: one lost disk or folder does not take both."""
    database: Path
    keys: Path


class Compaction(NamedTuple):
    """The database file's size before and after (None: not a file)."""
    before: int | None
    after: int | None


class SafetyService(Service):
    def _param(self, key: str):
        with self.db.read() as s:
            return settings.read(s, key, self.core.station_code)

    def folders(self) -> BackupFolders:
        """Where this station puts database backups and key backups: two
        different folders, so one lost disk or folder does not take both."""
        db_dir = self._param("backup.folder") or str(default_backups())
        key_dir = self._param("backup.keys_folder") or str(default_key_backups())
        return BackupFolders(Path(db_dir).expanduser(), Path(key_dir).expanduser())

    @requires(Permission.MAINTAIN_DATABASE)
    def backup(self, actor: Actor, folder: Path | None = None,
               keys_folder: Path | None = None) -> BackupDone:
        return self._backup(actor, "on demand", folder, keys_folder)

    def _backup(self, actor: Actor, trigger: str, folder: Path | None = None,
                keys_folder: Path | None = None, claim: int | None = None) -> BackupDone:
        db_dir, key_dir = self.folders()
        db_dir, key_dir = Path(folder or db_dir), Path(keys_folder or key_dir)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        try:
            info = maintenance.backup(self.db.engine, db_dir / f"vending-{self.core.station_code}"
                                      f"-{stamp}.vbk", self.core.station_code)
            keys_path = None
            with self.db.read() as s:
                doc = key_backup_doc(s)
            if doc["keys"]:
                key_dir.mkdir(parents=True, exist_ok=True)
                keys_path = key_dir / f"vending-keys-{stamp}.json"
                keys_path.write_text(json.dumps(doc, indent=1))
        except (maintenance.MaintenanceError, OSError) as e:
            with self.db.write() as s:
                if claim is not None:
                    s.delete(s.get(BackupRecord, claim))
                audit.append(s, actor, "db_backup", "backup", "", {"trigger": trigger,
                             "error": str(e)}, audit.AuditOutcome.FAILED)
            if isinstance(e, OSError):
                raise StateError("The backup could not be written to {folder}: {error}. Free "
                                 "some space or choose another folder (backup.folder).",
                                 folder=db_dir, error=e.strerror or str(e)) from None
            raise StateError("The backup failed: {error}", error=str(e)) from None
        with self.db.write() as s:
            rec = s.get(BackupRecord, claim) if claim else BackupRecord()
            rec.made_at, rec.station_code, rec.operator_id = utcnow(), self.core.station_code, \
                actor.operator_id
            rec.trigger, rec.path, rec.size_bytes = trigger, str(info.path), info.path.stat().st_size
            rec.sha256, rec.rows = info.sha256, info.total_rows
            s.add(rec)
            s.flush()
            audit.append(s, actor, "db_backup", "backup", rec.id, {
                "trigger": trigger, "file": info.path.name, "sha256": info.sha256,
                "rows": info.total_rows, "keys": keys_path.name if keys_path else None})
        self._prune(db_dir)
        remember_backup_folder(self.core.station_code, db_dir)
        return BackupDone(info, keys_path)

    def _prune(self, folder: Path) -> None:
        keep = self._param("backup.keep")
        for old in maintenance.list_backups(folder)[keep:]:
            if old.station == self.core.station_code:
                old.path.unlink(missing_ok=True)

    def backup_due(self) -> bool:
        hours = self._param("backup.every_hours")
        if not hours:
            return False
        with self.db.read() as s:
            last = s.scalar(select(func.max(BackupRecord.made_at)))
        return last is None or utcnow() - last >= timedelta(hours=hours)

    def scheduled_backup(self) -> BackupDone | None:
        """The station's own duty, signed by the station: when a backup is
        due, the first station to claim it (under the audit chain's lock)
        makes it; the others see the claim and skip. Every window asks every
        few minutes, so the lock is taken only once a backup looks due."""
        if not self.backup_due():  # the usual answer, without the office-wide lock
            return None
        hours = self._param("backup.every_hours")
        actor = system_actor(self.core.station_id, self.core.station_code)
        with self.db.write() as s:
            audit.lock_head(s)
            last = s.scalar(select(func.max(BackupRecord.made_at)))
            if last is not None and utcnow() - last < timedelta(hours=hours):
                return None
            rec = BackupRecord(made_at=utcnow(), station_code=self.core.station_code,
                               trigger="claimed", path="", size_bytes=0, sha256="", rows=0)
            s.add(rec)
            s.flush()
            claim = rec.id
        return self._backup(actor, "scheduled", claim=claim)

    @requires(Permission.MAINTAIN_DATABASE)
    def backups(self, actor: Actor) -> list[maintenance.BackupInfo]:
        return maintenance.list_backups(self.folders()[0])

    @requires(Permission.MAINTAIN_DATABASE)
    def check(self, actor: Actor, full: bool = True) -> maintenance.CheckReport:
        report = maintenance.check_storage(self.db.engine, full)
        if report.ok:
            with self.db.read() as s:
                chain = audit.verify(s)
                report.checks.append(f"audit chain ({chain.checked} events)")
                if not chain.ok:
                    report.problems.append(f"audit chain broken at event {chain.broken_at}: "
                                           f"{chain.reason}")
                report.checks.append("card sequences and receipt numbers")
                report.problems += sequence_problems(s)
                report.checks.append("ledger running totals (recomputed)")
                report.problems += summaries.problems(s)
                report.checks.append("meters' months for line loss (recomputed)")
                report.problems += meter_months.problems(s, self.core.clock().tzinfo)
                report.checks.append("meters' monthly purchases (recomputed)")
                report.problems += purchase_months.problems(s)
            # FTS5's own check (the full one) is written as an INSERT: a write
            # transaction, so that it waits for a counter's write, not fails.
            with (self.db.write() if full else self.db.read()) as s:
                names = name_search.inspect_index(s, full)
            report.checks.append(names.check)
            report.problems += names.problems
        with self.db.write() as s:
            audit.append(s, actor, "db_check", "database", "", {
                "checks": report.checks, "problems": report.problems[:20]},
                audit.AuditOutcome.OK if report.ok else audit.AuditOutcome.FAILED)
        return report

    @requires(Permission.MAINTAIN_DATABASE)
    def reindex(self, actor: Actor) -> name_search.Reindexed:
        """Make the customer name index again from the customers (after `db
        check` found it out of step, or once PostgreSQL's pg_trgm is there)."""
        with self.db.write() as s:
            done = name_search.rebuild(s)
            audit.append(s, actor, "db_reindex", "database", "", {
                "names": done.names, "indexed": done.indexed})
        return done

    @requires(Permission.MAINTAIN_DATABASE)
    def restore_loss(self, actor: Actor, backup: Path) -> RestoreLoss | None:
        """An administrator's look at what restoring ``backup`` over this
        working database would lose; audited, as the restore itself is."""
        loss = restore_loss(backup, self.db.url.render_as_string(hide_password=False))
        self._note(actor, "db_restore_review", "backup", Path(backup).name, {
            "lost_sales": loss.sales if loss else None,
            "lost_events": loss.events if loss else None})
        return loss

    @requires(Permission.MAINTAIN_DATABASE)
    def compact(self, actor: Actor) -> Compaction:
        before, after = maintenance.compact(self.db.engine)
        self._note(actor, "db_compact", "database", "", {"before": before, "after": after})
        return Compaction(before, after)
