"""the meters' monthly purchases, read by the suspicious-customer rules

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('purchase_months',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('meter_id', sa.Integer(), nullable=False),
    sa.Column('purchases', sa.Integer(), nullable=False),
    sa.Column('kwh', sa.BigInteger(), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('last_day', sa.Date(), nullable=False),
    sa.Column('longest_gap', sa.Integer(), nullable=False),
    sa.Column('prev_day', sa.Date(), nullable=True),
    sa.Column('gap_before', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['meter_id'], ['meters.id'],
                            name=op.f('fk_purchase_months_meter_id_meters')),
    sa.PrimaryKeyConstraint('month', 'meter_id', name=op.f('pk_purchase_months')),
    sqlite_with_rowid=False,
    )
    op.create_index('ix_purchase_months_meter', 'purchase_months', ['meter_id', 'month'])
    # Every meter's months from the sales so far (one pass), as the
    # recomputation of db/purchase_sql.py read when this revision was
    # written: frozen here, so that a later change never rewrites history.
    dialect = op.get_bind().dialect.name
    op.execute(BACKFILL.format(
        month=MONTH[dialect].format("d"), gap=DAYS[dialect].format("d", "prev")))


MONTH = {"sqlite": "date({0}, 'start of month')",
         "postgresql": "CAST(date_trunc('month', {0}) AS DATE)"}
DAYS = {"sqlite": "CAST(julianday({0}) - julianday({1}) AS INTEGER)",
        "postgresql": "({0} - {1})"}
BACKFILL = """INSERT INTO purchase_months (month, meter_id, purchases, kwh, first_day, last_day, longest_gap, prev_day, gap_before)
SELECT month, meter_id, COUNT(*) AS purchases, SUM(kwh) AS kwh, MIN(d) AS first_day,
       MAX(d) AS last_day, COALESCE(MAX(CASE WHEN prev >= month THEN {gap} END), 0)
           AS longest_gap,
       MAX(CASE WHEN prev < month THEN prev END) AS prev_day,
       MAX(CASE WHEN prev < month THEN {gap} END) AS gap_before
FROM (SELECT meter_id, d, kwh, {month} AS month,
             LAG(d) OVER (PARTITION BY meter_id ORDER BY d) AS prev
      FROM (SELECT meter_id, business_date AS d, primary_kwh AS kwh FROM sales
            WHERE kind = 'sale' AND status = 'committed' ) p) g
GROUP BY month, meter_id
"""


def downgrade() -> None:
    op.drop_index('ix_purchase_months_meter', table_name='purchase_months')
    op.drop_table('purchase_months')
