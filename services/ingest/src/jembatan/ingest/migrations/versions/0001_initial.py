"""Tenants, the inbox of raw webhooks, and the platform's outbox.

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
        "tenant",
        sa.Column("tenant_id", sa.String(100), primary_key=True),
        sa.Column("store_name", sa.String(200), nullable=False),
        sa.Column("api_key_sealed", sa.Text, nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
    )
    op.create_table(
        "inbox",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("tenant_id", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(50), nullable=False),
        sa.Column("dedupe_key", sa.String(300), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("received_at", UtcDateTime(), nullable=False, index=True),
        sa.Column("body", sa.LargeBinary, nullable=False),
        sa.Column("status", sa.String(20), nullable=False, index=True),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("events", sa.Integer, nullable=False, server_default="0"),
        sa.UniqueConstraint("tenant_id", "dedupe_key", name="uq_inbox_dedupe"),
    )
    create_outbox()


def downgrade() -> None:
    op.drop_table("outbox")
    op.drop_table("inbox")
    op.drop_table("tenant")
