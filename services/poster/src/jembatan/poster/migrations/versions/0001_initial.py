"""Accurate connections, the posting ledger, processed messages and the outbox.

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
        "accurate_connection",
        sa.Column("tenant_id", sa.String(100), primary_key=True),
        sa.Column("account_url", sa.String(300), nullable=False),
        sa.Column("token_sealed", sa.Text, nullable=False),
        sa.Column("signature_secret_sealed", sa.Text, nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
    )
    op.create_table(
        "posting",
        sa.Column("document_key", sa.String(300), primary_key=True),
        sa.Column("tenant_id", sa.String(100), nullable=False, index=True),
        sa.Column("document_type", sa.String(50), nullable=False),
        sa.Column("number", sa.String(50), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("state", sa.String(20), nullable=False, index=True),
        sa.Column("depends_on", sa.String(300), nullable=True),
        sa.Column("source_ids", sa.JSON, nullable=False),
        sa.Column("accurate_id", sa.BigInteger, nullable=True),
        sa.Column("message", sa.Text, nullable=True),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("occurred_at", UtcDateTime(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.UniqueConstraint("tenant_id", "number", name="uq_posting_number"),
    )
    create_processed_message()
    create_outbox()


def downgrade() -> None:
    for table in ("outbox", "processed_message", "posting", "accurate_connection"):
        op.drop_table(table)
