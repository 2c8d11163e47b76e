"""Time the finance paperwork on the synthetic office (bench/synthetic_office.py):
the dekad sales detail sheet and the month-end team assessment, as data and
rendered to PDF and XLSX, beside the plain SQL dekad totals measured in the
same run as the baseline.

    python bench/reports.py                      # builds 50,000 customers, 10 years (SQLite)
    python bench/reports.py --db postgresql+psycopg://...   # an empty PostgreSQL database
    python bench/reports.py --customers 5000 --years 2      # quicker

Prints figures; asserts nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synthetic_office import office_from_args, table  # noqa: E402
from db.models import Sale  # noqa: E402
from receipts.export import sheet_xlsx  # noqa: E402
from receipts.sheet_pdf import sheet_pdf  # noqa: E402
from vending_app.core.periods import dekad_of  # noqa: E402
from vending_app.core.station import StationCore  # noqa: E402


def measure(core: StationCore, runs: int) -> None:
    finance = core.auth.login("finance", "bench-pass-1")
    docs = core.documents
    with core.db.read() as s:
        last = s.query(Sale.business_date).order_by(Sale.id.desc()).limit(1).scalar()
        nsales = s.query(Sale).count()
    # the last complete dekad and month before the newest sale
    p = dekad_of(last.replace(day=1) - last.resolution)
    y, m, i = p.start.year, p.start.month, (p.start.day - 1) // 10 + 1
    dekad = docs.dekad_sheet(finance, y, m, i, by="team")
    month = docs.month_end(finance, y, m)
    print(f"database: {core.db.backend}, {nsales:,} sales; dekad {p.label}: "
          f"{dekad.total['lines']:,} lines; month {y}-{m:02d}: {month.total['sales']:,} sales")
    cases = [
        ("baseline: dekad totals by team (SQL)", lambda: core.reports.totals(finance, p.start,
                                                                              p.end, "team")),
        ("dekad sheet by team, data", lambda: docs.dekad_sheet(finance, y, m, i, by="team"), 300),
        ("dekad sheet by seller, data", lambda: docs.dekad_sheet(finance, y, m, i, by="seller"),
         300),
        ("dekad sheet, one team, data", lambda: docs.dekad_sheet(finance, y, m, i, by="team",
                                                                 only="T1")),
        ("dekad sheet by team, PDF", lambda: sheet_pdf(dekad), 5000),
        ("dekad sheet by team, PDF, first page alone", lambda: sheet_pdf(dekad,
                                                                         first_page_only=True)),
        ("dekad sheet by team, XLSX", lambda: sheet_xlsx(dekad), 1000),
        ("month-end assessment, data", lambda: docs.month_end(finance, y, m), 2000),
        ("month-end assessment, PDF", lambda: sheet_pdf(month)),
    ]
    table("document", cases, runs, heavy=("PDF", "XLSX"))


def main() -> None:
    core, args = office_from_args(__doc__.split("\n\n")[0], runs=6)
    measure(core, args.runs)


if __name__ == "__main__":
    main()
