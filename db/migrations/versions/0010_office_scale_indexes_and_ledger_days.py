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
    # The totals of everything sold so far (one pass over the ledger).
    from db.summary_sql import backfill_sql
    op.execute(backfill_sql())


def downgrade() -> None:
    op.drop_table('ledger_days')
    op.drop_index('ix_sales_meter_seq', table_name='sales')
    op.drop_index('ix_sales_meter_day', table_name='sales')
