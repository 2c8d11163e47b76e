"""areas, teams and customer categories can be retired, as tariffs can

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

TABLES = ('supply_areas', 'supply_teams', 'customer_categories')


def upgrade() -> None:
    for table in TABLES:  # a plain ALTER TABLE: a rebuilt table would trip its foreign keys
        op.add_column(table, sa.Column('active', sa.Boolean(), nullable=False,
                                       server_default=sa.true()))


def downgrade() -> None:
    for table in TABLES:  # SQLite 3.35 and later drop a column in place
        op.drop_column(table, 'active')
