"""audit seals (keyed chain), customer imports, thresholds in primary kWh

The existing chain keeps its plain hashes; its events have no seal yet. The
migration cannot seal them: the audit key comes from the vending keys, which
are locked while a database is migrated. The first station that unlocks the
keys seals every unsealed event, after checking their plain hashes, and
records an 'audit_seal' event saying how many it sealed (core/audit_seal.py).

Thresholds: a meter's low-balance threshold is now primary kWh. A threshold
a parameter card set on a meter with a multiplier was stored as secondary
kWh: it is multiplied back to primary (the default thresholds already were
the office's primary figures).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

_PARAM_SET = ("SELECT meter_id FROM tool_cards WHERE kind = 'parameter' AND status = 'done' "
              "AND threshold_kwh IS NOT NULL")


def _thresholds(op_: str) -> None:
    op.execute(f"UPDATE meters SET low_balance_threshold_kwh = low_balance_threshold_kwh {op_} "
               f"multiplier WHERE multiplier > 1 AND id IN ({_PARAM_SET})")
    op.execute(f"UPDATE tool_cards SET threshold_kwh = threshold_kwh {op_} (SELECT multiplier "
               "FROM meters WHERE meters.id = tool_cards.meter_id) WHERE kind = 'parameter' "
               "AND threshold_kwh IS NOT NULL")


def upgrade() -> None:
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seal', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('seal_version', sa.Integer(), nullable=True))
    with op.batch_alter_table('audit_head', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sealed_event_id', sa.Integer(), server_default='0',
                                      nullable=False))
        batch_op.add_column(sa.Column('sealed_mark', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('sealed_version', sa.Integer(), nullable=True))
    op.create_table('customer_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=200), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('customers', sa.Integer(), nullable=False),
    sa.Column('meters', sa.Integer(), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=True),
    sa.Column('station_code', sa.String(length=16), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['operator_id'], ['operators.id'], name=op.f('fk_customer_imports_operator_id_operators')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customer_imports'))
    )
    op.create_table('imported_customers',
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('old_account_no', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_imported_customers_customer_id_customers')),
    sa.ForeignKeyConstraint(['import_id'], ['customer_imports.id'], name=op.f('fk_imported_customers_import_id_customer_imports')),
    sa.PrimaryKeyConstraint('customer_id', name=op.f('pk_imported_customers'))
    )
    with op.batch_alter_table('imported_customers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_imported_customers_import_id'), ['import_id'], unique=False)
    op.create_table('meter_openings',
    sa.Column('meter_id', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('remaining_kwh', sa.BigInteger(), nullable=False),
    sa.Column('year_kwh', sa.BigInteger(), nullable=False),
    sa.Column('year_start', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_meter_openings_customer_id_customers')),
    sa.ForeignKeyConstraint(['import_id'], ['customer_imports.id'], name=op.f('fk_meter_openings_import_id_customer_imports')),
    sa.ForeignKeyConstraint(['meter_id'], ['meters.id'], name=op.f('fk_meter_openings_meter_id_meters')),
    sa.PrimaryKeyConstraint('meter_id', name=op.f('pk_meter_openings'))
    )
    with op.batch_alter_table('meter_openings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meter_openings_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meter_openings_import_id'), ['import_id'], unique=False)
    _thresholds("*")


def downgrade() -> None:
    _thresholds("/")
    with op.batch_alter_table('meter_openings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meter_openings_import_id'))
        batch_op.drop_index(batch_op.f('ix_meter_openings_customer_id'))
    op.drop_table('meter_openings')
    with op.batch_alter_table('imported_customers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_imported_customers_import_id'))
    op.drop_table('imported_customers')
    op.drop_table('customer_imports')
    with op.batch_alter_table('audit_head', schema=None) as batch_op:
        batch_op.drop_column('sealed_version')
        batch_op.drop_column('sealed_mark')
        batch_op.drop_column('sealed_event_id')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_column('seal_version')
        batch_op.drop_column('seal')
