"""The meters' monthly purchases (table ``purchase_months``) recomputed from
the sales, in one SQL statement per database (SQLite and PostgreSQL differ
only in how a month is cut and days are counted).

A purchase is a sale (not an adjustment or a transfer) still committed.
Each purchase is paired with the meter's purchase before it (``lag``): the
month's first purchase gives ``prev_day`` and ``gap_before``, the others
the gaps inside the month.
"""

from __future__ import annotations

COLUMNS = ("month", "meter_id", "purchases", "kwh", "first_day", "last_day", "longest_gap",
           "prev_day", "gap_before")

_MONTH = {"sqlite": "date({0}, 'start of month')",
          "postgresql": "CAST(date_trunc('month', {0}) AS DATE)"}
_DAYS = {"sqlite": "CAST(julianday({0}) - julianday({1}) AS INTEGER)",
         "postgresql": "({0} - {1})"}

_RECOMPUTE = """
SELECT month, meter_id, COUNT(*) AS purchases, SUM(kwh) AS kwh, MIN(d) AS first_day,
       MAX(d) AS last_day, COALESCE(MAX(CASE WHEN prev >= month THEN {gap} END), 0)
           AS longest_gap,
       MAX(CASE WHEN prev < month THEN prev END) AS prev_day,
       MAX(CASE WHEN prev < month THEN {gap} END) AS gap_before
FROM (SELECT meter_id, d, kwh, {month} AS month,
             LAG(d) OVER (PARTITION BY meter_id ORDER BY d) AS prev
      FROM (SELECT meter_id, business_date AS d, primary_kwh AS kwh FROM sales
            WHERE kind = 'sale' AND status = 'committed' {where}) p) g
GROUP BY month, meter_id
"""


def recompute_sql(dialect: str, meter: bool = False) -> str:
    """SELECT the rows ``purchase_months`` should hold (``COLUMNS``, in that
    order); ``meter``: only those of the meter bound as ``:meter_id``."""
    return _RECOMPUTE.format(gap=_DAYS[dialect].format("d", "prev"),
                             month=_MONTH[dialect].format("d"),
                             where="AND meter_id = :meter_id" if meter else "")


def fill_sql(dialect: str, meter: bool = False) -> str:
    """INSERT what ``recompute_sql`` gives."""
    return f"INSERT INTO purchase_months ({', '.join(COLUMNS)}) {recompute_sql(dialect, meter)}"
