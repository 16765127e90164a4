"""One timetable row per tenant, outlet and kind of schedule (posting, transfers, stock counts,
housekeeping, reconciliation pull, daily reconciliation); the old posting-hours rows move over.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from jembatan.platform.types import UtcDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

EVERY_HOUR = list(range(24))
DAILY_RECONCILIATION_HOUR = 2


def upgrade() -> None:
    timetable = op.create_table(
        "timetable",
        sa.Column("tenant_id", sa.String(100), primary_key=True),
        sa.Column("outlet_id", sa.String(100), primary_key=True),
        sa.Column("kind", sa.String(40), primary_key=True),
        sa.Column("hours", sa.JSON, nullable=False),
        sa.Column("last_fired", UtcDateTime(), nullable=True),
    )
    old = sa.table(
        "schedule",
        sa.column("tenant_id", sa.String),
        sa.column("outlet_id", sa.String),
        sa.column("hours", sa.JSON),
        sa.column("last_fired", UtcDateTime()),
        sa.column("last_hourly", UtcDateTime()),
    )
    rows = []
    for tenant, outlet, hours, last_fired, last_hourly in op.get_bind().execute(sa.select(old)):
        if outlet == "*":
            rows.append(dict(tenant_id=tenant, outlet_id=outlet, kind="reconciliation_pull",
                             hours=EVERY_HOUR, last_fired=last_hourly))
            rows.append(dict(tenant_id=tenant, outlet_id=outlet, kind="daily_reconciliation",
                             hours=[DAILY_RECONCILIATION_HOUR], last_fired=last_hourly))
        else:
            rows.append(dict(tenant_id=tenant, outlet_id=outlet, kind="posting", hours=hours,
                             last_fired=last_fired))
            rows.append(dict(tenant_id=tenant, outlet_id=outlet, kind="housekeeping", hours=EVERY_HOUR,
                             last_fired=last_hourly))
    if rows:
        op.bulk_insert(timetable, rows)
    op.drop_table("schedule")


def downgrade() -> None:
    op.create_table(
        "schedule",
        sa.Column("tenant_id", sa.String(100), primary_key=True),
        sa.Column("outlet_id", sa.String(100), primary_key=True),
        sa.Column("hours", sa.JSON, nullable=False),
        sa.Column("last_fired", UtcDateTime(), nullable=True),
        sa.Column("last_hourly", UtcDateTime(), nullable=True),
    )
    op.drop_table("timetable")
