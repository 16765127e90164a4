"""Kept reconciliation results.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

from jembatan.platform.types import UtcDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reconciliation_run",
        sa.Column("run_id", sa.String(60), primary_key=True),
        sa.Column("tenant_id", sa.String(100), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("ran_at", UtcDateTime(), nullable=False),
        sa.Column("trigger", sa.String(30), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("difference_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("report", sa.JSON, nullable=False),
    )
    op.create_index("ix_reconciliation_run_day", "reconciliation_run", ["tenant_id", "day"])


def downgrade() -> None:
    op.drop_index("ix_reconciliation_run_day", table_name="reconciliation_run")
    op.drop_table("reconciliation_run")
