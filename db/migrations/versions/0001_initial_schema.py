"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_head',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('last_event_id', sa.Integer(), nullable=False),
    sa.Column('last_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_head'))
    )
    op.create_table('operators',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('login', sa.String(length=32), nullable=False),
    sa.Column('full_name', sa.String(length=80), nullable=False),
    sa.Column('role', sa.Enum('administrator', 'clerk', 'seller', 'finance', name='role', native_enum=False, length=24), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('failed_attempts', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('password_changed_at', sa.DateTime(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_operators')),
    sa.UniqueConstraint('login', name=op.f('uq_operators_login'))
    )
    op.create_table('settings',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('scope', sa.String(length=16), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key', 'scope', name=op.f('pk_settings'))
    )
    op.create_table('stations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('next_receipt_no', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stations')),
    sa.UniqueConstraint('code', name=op.f('uq_stations_code'))
    )
    op.create_table('supply_areas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supply_areas')),
    sa.UniqueConstraint('code', name=op.f('uq_supply_areas_code'))
    )
    op.create_table('tariffs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tariffs')),
    sa.UniqueConstraint('code', name=op.f('uq_tariffs_code'))
    )
    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('station_code', sa.String(length=16), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=True),
    sa.Column('operator_login', sa.String(length=32), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('outcome', sa.Enum('ok', 'denied', 'failed', name='auditoutcome', native_enum=False, length=24), nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['operator_id'], ['operators.id'], name=op.f('fk_audit_events_operator_id_operators')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_operator_id'), ['operator_id'], unique=False)

    op.create_table('customer_categories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('tariff_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tariff_id'], ['tariffs.id'], name=op.f('fk_customer_categories_tariff_id_tariffs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customer_categories')),
    sa.UniqueConstraint('code', name=op.f('uq_customer_categories_code'))
    )
    with op.batch_alter_table('customer_categories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_customer_categories_tariff_id'), ['tariff_id'], unique=False)

    op.create_table('shifts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('station_id', sa.Integer(), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('open', 'closing', 'closed', name='shiftstatus', native_enum=False, length=24), nullable=False),
    sa.Column('opening_float', sa.BigInteger(), nullable=False),
    sa.Column('opened_at', sa.DateTime(), nullable=False),
    sa.Column('expected_cash', sa.BigInteger(), nullable=True),
    sa.Column('counted_cash', sa.BigInteger(), nullable=True),
    sa.Column('difference', sa.BigInteger(), nullable=True),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('counted_at', sa.DateTime(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('approved_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['approved_by'], ['operators.id'], name=op.f('fk_shifts_approved_by_operators')),
    sa.ForeignKeyConstraint(['operator_id'], ['operators.id'], name=op.f('fk_shifts_operator_id_operators')),
    sa.ForeignKeyConstraint(['station_id'], ['stations.id'], name=op.f('fk_shifts_station_id_stations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shifts'))
    )
    with op.batch_alter_table('shifts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shifts_operator_id'), ['operator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_shifts_station_id'), ['station_id'], unique=False)

    op.create_table('supply_teams',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['supply_areas.id'], name=op.f('fk_supply_teams_area_id_supply_areas')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supply_teams')),
    sa.UniqueConstraint('code', name=op.f('uq_supply_teams_code'))
    )
    with op.batch_alter_table('supply_teams', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supply_teams_area_id'), ['area_id'], unique=False)

    op.create_table('tariff_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tariff_id', sa.Integer(), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('effective_to', sa.Date(), nullable=True),
    sa.Column('fixed_monthly_charge', sa.BigInteger(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['operators.id'], name=op.f('fk_tariff_versions_created_by_operators')),
    sa.ForeignKeyConstraint(['tariff_id'], ['tariffs.id'], name=op.f('fk_tariff_versions_tariff_id_tariffs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tariff_versions')),
    sa.UniqueConstraint('tariff_id', 'effective_from', name=op.f('uq_tariff_versions_tariff_id'))
    )
    with op.batch_alter_table('tariff_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tariff_versions_tariff_id'), ['tariff_id'], unique=False)

    op.create_table('cash_movements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('shift_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('cash_in', 'cash_out', name='cashmovementkind', native_enum=False, length=24), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['operator_id'], ['operators.id'], name=op.f('fk_cash_movements_operator_id_operators')),
    sa.ForeignKeyConstraint(['shift_id'], ['shifts.id'], name=op.f('fk_cash_movements_shift_id_shifts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cash_movements'))
    )
    with op.batch_alter_table('cash_movements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cash_movements_shift_id'), ['shift_id'], unique=False)

    op.create_table('customers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_no', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('id_number', sa.String(length=32), nullable=False),
    sa.Column('phone', sa.String(length=32), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('open', 'closed', name='customerstatus', native_enum=False, length=24), nullable=False),
    sa.Column('opened_by', sa.Integer(), nullable=True),
    sa.Column('opened_at', sa.DateTime(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['category_id'], ['customer_categories.id'], name=op.f('fk_customers_category_id_customer_categories')),
    sa.ForeignKeyConstraint(['opened_by'], ['operators.id'], name=op.f('fk_customers_opened_by_operators')),
    sa.ForeignKeyConstraint(['team_id'], ['supply_teams.id'], name=op.f('fk_customers_team_id_supply_teams')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customers')),
    sa.UniqueConstraint('account_no', name=op.f('uq_customers_account_no')),
    sa.UniqueConstraint('id_number', name=op.f('uq_customers_id_number'))
    )
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_customers_category_id'), ['category_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_customers_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_customers_phone'), ['phone'], unique=False)
        batch_op.create_index(batch_op.f('ix_customers_team_id'), ['team_id'], unique=False)

    op.create_table('tariff_tiers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('upto_kwh', sa.BigInteger(), nullable=True),
    sa.Column('price', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['version_id'], ['tariff_versions.id'], name=op.f('fk_tariff_tiers_version_id_tariff_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tariff_tiers')),
    sa.UniqueConstraint('version_id', 'position', name=op.f('uq_tariff_tiers_version_id'))
    )
    with op.batch_alter_table('tariff_tiers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tariff_tiers_version_id'), ['version_id'], unique=False)

    op.create_table('charges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('description', sa.String(length=120), nullable=False),
    sa.Column('total', sa.BigInteger(), nullable=False),
    sa.Column('outstanding', sa.BigInteger(), nullable=False),
    sa.Column('recovery_percent', sa.BigInteger(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('outstanding >= 0 AND outstanding <= total', name=op.f('ck_charges_outstanding')),
    sa.CheckConstraint('recovery_percent > 0 AND recovery_percent <= 10000', name=op.f('ck_charges_percent')),
    sa.ForeignKeyConstraint(['created_by'], ['operators.id'], name=op.f('fk_charges_created_by_operators')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_charges_customer_id_customers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_charges'))
    )
    with op.batch_alter_table('charges', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_charges_customer_id'), ['customer_id'], unique=False)

    op.create_table('flat_price_quotas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('monthly_kwh', sa.BigInteger(), nullable=False),
    sa.Column('price', sa.BigInteger(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('status', sa.Enum('requested', 'approved', 'rejected', 'done', name='approvalstatus', native_enum=False, length=24), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('requested_by', sa.Integer(), nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('decided_by', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_flat_price_quotas_customer_id_customers')),
    sa.ForeignKeyConstraint(['decided_by'], ['operators.id'], name=op.f('fk_flat_price_quotas_decided_by_operators')),
    sa.ForeignKeyConstraint(['requested_by'], ['operators.id'], name=op.f('fk_flat_price_quotas_requested_by_operators')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flat_price_quotas'))
    )
    with op.batch_alter_table('flat_price_quotas', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_flat_price_quotas_customer_id'), ['customer_id'], unique=False)

    op.create_table('meters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=12), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('meter_type', sa.Enum('single_phase', 'three_phase', 'three_phase_ct', name='metertype', native_enum=False, length=24), nullable=False),
    sa.Column('ct_ratio', sa.Integer(), nullable=False),
    sa.Column('pt_ratio', sa.Integer(), nullable=False),
    sa.Column('multiplier', sa.Integer(), nullable=False),
    sa.Column('low_balance_threshold_kwh', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.Enum('paired', 'replaced', 'closed', name='meterstatus', native_enum=False, length=24), nullable=False),
    sa.Column('key_version', sa.Integer(), nullable=False),
    sa.Column('purchase_seq', sa.Integer(), nullable=False),
    sa.Column('carry_kwh', sa.BigInteger(), nullable=False),
    sa.Column('reported_seq', sa.Integer(), nullable=True),
    sa.Column('reported_remaining_kwh', sa.BigInteger(), nullable=True),
    sa.Column('reported_cumulative_kwh', sa.BigInteger(), nullable=True),
    sa.Column('reported_at', sa.DateTime(), nullable=True),
    sa.Column('replaced_by_id', sa.Integer(), nullable=True),
    sa.Column('paired_at', sa.DateTime(), nullable=False),
    sa.Column('unpaired_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint('ct_ratio >= 1 AND pt_ratio >= 1', name=op.f('ck_meters_ratios')),
    sa.CheckConstraint('multiplier = ct_ratio * pt_ratio', name=op.f('ck_meters_multiplier')),
    sa.CheckConstraint('purchase_seq >= 0', name=op.f('ck_meters_purchase_seq')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_meters_customer_id_customers')),
    sa.ForeignKeyConstraint(['replaced_by_id'], ['meters.id'], name=op.f('fk_meters_replaced_by_id_meters')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meters')),
    sa.UniqueConstraint('number', name=op.f('uq_meters_number'))
    )
    with op.batch_alter_table('meters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meters_customer_id'), ['customer_id'], unique=False)

    op.create_table('cards',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('serial', sa.String(length=32), nullable=False),
    sa.Column('meter_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('active', 'replaced', 'closed', name='cardstatus', native_enum=False, length=24), nullable=False),
    sa.Column('key_version', sa.Integer(), nullable=False),
    sa.Column('issued_by', sa.Integer(), nullable=True),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('revoke_reason', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_cards_customer_id_customers')),
    sa.ForeignKeyConstraint(['issued_by'], ['operators.id'], name=op.f('fk_cards_issued_by_operators')),
    sa.ForeignKeyConstraint(['meter_id'], ['meters.id'], name=op.f('fk_cards_meter_id_meters')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cards')),
    sa.UniqueConstraint('serial', name=op.f('uq_cards_serial'))
    )
    with op.batch_alter_table('cards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cards_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cards_meter_id'), ['meter_id'], unique=False)

    op.create_table('refunds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('meter_id', sa.Integer(), nullable=False),
    sa.Column('kwh', sa.BigInteger(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('charges_deducted', sa.BigInteger(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=False),
    sa.Column('station_id', sa.Integer(), nullable=False),
    sa.Column('shift_id', sa.Integer(), nullable=True),
    sa.Column('business_date', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_refunds_customer_id_customers')),
    sa.ForeignKeyConstraint(['meter_id'], ['meters.id'], name=op.f('fk_refunds_meter_id_meters')),
    sa.ForeignKeyConstraint(['operator_id'], ['operators.id'], name=op.f('fk_refunds_operator_id_operators')),
    sa.ForeignKeyConstraint(['shift_id'], ['shifts.id'], name=op.f('fk_refunds_shift_id_shifts')),
    sa.ForeignKeyConstraint(['station_id'], ['stations.id'], name=op.f('fk_refunds_station_id_stations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_refunds'))
    )
    with op.batch_alter_table('refunds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_refunds_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_refunds_meter_id'), ['meter_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_refunds_shift_id'), ['shift_id'], unique=False)

    op.create_table('sales',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_key', sa.String(length=64), nullable=False),
    sa.Column('receipt_no', sa.String(length=32), nullable=True),
    sa.Column('kind', sa.Enum('sale', 'adjustment', name='salekind', native_enum=False, length=24), nullable=False),
    sa.Column('status', sa.Enum('pending', 'committed', 'abandoned', 'reversed', name='salestatus', native_enum=False, length=24), nullable=False),
    sa.Column('station_id', sa.Integer(), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=False),
    sa.Column('shift_id', sa.Integer(), nullable=True),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('meter_id', sa.Integer(), nullable=False),
    sa.Column('card_id', sa.Integer(), nullable=True),
    sa.Column('tariff_version_id', sa.Integer(), nullable=True),
    sa.Column('purchase_seq', sa.Integer(), nullable=False),
    sa.Column('multiplier', sa.Integer(), nullable=False),
    sa.Column('primary_kwh', sa.BigInteger(), nullable=False),
    sa.Column('tier_kwh', sa.BigInteger(), nullable=False),
    sa.Column('flat_kwh', sa.BigInteger(), nullable=False),
    sa.Column('adjustment_kwh', sa.BigInteger(), nullable=False),
    sa.Column('secondary_kwh', sa.BigInteger(), nullable=False),
    sa.Column('carry_in_kwh', sa.BigInteger(), nullable=False),
    sa.Column('carry_out_kwh', sa.BigInteger(), nullable=False),
    sa.Column('energy_amount', sa.BigInteger(), nullable=False),
    sa.Column('fixed_charge', sa.BigInteger(), nullable=False),
    sa.Column('recovered_amount', sa.BigInteger(), nullable=False),
    sa.Column('total_amount', sa.BigInteger(), nullable=False),
    sa.Column('tendered', sa.BigInteger(), nullable=False),
    sa.Column('change', sa.BigInteger(), nullable=False),
    sa.Column('business_date', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('committed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['card_id'], ['cards.id'], name=op.f('fk_sales_card_id_cards')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_sales_customer_id_customers')),
    sa.ForeignKeyConstraint(['meter_id'], ['meters.id'], name=op.f('fk_sales_meter_id_meters')),
    sa.ForeignKeyConstraint(['operator_id'], ['operators.id'], name=op.f('fk_sales_operator_id_operators')),
    sa.ForeignKeyConstraint(['shift_id'], ['shifts.id'], name=op.f('fk_sales_shift_id_shifts')),
    sa.ForeignKeyConstraint(['station_id'], ['stations.id'], name=op.f('fk_sales_station_id_stations')),
    sa.ForeignKeyConstraint(['tariff_version_id'], ['tariff_versions.id'], name=op.f('fk_sales_tariff_version_id_tariff_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales')),
    sa.UniqueConstraint('receipt_no', name=op.f('uq_sales_receipt_no')),
    sa.UniqueConstraint('request_key', name=op.f('uq_sales_request_key'))
    )
    with op.batch_alter_table('sales', schema=None) as batch_op:
        batch_op.create_index('ix_sales_business_date_station', ['business_date', 'station_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sales_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index('ix_sales_meter_created', ['meter_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_sales_operator_id'), ['operator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sales_shift_id'), ['shift_id'], unique=False)
        batch_op.create_index('uq_sales_meter_live_seq', ['meter_id', 'purchase_seq'], unique=True, sqlite_where=sa.text("status IN ('pending', 'committed')"), postgresql_where=sa.text("status IN ('pending', 'committed')"))

    op.create_table('adjustments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('meter_id', sa.Integer(), nullable=False),
    sa.Column('kwh', sa.BigInteger(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('status', sa.Enum('requested', 'approved', 'rejected', 'done', name='approvalstatus', native_enum=False, length=24), nullable=False),
    sa.Column('requested_by', sa.Integer(), nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('decided_by', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('sale_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_adjustments_customer_id_customers')),
    sa.ForeignKeyConstraint(['decided_by'], ['operators.id'], name=op.f('fk_adjustments_decided_by_operators')),
    sa.ForeignKeyConstraint(['meter_id'], ['meters.id'], name=op.f('fk_adjustments_meter_id_meters')),
    sa.ForeignKeyConstraint(['requested_by'], ['operators.id'], name=op.f('fk_adjustments_requested_by_operators')),
    sa.ForeignKeyConstraint(['sale_id'], ['sales.id'], name=op.f('fk_adjustments_sale_id_sales')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_adjustments'))
    )
    with op.batch_alter_table('adjustments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_adjustments_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_adjustments_meter_id'), ['meter_id'], unique=False)

    op.create_table('reversals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sale_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('status', sa.Enum('requested', 'approved', 'rejected', 'done', name='approvalstatus', native_enum=False, length=24), nullable=False),
    sa.Column('requested_by', sa.Integer(), nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('decided_by', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('shift_id', sa.Integer(), nullable=True),
    sa.Column('business_date', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['decided_by'], ['operators.id'], name=op.f('fk_reversals_decided_by_operators')),
    sa.ForeignKeyConstraint(['requested_by'], ['operators.id'], name=op.f('fk_reversals_requested_by_operators')),
    sa.ForeignKeyConstraint(['sale_id'], ['sales.id'], name=op.f('fk_reversals_sale_id_sales')),
    sa.ForeignKeyConstraint(['shift_id'], ['shifts.id'], name=op.f('fk_reversals_shift_id_shifts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reversals')),
    sa.UniqueConstraint('sale_id', name=op.f('uq_reversals_sale_id'))
    )
    with op.batch_alter_table('reversals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reversals_shift_id'), ['shift_id'], unique=False)

    op.create_table('sale_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sale_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('tier', 'flat', 'fixed_charge', 'recovery', name='linekind', native_enum=False, length=24), nullable=False),
    sa.Column('description', sa.String(length=120), nullable=False),
    sa.Column('kwh', sa.BigInteger(), nullable=True),
    sa.Column('price', sa.BigInteger(), nullable=True),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('charge_id', sa.Integer(), nullable=True),
    sa.Column('tier_index', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['charge_id'], ['charges.id'], name=op.f('fk_sale_lines_charge_id_charges')),
    sa.ForeignKeyConstraint(['sale_id'], ['sales.id'], name=op.f('fk_sale_lines_sale_id_sales')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sale_lines')),
    sa.UniqueConstraint('sale_id', 'position', name=op.f('uq_sale_lines_sale_id'))
    )
    with op.batch_alter_table('sale_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sale_lines_sale_id'), ['sale_id'], unique=False)

    # The audit chain starts at a fixed genesis hash; one head row, created
    # here so stations sharing a database never race to create it.
    op.bulk_insert(sa.table("audit_head", sa.column("id", sa.Integer),
                            sa.column("last_event_id", sa.Integer),
                            sa.column("last_hash", sa.String)),
                   [{"id": 1, "last_event_id": 0, "last_hash": "0" * 64}])


def downgrade() -> None:
    with op.batch_alter_table('sale_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sale_lines_sale_id'))

    op.drop_table('sale_lines')
    with op.batch_alter_table('reversals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reversals_shift_id'))

    op.drop_table('reversals')
    with op.batch_alter_table('adjustments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_adjustments_meter_id'))
        batch_op.drop_index(batch_op.f('ix_adjustments_customer_id'))

    op.drop_table('adjustments')
    with op.batch_alter_table('sales', schema=None) as batch_op:
        batch_op.drop_index('uq_sales_meter_live_seq', sqlite_where=sa.text("status IN ('pending', 'committed')"), postgresql_where=sa.text("status IN ('pending', 'committed')"))
        batch_op.drop_index(batch_op.f('ix_sales_shift_id'))
        batch_op.drop_index(batch_op.f('ix_sales_operator_id'))
        batch_op.drop_index('ix_sales_meter_created')
        batch_op.drop_index(batch_op.f('ix_sales_customer_id'))
        batch_op.drop_index('ix_sales_business_date_station')

    op.drop_table('sales')
    with op.batch_alter_table('refunds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_refunds_shift_id'))
        batch_op.drop_index(batch_op.f('ix_refunds_meter_id'))
        batch_op.drop_index(batch_op.f('ix_refunds_customer_id'))

    op.drop_table('refunds')
    with op.batch_alter_table('cards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cards_meter_id'))
        batch_op.drop_index(batch_op.f('ix_cards_customer_id'))

    op.drop_table('cards')
    with op.batch_alter_table('meters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meters_customer_id'))

    op.drop_table('meters')
    with op.batch_alter_table('flat_price_quotas', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_flat_price_quotas_customer_id'))

    op.drop_table('flat_price_quotas')
    with op.batch_alter_table('charges', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_charges_customer_id'))

    op.drop_table('charges')
    with op.batch_alter_table('tariff_tiers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tariff_tiers_version_id'))

    op.drop_table('tariff_tiers')
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_customers_team_id'))
        batch_op.drop_index(batch_op.f('ix_customers_phone'))
        batch_op.drop_index(batch_op.f('ix_customers_name'))
        batch_op.drop_index(batch_op.f('ix_customers_category_id'))

    op.drop_table('customers')
    with op.batch_alter_table('cash_movements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cash_movements_shift_id'))

    op.drop_table('cash_movements')
    with op.batch_alter_table('tariff_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tariff_versions_tariff_id'))

    op.drop_table('tariff_versions')
    with op.batch_alter_table('supply_teams', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supply_teams_area_id'))

    op.drop_table('supply_teams')
    with op.batch_alter_table('shifts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shifts_station_id'))
        batch_op.drop_index(batch_op.f('ix_shifts_operator_id'))

    op.drop_table('shifts')
    with op.batch_alter_table('customer_categories', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_customer_categories_tariff_id'))

    op.drop_table('customer_categories')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_events_operator_id'))
        batch_op.drop_index(batch_op.f('ix_audit_events_at'))
        batch_op.drop_index(batch_op.f('ix_audit_events_action'))

    op.drop_table('audit_events')
    op.drop_table('tariffs')
    op.drop_table('supply_areas')
    op.drop_table('stations')
    op.drop_table('settings')
    op.drop_table('operators')
    op.drop_table('audit_head')
