"""The customer import's checks across rows and against the database (one
customer per ID number, each meter once, codes that exist, nothing already
here), and the export in the same columns. Each problem is a RowProblem
(core/import_rows.py) with the row, the column, what and how to fix."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy import func, literal, select, union_all
from sqlalchemy.orm import Session

from db.models import (
    Customer,
    CustomerCategory,
    CustomerStatus,
    ImportedCustomer,
    Meter,
    MeterOpening,
    MeterStatus,
    Sale,
    SupplyTeam,
)
from vending_app.core import settings
from vending_app.core.errors import Note
from vending_app.core.import_rows import COLUMNS, ImportRow, RowProblem, check_row, problem
from vending_app.core.money import ZERO
from vending_app.core.sales import billing_year_start, live

CHUNK = 500
SAME = ("old_account_no", "name", "phone", "address", "team", "category")


def code_ids():
    """(kind, code) -> id of every team and category."""
    return union_all(
        select(literal("team"), SupplyTeam.code, SupplyTeam.id),
        select(literal("category"), CustomerCategory.code, CustomerCategory.id))


def check_table(s: Session, table: Sequence[Sequence[str]]) -> tuple[list[ImportRow],
                                                                     list[RowProblem]]:
    """Every check: each row's own, across rows, and against the database."""
    rows, problems = read_rows(table)
    return rows, in_order(problems + against_database(s, rows))


def read_rows(table: Sequence[Sequence[str]]) -> tuple[list[ImportRow], list[RowProblem]]:
    """The checks that need no database: the header, each row's values, and
    the rows against each other (the commit runs them before it locks)."""
    if not table:
        return [], [RowProblem(1, "", Note("The file is empty."),
                               Note("Start from the sample file: a header row, then one row "
                                    "per meter."))]
    header = [str(c).strip().lower() for c in table[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        return [], [RowProblem(1, c, Note("The column {column} is missing.", column=c),
                               Note("Add it to the header row, spelled as in the sample file."))
                    for c in missing]
    at = {c: header.index(c) for c in COLUMNS}
    rows, problems = [], []
    for n, cells in enumerate(table[1:], start=2):
        if not any(cells):
            continue
        values = {c: (str(cells[i]).strip() if i < len(cells) else "") for c, i in at.items()}
        row, found = check_row(n, values)
        problems += found
        if row is not None:
            rows.append(row)
    return rows, problems + _across_rows(rows)


def in_order(problems: list[RowProblem]) -> list[RowProblem]:
    """By row, then in the file's column order."""
    return sorted(problems, key=lambda p: (p.row, COLUMNS.index(p.column)
                                           if p.column in COLUMNS else -1))


def _across_rows(rows: list[ImportRow]) -> list[RowProblem]:
    """One customer per ID number (its rows agree), each meter on one row."""
    found, first_of, meter_at = [], {}, {}
    for r in rows:
        first = first_of.setdefault(r.id_number, r)
        for column in SAME:
            if getattr(r, column) != getattr(first, column):
                found.append(problem(r.row, column, Note(
                    "Differs from row {first}, which has the same ID number.", first=first.row),
                    Note("Make this customer's rows agree, or correct the ID number.")))
        if r.meter_number is None:
            if first is not r:
                found.append(problem(r.row, "meter_number", Note(
                    "The customer of row {first} is already in the file.", first=first.row),
                    Note("Remove this row, or give it a meter of the customer's.")))
            continue
        other = meter_at.setdefault(r.meter_number, r.row)
        if other != r.row:
            found.append(problem(r.row, "meter_number", Note(
                "Meter {number} is also on row {other}.", number=r.meter_number, other=other),
                Note("Keep each meter on one row only.")))
    return found


def _chunks(values: list[str]):
    for i in range(0, len(values), CHUNK):
        yield values[i:i + CHUNK]


def against_database(s: Session, rows: list[ImportRow]) -> list[RowProblem]:
    """Codes that exist here, customers and meters not here yet."""
    codes = {(kind, code) for kind, code, _ in s.execute(code_ids())}
    ids = sorted({r.id_number for r in rows})
    meters = sorted({r.meter_number for r in rows if r.meter_number})
    have_ids = {i: acc for part in _chunks(ids) for i, acc in s.execute(
        select(Customer.id_number, Customer.account_no).where(Customer.id_number.in_(part)))}
    have_meters = {n for part in _chunks(meters) for n in s.scalars(
        select(Meter.number).where(Meter.number.in_(part)))}
    found = []
    for r in rows:
        if ("team", r.team) not in codes:
            found.append(problem(r.row, "team", Note("There is no supply team {code} here.",
                                                     code=r.team)))
        if ("category", r.category) not in codes:
            found.append(problem(r.row, "category", Note(
                "There is no customer category {code} here.", code=r.category)))
        if r.id_number in have_ids:
            found.append(problem(r.row, "id_number", Note(
                "ID number {id} already has account {account} here.", id=r.id_number,
                account=have_ids[r.id_number]), Note(
                "Remove this customer's rows (the customer is already here), or correct the "
                "ID number.")))
        if r.meter_number in have_meters:
            found.append(problem(r.row, "meter_number", Note(
                "Meter {number} is already known here.", number=r.meter_number), Note(
                "Remove the row, or correct the meter number; a meter already here is paired "
                "at the counter.")))
    return found


def export_rows(s: Session, today: date, station_code: str) -> list[tuple]:
    """One row per paired meter of each open customer (a customer without a
    meter: one row, meter columns empty), in account order."""
    year_start = billing_year_start(today, settings.read(s, "billing.year_start_month",
                                                         station_code))
    openings = {m: (rem, kwh if start == year_start else ZERO) for m, rem, kwh, start in
                s.execute(select(MeterOpening.meter_id, MeterOpening.remaining_kwh,
                                 MeterOpening.year_kwh, MeterOpening.year_start))}
    bought = dict(s.execute(select(Sale.meter_id, func.sum(Sale.tier_kwh)).where(
        live(Sale.status), Sale.business_date >= year_start).group_by(Sale.meter_id)).all())
    meters: dict[int, list[Meter]] = {}
    for m in s.scalars(select(Meter).where(Meter.status == MeterStatus.PAIRED)
                       .order_by(Meter.id)):
        meters.setdefault(m.customer_id, []).append(m)
    out = []
    for c, team, cat, old in s.execute(_customers()):
        head = (old if old is not None else c.account_no, c.name, c.id_number, c.phone,
                c.address, team, cat)
        for m in meters.get(c.id) or [None]:
            out.append(head + _meter_cells(m, openings, bought))
    return out


def _customers():
    return (select(Customer, SupplyTeam.code, CustomerCategory.code,
                   ImportedCustomer.old_account_no)
            .join(SupplyTeam, SupplyTeam.id == Customer.team_id)
            .join(CustomerCategory, CustomerCategory.id == Customer.category_id)
            .outerjoin(ImportedCustomer, ImportedCustomer.customer_id == Customer.id)
            .where(Customer.status == CustomerStatus.OPEN).order_by(Customer.id))


def _meter_cells(m: Meter | None, openings: dict, bought: dict) -> tuple:
    if m is None:
        return ("",) * 7
    opening_left, opening_year = openings.get(m.id, (ZERO, ZERO))
    reported = m.reported_remaining_kwh  # the meter's word, when it has reported since
    left = opening_left if reported is None else reported * m.multiplier
    year = opening_year + Decimal(bought.get(m.id) or 0)
    return (m.number, m.meter_type.value, m.ct_ratio, m.pt_ratio,
            m.low_balance_threshold_kwh, left.quantize(Decimal("0.01")),
            year.quantize(Decimal("0.01")))
