"""Moving in (建档导入): an office's customers, their meters, what each meter
still holds and the energy bought this billing year, from the old system's
spreadsheet. A dry run lists every row's problem; the commit checks again
and writes all rows in one transaction, or none; the import is one audited
event, listed afterwards, and its meters wait for their first cards (a list
to work through). The export writes the same columns, so a file exported
here imports into another station to the same state.

The file itself is read by the caller (receipts/table_file.py): the core
takes its rows as text.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import String, case, cast, exists, func, insert, select, update
from sqlalchemy.orm import Session

from db.models import (
    Card,
    CardStatus,
    Customer,
    CustomerImport,
    CustomerStatus,
    ImportedCustomer,
    Meter,
    MeterOpening,
    MeterStatus,
    MeterType,
    Operator,
    VendingKey,
)
from vending_app.core import audit, import_checks, settings
from vending_app.core.actor import Actor
from vending_app.core.errors import ValidationError
from vending_app.core.import_rows import COLUMNS, ImportRow, RowProblem
from vending_app.core.money import ZERO
from vending_app.core.permissions import Permission, requires
from vending_app.core.sales import billing_year_start
from vending_app.core.service import Service


@dataclass(frozen=True)
class ImportCheck:
    """A dry run's answer: what would go in, and every problem found."""
    rows: int
    customers: int
    meters: int
    problems: tuple[RowProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class ImportSummary:
    import_id: int
    imported_at: datetime
    file_name: str
    rows: int
    customers: int
    meters: int
    operator: str
    cards_to_issue: int


@dataclass(frozen=True)
class CardToIssue:
    import_id: int
    account_no: str
    old_account_no: str  # the old system's, as the customer's papers still show it
    name: str
    meter_number: str
    meter_type: str
    multiplier: int


@dataclass(frozen=True)
class ExportTable:
    header: tuple[str, ...]
    rows: list[tuple]


class ImportRefused(ValidationError):
    """The file has problems: nothing was imported. ``check`` lists them."""

    def __init__(self, check: ImportCheck):
        super().__init__("Problems in the file: {n}. Nothing was imported.",
                         n=len(check.problems))
        self.check = check


def table_digest(table: Sequence[Sequence[str]]) -> str:
    return hashlib.sha256(json.dumps(table, ensure_ascii=False).encode()).hexdigest()


class MovingInService(Service):
    @requires(Permission.OPEN_ACCOUNT)
    def dry_run(self, actor: Actor, table: Sequence[Sequence[str]]) -> ImportCheck:
        """Check every row; change nothing."""
        with self.db.read() as s:
            return _summary(table, *import_checks.check_table(s, table))

    @requires(Permission.OPEN_ACCOUNT)
    def commit(self, actor: Actor, file_name: str, table: Sequence[Sequence[str]]) -> int:
        """Every row in, in one transaction, or nothing (ImportRefused with
        every problem). Returns the import's number."""
        rows, problems = import_checks.read_rows(table)  # before the lock: the counter sells on
        with self.db.write() as s:
            problems = import_checks.in_order(problems + import_checks.against_database(s, rows))
            check = _summary(table, rows, problems)
            if not check.ok:
                raise ImportRefused(check)
            imp = CustomerImport(file_name=str(file_name)[-200:], file_sha256=table_digest(table),
                                 rows=check.rows, customers=check.customers, meters=check.meters,
                                 operator_id=actor.operator_id, station_code=actor.station_code)
            s.add(imp)
            s.flush()
            _write_rows(s, actor, imp.id, rows, self.core.today())
            audit.append(s, actor, "customer_import", "customer_import", imp.id, {
                "file": imp.file_name, "sha256": imp.file_sha256, "rows": imp.rows,
                "customers": imp.customers, "meters": imp.meters})
            return imp.id

    @requires(Permission.OPEN_ACCOUNT)
    def imports(self, actor: Actor) -> list[ImportSummary]:
        with self.db.read() as s:
            waiting = dict(s.execute(_waiting_cards().with_only_columns(
                MeterOpening.import_id, func.count()).group_by(MeterOpening.import_id)).all())
            return [ImportSummary(i.id, i.imported_at, i.file_name, i.rows, i.customers,
                                  i.meters, login or "", waiting.get(i.id, 0))
                    for i, login in s.execute(
                        select(CustomerImport, Operator.login)
                        .outerjoin(Operator, Operator.id == CustomerImport.operator_id)
                        .order_by(CustomerImport.id))]

    @requires(Permission.OPEN_ACCOUNT)
    def cards_to_issue(self, actor: Actor, import_id: int | None = None,
                       limit: int = 1000) -> list[CardToIssue]:
        """Imported meters still waiting for their first card, in file order."""
        q = _waiting_cards().outerjoin(
            ImportedCustomer, ImportedCustomer.customer_id == Customer.id).with_only_columns(
            MeterOpening.import_id, Customer.account_no, ImportedCustomer.old_account_no,
            Customer.name, Meter.number, Meter.meter_type, Meter.multiplier,
        ).order_by(Meter.id).limit(limit)
        if import_id is not None:
            q = q.where(MeterOpening.import_id == import_id)
        with self.db.read() as s:
            return [CardToIssue(i, acc, old or "", name, number, kind.value, mult)
                    for i, acc, old, name, number, kind, mult in s.execute(q)]

    @requires(Permission.OPEN_ACCOUNT)
    def export(self, actor: Actor) -> ExportTable:
        """The open customers and their meters, in the import's columns."""
        with self.db.read() as s:
            rows = import_checks.export_rows(s, self.core.today(), actor.station_code)
        self._note(actor, "customer_export", "customer_import", "", {"rows": len(rows)})
        return ExportTable(COLUMNS, rows)


def _summary(table, rows: list[ImportRow], problems: list[RowProblem]) -> ImportCheck:
    data_rows = sum(1 for r in table[1:] if any(r))
    customers = len({r.id_number for r in rows})
    meters = sum(1 for r in rows if r.meter_number)
    return ImportCheck(data_rows, customers, meters, tuple(problems))


def _waiting_cards():
    active = exists().where(Card.meter_id == Meter.id, Card.status == CardStatus.ACTIVE)
    return (select(Meter.id).join(MeterOpening, MeterOpening.meter_id == Meter.id)
            .join(Customer, Customer.id == Meter.customer_id)
            .where(Meter.status == MeterStatus.PAIRED, ~active))


def _write_rows(s: Session, actor: Actor, import_id: int, rows: list[ImportRow], today) -> None:
    """Core bulk inserts, one executemany per table for the whole file; the
    new ids are read back by their unique keys (one query per table)."""
    ids = {(kind, code): i for kind, code, i in s.execute(import_checks.code_ids())}
    first_of: dict[str, ImportRow] = {}
    for r in rows:
        first_of.setdefault(r.id_number, r)
    customer_ids = _insert_customers(s, actor, import_id, list(first_of.values()), ids)
    with_meter = [r for r in rows if r.meter_number]
    if not with_meter:
        return
    key_version = s.scalar(select(func.max(VendingKey.version))) or 1
    year_start = billing_year_start(today, settings.read(s, "billing.year_start_month",
                                                         actor.station_code))
    defaults = {t: settings.read(s, "threshold.single_phase_kwh" if t == MeterType.SINGLE_PHASE
                                 else "threshold.three_phase_kwh", actor.station_code)
                for t in MeterType}
    s.execute(insert(Meter.__table__), [
        {"number": r.meter_number, "customer_id": customer_ids[r.id_number],
         "meter_type": r.meter_type, "ct_ratio": r.ct_ratio, "pt_ratio": r.pt_ratio,
         "multiplier": r.ct_ratio * r.pt_ratio, "status": MeterStatus.PAIRED,
         "low_balance_threshold_kwh": defaults[r.meter_type] if r.threshold_kwh is None
         else r.threshold_kwh, "key_version": key_version, "purchase_seq": 0,
         "carry_kwh": ZERO, "writeback_counter": 0} for r in with_meter])
    meter_ids = dict(s.execute(select(Meter.number, Meter.id).join(
        ImportedCustomer, ImportedCustomer.customer_id == Meter.customer_id).where(
        ImportedCustomer.import_id == import_id)).all())
    s.execute(insert(MeterOpening.__table__), [
        {"meter_id": meter_ids[r.meter_number], "import_id": import_id,
         "customer_id": customer_ids[r.id_number], "remaining_kwh": r.remaining_kwh,
         "year_kwh": r.year_kwh, "year_start": year_start} for r in with_meter])


def _insert_customers(s: Session, actor: Actor, import_id: int, firsts: list[ImportRow],
                      ids: dict) -> dict[str, int]:
    """The customers, numbered as the counter numbers them (their id, 8
    digits): in under a provisional number, then renumbered in one UPDATE."""
    provisional = f"I{import_id}-"
    s.execute(insert(Customer.__table__), [
        {"account_no": f"{provisional}{n}", "name": r.name, "id_number": r.id_number,
         "phone": r.phone, "address": r.address, "team_id": ids[("team", r.team)],
         "category_id": ids[("category", r.category)], "status": CustomerStatus.OPEN,
         "opened_by": actor.operator_id} for n, r in enumerate(firsts)])
    new = Customer.account_no.startswith(provisional, autoescape=True)
    by_id_number = dict(s.execute(select(Customer.id_number, Customer.id).where(new)).all())
    s.execute(update(Customer.__table__).where(new).values(account_no=_eight_digits(Customer.id)))
    s.execute(insert(ImportedCustomer.__table__), [
        {"customer_id": by_id_number[r.id_number], "import_id": import_id,
         "old_account_no": r.old_account_no} for r in firsts])
    return by_id_number


def _eight_digits(column):
    """f"{id:08d}" in SQL, on SQLite and PostgreSQL alike."""
    return case((column < 10**8, func.substr(cast(column + 10**8, String), 2)),
                else_=cast(column, String))
