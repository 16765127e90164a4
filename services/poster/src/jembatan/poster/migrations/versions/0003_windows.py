"""Held facts, posting windows, the documents each window became, and outlets' last sync modes.

Revision ID: 0003
Revises: 0001
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
        "held_fact",
        sa.Column("tenant_id", sa.String(100), primary_key=True),
        sa.Column("fact_key", sa.String(300), primary_key=True),
        sa.Column("schema_name", sa.String(60), nullable=False),
        sa.Column("envelope_id", sa.String(200), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("outlet_id", sa.String(100), nullable=True),
        sa.Column("register_id", sa.String(100), nullable=True),
        sa.Column("occurred_at", UtcDateTime(), nullable=False),
        sa.Column("window_id", sa.String(300), nullable=True),
        sa.Column("late", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("received_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
    )
    op.create_index("ix_held_fact_window", "held_fact", ["tenant_id", "window_id"])
    op.create_index(
        "ix_held_fact_waiting",
        "held_fact",
        ["tenant_id", "outlet_id"],
        postgresql_where=sa.text("window_id IS NULL"),
        sqlite_where=sa.text("window_id IS NULL"),
    )
    op.create_table(
        "posting_window",
        sa.Column("tenant_id", sa.String(100), primary_key=True),
        sa.Column("window_id", sa.String(300), primary_key=True),
        sa.Column("outlet_id", sa.String(100), nullable=True),
        sa.Column("mode", sa.String(20), nullable=False),
        sa.Column("register_id", sa.String(100), nullable=True),
        sa.Column("opened_at", UtcDateTime(), nullable=False),
        sa.Column("closed_at", UtcDateTime(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("close_known", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("due_at", UtcDateTime(), nullable=True),
        sa.Column("discrepancy", sa.Text, nullable=True),
        sa.Column("planned_at", UtcDateTime(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
    )
    op.create_index("ix_posting_window_state", "posting_window", ["tenant_id", "state"])
    op.create_index("ix_posting_window_closed", "posting_window", ["tenant_id", "closed_at"])
    op.create_index(
        "ix_posting_window_unplanned",
        "posting_window",
        ["tenant_id", "outlet_id"],
        postgresql_where=sa.text("state <> 'planned'"),
        sqlite_where=sa.text("state <> 'planned'"),
    )
    op.create_index(
        "ix_posting_window_shift",
        "posting_window",
        ["tenant_id", "register_id"],
        postgresql_where=sa.text("close_known"),
        sqlite_where=sa.text("close_known"),
    )
    op.create_table(
        "window_document",
        sa.Column("document_key", sa.String(300), primary_key=True),
        sa.Column("tenant_id", sa.String(100), nullable=False),
        sa.Column("window_id", sa.String(300), nullable=False, index=True),
    )
    op.create_table(
        "outlet_mode",
        sa.Column("tenant_id", sa.String(100), primary_key=True),
        sa.Column("outlet_id", sa.String(100), primary_key=True),
        sa.Column("sales_mode", sa.String(20), nullable=True),
        sa.Column("stock_mode", sa.String(20), nullable=True),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
    )


def downgrade() -> None:
    for table in ("outlet_mode", "window_document", "posting_window", "held_fact"):
        op.drop_table(table)
