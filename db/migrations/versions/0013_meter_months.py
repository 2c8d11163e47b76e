"""line loss: each customer's meter's consumption per local month (meter_months)

Revision ID: 0013
Revises: 0010
Create Date: 2026-12-02

The months are local months, and a migration does not know the office's
zone: the backfill uses this machine's zone (the station's clock unless it is
given another) and names it in meter_months_basis. A station that runs in
another zone rebuilds the table before its first line-loss month
(vending_app/core/meter_months.py). The computation is line loss's rule as
it read when this revision was written, frozen here.
"""
from bisect import bisect_left, bisect_right
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

NEAR, MARGIN = timedelta(days=3), timedelta(days=62)


def upgrade() -> None:
    op.create_table('meter_months',
    sa.Column('meter_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('consumed', sa.Text(), nullable=False),
    sa.Column('approx', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['meter_id'], ['meters.id'],
                            name=op.f('fk_meter_months_meter_id_meters')),
    sa.PrimaryKeyConstraint('meter_id', 'month', name=op.f('pk_meter_months'))
    )
    op.create_index('ix_meter_months_month', 'meter_months', ['month', 'meter_id', 'approx'])
    op.create_table('meter_months_basis',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('zone', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meter_months_basis'))
    )
    backfill(op.get_bind(), datetime.now().astimezone().tzinfo)


def downgrade() -> None:
    op.drop_table('meter_months_basis')
    op.drop_index('ix_meter_months_month', table_name='meter_months')
    op.drop_table('meter_months')


def backfill(conn, tz) -> None:
    table = sa.table('meter_months', sa.column('meter_id'), sa.column('month'),
                     sa.column('consumed'), sa.column('approx'))
    rows = conn.execute(sa.text(
        "SELECT meter_id, read_at, cumulative_kwh FROM meter_readings WHERE authentic "
        "ORDER BY meter_id, read_at, id"))
    chunk, per = [], {}
    for mid, at, kwh in rows:
        if per and mid not in per:
            chunk += _meter(*per.popitem(), tz)
        at = datetime.fromisoformat(at) if isinstance(at, str) else at
        per.setdefault(mid, []).append((at.replace(tzinfo=UTC), Decimal(int(kwh)).scaleb(-2)))
        if len(chunk) >= 20_000:
            conn.execute(table.insert(), chunk)
            chunk = []
    if per:
        chunk += _meter(*per.popitem(), tz)
    if chunk:
        conn.execute(table.insert(), chunk)
    offset = tz.utcoffset(None)
    zone = getattr(tz, 'key', None) or (repr(tz) if offset is None
                                         else f"UTC{offset.total_seconds() / 3600:+g}")
    conn.execute(sa.text("INSERT INTO meter_months_basis (id, zone) VALUES (1, :z)"), {"z": zone})


def _bounds(month, tz):
    nxt = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return (datetime.combine(month, time(), tz).astimezone(UTC),
            datetime.combine(nxt, time(), tz).astimezone(UTC))


def _meter(mid, points, tz):
    times, out = [t for t, _ in points], []
    first, last = (times[0] - MARGIN).astimezone(tz).date(), (times[-1] + MARGIN).astimezone(tz).date()
    n = first.year * 12 + first.month - 2
    while (month := date(n // 12, n % 12 + 1, 1)) <= last:
        t0, t1 = _bounds(month, tz)
        lo, hi = bisect_left(times, t0 - MARGIN), bisect_right(times, t1 + MARGIN)
        a, b = _register(times[lo:hi], points[lo:hi], t0), _register(times[lo:hi], points[lo:hi], t1)
        if a is not None and b is not None:
            out.append(dict(meter_id=mid, month=month, consumed=str(b - a), approx=float(b - a)))
        n += 1
    return out


def _register(times, points, when):
    i = bisect_right(times, when)
    if i and times[i - 1] == when:
        return points[i - 1][1]
    if 0 < i < len(points):
        (t0, v0), (t1, v1) = points[i - 1], points[i]
        share = Decimal((when - t0).total_seconds()) / Decimal((t1 - t0).total_seconds())
        return v0 + (v1 - v0) * share
    if i and when - times[i - 1] <= NEAR:
        return points[i - 1][1]
    if i < len(points) and times[i] - when <= NEAR:
        return points[i][1]
    return None
