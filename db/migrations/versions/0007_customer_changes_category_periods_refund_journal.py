"""customer changes (history), category periods, refunds journalled (kind, status, sequences)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('customer_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('before', sa.Text(), nullable=False),
    sa.Column('after', sa.Text(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_customer_changes_customer_id_customers')),
    sa.ForeignKeyConstraint(['operator_id'], ['operators.id'], name=op.f('fk_customer_changes_operator_id_operators')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customer_changes'))
    )
    with op.batch_alter_table('customer_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_customer_changes_customer_id'), ['customer_id'], unique=False)

    op.create_table('category_periods',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['customer_categories.id'], name=op.f('fk_category_periods_category_id_customer_categories')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_category_periods_customer_id_customers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_category_periods'))
    )
    with op.batch_alter_table('category_periods', schema=None) as batch_op:
        batch_op.create_index('ix_category_periods_customer_from', ['customer_id', 'effective_from'], unique=False)

    with op.batch_alter_table('refunds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.Enum('close', 'on_demand', 'unpair', name='refundkind', native_enum=False, length=24), server_default='close', nullable=False))
        batch_op.add_column(sa.Column('status', sa.Enum('pending', 'done', 'abandoned', name='refundstatus', native_enum=False, length=24), server_default='done', nullable=False))
        batch_op.add_column(sa.Column('first_seq', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('last_seq', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('refunds', schema=None) as batch_op:
        batch_op.drop_column('last_seq')
        batch_op.drop_column('first_seq')
        batch_op.drop_column('status')
        batch_op.drop_column('kind')

    with op.batch_alter_table('category_periods', schema=None) as batch_op:
        batch_op.drop_index('ix_category_periods_customer_from')
    op.drop_table('category_periods')
    with op.batch_alter_table('customer_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_customer_changes_customer_id'))
    op.drop_table('customer_changes')
