"""Schedules, last-fired marks, the leader lease and the outbox.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from jembatan.platform.migration_ops import create_outbox
from jembatan.platform.types import UtcDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "schedule",
        sa.Column("tenant_id", sa.String(100), primary_key=True),
        sa.Column("outlet_id", sa.String(100), primary_key=True),
        sa.Column("hours", sa.JSON, nullable=False),
        sa.Column("last_fired", UtcDateTime(), nullable=True),
        sa.Column("last_hourly", UtcDateTime(), nullable=True),
    )
    op.create_table(
        "leader_lease",
        sa.Column("name", sa.String(50), primary_key=True),
        sa.Column("holder", sa.String(100), nullable=False),
        sa.Column("expires_at", UtcDateTime(), nullable=False),
    )
    create_outbox()


def downgrade() -> None:
    for table in ("outbox", "leader_lease", "schedule"):
        op.drop_table(table)
