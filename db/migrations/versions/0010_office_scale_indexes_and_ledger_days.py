"""office scale: the analyses' access paths and the ledger's running totals

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_sales_meter_day', 'sales',
                    ['meter_id', 'business_date', 'kind', 'status', 'primary_kwh'])
    op.create_index('ix_sales_meter_seq', 'sales',
                    ['meter_id', 'purchase_seq', 'status', 'secondary_kwh'])
    op.create_table('ledger_days',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('station_id', sa.Integer(), nullable=False),
    *[sa.Column(name, sa.BigInteger(), nullable=False) for name in (
        'lines', 'sales', 'sold_kwh', 'flat_kwh', 'adjustment_kwh', 'amount', 'reversed',
        'refunded', 'through_shifts', 'off_drawer', 'committed_kwh')],
    sa.ForeignKeyConstraint(['station_id'], ['stations.id'],
                            name=op.f('fk_ledger_days_station_id_stations')),
    sa.ForeignKeyConstraint(['team_id'], ['supply_teams.id'],
                            name=op.f('fk_ledger_days_team_id_supply_teams')),
    sa.PrimaryKeyConstraint('day', 'team_id', 'station_id', name=op.f('pk_ledger_days'))
    )
    # The totals of everything sold so far (one pass over the ledger), as the
    # recomputation of db/summary_sql.py read when this revision was written:
    # frozen here, so that a later change of the rules never rewrites history.
    op.execute(BACKFILL)


BACKFILL = """INSERT INTO ledger_days (day, team_id, station_id, lines, sales, sold_kwh, flat_kwh, adjustment_kwh, amount, reversed, refunded, through_shifts, off_drawer, committed_kwh) SELECT day, team_id, station_id, SUM(lines), SUM(sales), SUM(sold_kwh), SUM(flat_kwh), SUM(adjustment_kwh), SUM(amount), SUM(reversed), SUM(refunded), SUM(through_shifts), SUM(off_drawer), SUM(committed_kwh) FROM (
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
      
UNION ALL
SELECT r.business_date, c.team_id, s.station_id, 1, 0, -s.tier_kwh, -s.flat_kwh, 0,
       -s.total_amount, s.total_amount, 0,
       CASE WHEN r.shift_id IS NOT NULL THEN -s.total_amount ELSE 0 END,
       CASE WHEN r.shift_id IS NULL AND s.total_amount > 0 THEN s.total_amount ELSE 0 END, 0
FROM reversals r JOIN sales s ON s.id = r.sale_id JOIN customers c ON c.id = s.customer_id
WHERE r.status = 'approved' 
UNION ALL
SELECT f.business_date, c.team_id, f.station_id, 1, 0, -f.kwh, 0, 0, -f.amount, 0, f.amount,
       CASE WHEN f.shift_id IS NOT NULL THEN -f.amount ELSE 0 END,
       CASE WHEN f.shift_id IS NULL AND f.amount > 0 THEN f.amount ELSE 0 END, 0
FROM refunds f JOIN customers c ON c.id = f.customer_id
WHERE f.status = 'done' 
) e GROUP BY day, team_id, station_id
"""


def downgrade() -> None:
    op.drop_table('ledger_days')
    op.drop_index('ix_sales_meter_seq', table_name='sales')
    op.drop_index('ix_sales_meter_day', table_name='sales')
