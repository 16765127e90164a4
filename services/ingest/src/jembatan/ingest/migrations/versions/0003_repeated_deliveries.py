"""Repeated deliveries per dedupe key (for "where is my order?").

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

from jembatan.platform.types import UtcDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "repeated_delivery",
        sa.Column("tenant_id", sa.String(100), primary_key=True),
        sa.Column("dedupe_key", sa.String(300), primary_key=True),
        sa.Column("repeats", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_received_at", UtcDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("repeated_delivery")
