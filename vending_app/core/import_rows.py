"""The customer import's file, one row at a time: the columns, and each
row's values checked with the same rules as the counter's forms. Every
problem names the row (as the spreadsheet numbers it: the header is row 1),
the column, what is wrong and how to fix it, each a Note the window shows in
the operator's language. Problems across rows and against the database are
core/moving_in.py's."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from db.models import MeterType
from vending_app.core import validation
from vending_app.core.conversion import parse_ratio
from vending_app.core.errors import Note, VendingError
from vending_app.core.money import ZERO, parse_kwh

COLUMNS = ("old_account_no", "name", "id_number", "phone", "address", "team", "category",
           "meter_number", "meter_type", "ct_ratio", "pt_ratio", "threshold_kwh",
           "remaining_kwh", "year_kwh")
METER_COLUMNS = COLUMNS[7:]

FIX = {
    "old_account_no": Note("Give the account number the old system used (up to 32 characters)."),
    "name": Note("Type the customer's name as on the ID card."),
    "id_number": Note("Type the 18-character resident ID, or the passport or other document "
                      "number."),
    "phone": Note("Type the phone number in digits only."),
    "address": Note("Type the premises' address (up to 200 characters)."),
    "team": Note("Use the code of a supply team this office has."),
    "category": Note("Use the code of a customer category this office has."),
    "meter_number": Note("Type the 12 digits printed on the meter's nameplate, or leave every "
                         "meter column empty for a customer without a meter."),
    "meter_type": Note("Use single_phase, three_phase or three_phase_ct."),
    "ct_ratio": Note("Type the CT ratio as 150/5 or 30; 1 for a meter without transformers."),
    "pt_ratio": Note("Type the PT ratio as 10000/100 or 100; 1 when there is none."),
    "threshold_kwh": Note("Type the low-balance threshold in primary kWh, or leave it empty for "
                          "the office's default."),
    "remaining_kwh": Note("Type the primary kWh the meter still holds (0 if none)."),
    "year_kwh": Note("Type the primary kWh bought this billing year (0 if none)."),
}


@dataclass(frozen=True)
class RowProblem:
    row: int  # as the spreadsheet numbers it (the header is row 1)
    column: str
    problem: Note  # what is wrong
    fix: Note  # how to put it right

    def __str__(self) -> str:
        return f"row {self.row}, {self.column}: {self.problem} {self.fix}"


@dataclass(frozen=True)
class ImportRow:
    """One checked row: a customer, and the meter it names (if any)."""
    row: int
    old_account_no: str
    name: str
    id_number: str
    phone: str
    address: str
    team: str
    category: str
    meter_number: str | None
    meter_type: MeterType | None
    ct_ratio: int
    pt_ratio: int
    threshold_kwh: Decimal | None  # None: the office's default for the type
    remaining_kwh: Decimal
    year_kwh: Decimal


def problem(row: int, column: str, said: Note | VendingError,
            fix: Note | None = None) -> RowProblem:
    return RowProblem(row, column, said if isinstance(said, Note) else Note.of(said),
                      fix or FIX[column])


class _Row:
    """Checks one row's cells, keeping every problem rather than the first."""

    def __init__(self, n: int, cells: dict[str, str]):
        self.n, self.cells, self.problems = n, cells, []

    def take(self, column: str, check, *args):
        try:
            return check(self.cells.get(column, ""), *args)
        except VendingError as e:
            self.problems.append(problem(self.n, column, e))
            return None

    def kwh(self, column: str, what: str, default: Decimal | None) -> Decimal | None:
        if not self.cells.get(column, ""):
            return default
        return self.take(column, parse_kwh, what, True)


def _meter_type(text: str) -> MeterType:
    try:
        return MeterType(text.strip().lower())
    except ValueError:
        raise VendingError("Meter type '{text}' is not known.", text=text[:40]) from None


def _old_account(text: str) -> str:
    t = validation.printable(text.strip(), "Old account number")
    if len(t) > 32:
        raise VendingError("Old account number is longer than {n} characters.", n=32)
    return t


def _code(text: str) -> str:
    return text.strip().upper()


def check_row(n: int, cells: dict[str, str]) -> tuple[ImportRow | None, list[RowProblem]]:
    r = _Row(n, cells)
    customer = (r.take("old_account_no", _old_account), r.take("name", validation.name),
                r.take("id_number", validation.id_number), r.take("phone", validation.phone),
                r.take("address", validation.name, "Address", 200), _code(cells["team"]),
                _code(cells["category"]))
    if not any(cells.get(c, "") for c in METER_COLUMNS):
        meter = (None, None, 1, 1, None, ZERO, ZERO)
    else:
        meter = _check_meter(r, cells)
    if r.problems:
        return None, r.problems
    return ImportRow(n, *customer, *meter), []


def _check_meter(r: _Row, cells: dict[str, str]) -> tuple:
    number = r.take("meter_number", validation.meter_number)
    kind = r.take("meter_type", _meter_type)
    ct = r.take("ct_ratio", parse_ratio, "CT ratio") if cells.get("ct_ratio") else 1
    pt = r.take("pt_ratio", parse_ratio, "PT ratio") if cells.get("pt_ratio") else 1
    if kind is not None and kind != MeterType.THREE_PHASE_CT and (ct or 1) * (pt or 1) != 1:
        r.problems.append(problem(r.n, "ct_ratio", Note(
            "Only a meter through transformers has a multiplier above 1.")))
    return (number, kind, ct, pt, r.kwh("threshold_kwh", "Threshold", None),
            r.kwh("remaining_kwh", "Remaining energy", ZERO),
            r.kwh("year_kwh", "Energy bought this year", ZERO))
