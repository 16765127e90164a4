"""Kept checks of iSeller's day totals (GetOrderSummary, GetTransactionSummary) against held orders.

Revision ID: 0004_ops
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

from jembatan.platform.types import UtcDateTime

revision = "0004_ops"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "iseller_day_check",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("tenant_id", sa.String(100), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("trigger", sa.String(40), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("difference_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("report", sa.JSON, nullable=False),
        sa.Column("checked_at", UtcDateTime(), nullable=False),
    )
    op.create_index("ix_iseller_day_check_day", "iseller_day_check", ["tenant_id", "day"])


def downgrade() -> None:
    op.drop_index("ix_iseller_day_check_day", "iseller_day_check")
    op.drop_table("iseller_day_check")
