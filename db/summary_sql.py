"""The ledger's running totals (table ``ledger_days``) recomputed from the
ledger itself, in one SQL statement that runs on SQLite and PostgreSQL.

Amounts stay in their stored integer units (fen, hundredths of a kWh), so
the sums are exact. The same rules as ``vending_app.core.documents.ledger``:
committed or reversed sales and adjustments on their day, approved
reversals and refunds on theirs, each under the customer's team.
"""

from __future__ import annotations

COLUMNS = ("day", "team_id", "station_id", "lines", "sales", "sold_kwh", "flat_kwh",
           "adjustment_kwh", "amount", "reversed", "refunded", "through_shifts", "off_drawer",
           "committed_kwh")

_EVENTS = """
SELECT s.business_date AS day, c.team_id AS team_id, s.station_id AS station_id,
       CASE WHEN s.kind = 'sale' AND s.flat_kwh <> 0 THEN 2 ELSE 1 END AS lines,
       CASE WHEN s.kind = 'sale' THEN 1 ELSE 0 END AS sales,
       CASE WHEN s.kind = 'sale' THEN s.tier_kwh ELSE 0 END AS sold_kwh,
       CASE WHEN s.kind = 'sale' THEN s.flat_kwh ELSE 0 END AS flat_kwh,
       CASE WHEN s.kind = 'adjustment' THEN s.adjustment_kwh ELSE 0 END AS adjustment_kwh,
       CASE WHEN s.kind = 'sale' THEN s.total_amount ELSE 0 END AS amount,
       0 AS reversed, 0 AS refunded,
       CASE WHEN s.kind = 'sale' AND s.shift_id IS NOT NULL THEN s.total_amount ELSE 0 END
           AS through_shifts,
       0 AS off_drawer,
       CASE WHEN s.kind = 'sale' AND s.status = 'committed' THEN s.primary_kwh ELSE 0 END
           AS committed_kwh
FROM sales s JOIN customers c ON c.id = s.customer_id
WHERE s.status IN ('committed', 'reversed', 'refunded') AND s.kind IN ('sale', 'adjustment')
      {sale_where}
UNION ALL
SELECT r.business_date, c.team_id, s.station_id, 1, 0, -s.tier_kwh, -s.flat_kwh, 0,
       -s.total_amount, s.total_amount, 0,
       CASE WHEN r.shift_id IS NOT NULL THEN -s.total_amount ELSE 0 END,
       CASE WHEN r.shift_id IS NULL AND s.total_amount > 0 THEN s.total_amount ELSE 0 END, 0
FROM reversals r JOIN sales s ON s.id = r.sale_id JOIN customers c ON c.id = s.customer_id
WHERE r.status = 'approved' {sale_where}
UNION ALL
SELECT f.business_date, c.team_id, f.station_id, 1, 0, -f.kwh, 0, 0, -f.amount, 0, f.amount,
       CASE WHEN f.shift_id IS NOT NULL THEN -f.amount ELSE 0 END,
       CASE WHEN f.shift_id IS NULL AND f.amount > 0 THEN f.amount ELSE 0 END, 0
FROM refunds f JOIN customers c ON c.id = f.customer_id
WHERE f.status = 'done' {refund_where}
"""


def recompute_sql(by_station: bool = True, customer: bool = False) -> str:
    """SELECT the rows ``ledger_days`` should hold (``by_station``), or
    their sums per day and team; ``customer``: only the events of the
    customer bound as ``:customer_id``."""
    events = _EVENTS.format(
        sale_where="AND s.customer_id = :customer_id" if customer else "",
        refund_where="AND f.customer_id = :customer_id" if customer else "")
    keys = "day, team_id" + (", station_id" if by_station else "")
    sums = ", ".join(f"SUM({c})" for c in COLUMNS[3:])
    return f"SELECT {keys}, {sums} FROM ({events}) e GROUP BY {keys}"


def backfill_sql() -> str:
    return f"INSERT INTO ledger_days ({', '.join(COLUMNS)}) {recompute_sql()}"
