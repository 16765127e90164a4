"""Outlet mappings, catalogue items, parked events, processed messages and the outbox.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from jembatan.platform.migration_ops import create_outbox, create_processed_message
from jembatan.platform.types import UtcDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outlet_mapping",
        sa.Column("tenant_id", sa.String(100), primary_key=True),
        sa.Column("outlet_id", sa.String(100), primary_key=True),
        sa.Column("mapping", sa.JSON, nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
    )
    op.create_table(
        "catalogue_item",
        sa.Column("tenant_id", sa.String(100), primary_key=True),
        sa.Column("sku", sa.String(100), primary_key=True),
        sa.Column("item_no", sa.String(30), nullable=False),
        sa.Column("name", sa.String(300), nullable=False, server_default=""),
    )
    op.create_table(
        "parked_event",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("tenant_id", sa.String(100), nullable=False, index=True),
        sa.Column("message_id", sa.String(200), nullable=False, unique=True),
        sa.Column("schema", sa.String(100), nullable=False),
        sa.Column("envelope", sa.LargeBinary, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("parked_at", UtcDateTime(), nullable=False),
        sa.Column("resolved_at", UtcDateTime(), nullable=True, index=True),
    )
    create_processed_message()
    create_outbox()


def downgrade() -> None:
    for table in ("outbox", "processed_message", "parked_event", "catalogue_item", "outlet_mapping"):
        op.drop_table(table)
