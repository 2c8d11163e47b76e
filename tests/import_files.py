"""Customer files for the import tests and the bench: ``n`` customers of a
generated office, one meter each (every tenth a three-phase CT meter), with
remaining energy and energy bought this year."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from receipts.table_file import write_table
from vending_app.core.import_rows import COLUMNS
from vending_app.core.validation import resident_id_check_digit


def id_number(n: int) -> str:
    """A valid resident ID: a thousand customers per birthday from 1950."""
    born = date(1950, 1, 1) + timedelta(days=n // 1000)
    first = f"110101{born:%Y%m%d}{n % 1000:03d}"
    return first + resident_id_check_digit(first)


def rows(n: int, start: int = 0, teams=("T1", "T2"), categories=("RESID",)) -> list[tuple]:
    out = []
    for i in range(start, start + n):
        ct = i % 10 == 9
        out.append((f"OLD{i:07d}", f"Customer {i}", id_number(i), f"139{i:08d}",
                    f"{i} Well Road", teams[i % len(teams)], categories[i % len(categories)],
                    f"5{i:011d}", "three_phase_ct" if ct else "single_phase",
                    "150/5" if ct else "1", "1", "" if i % 7 else "20",
                    f"{i % 300}.50", f"{i % 2500}.00"))
    return out


def write(path: Path, n: int, **kw) -> Path:
    write_table(path, COLUMNS, rows(n, **kw))
    return path
