"""The pull: iSeller API connection, pull runs, pulled master data; processed triggers.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from jembatan.platform.migration_ops import create_processed_message
from jembatan.platform.types import UtcDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "iseller_connection",
        sa.Column("tenant_id", sa.String(100), primary_key=True),
        sa.Column("oauth_url", sa.String(500), nullable=False),
        sa.Column("client_id", sa.String(200), nullable=False),
        sa.Column("client_secret_sealed", sa.Text, nullable=False),
        sa.Column("refresh_token_sealed", sa.Text, nullable=True),
        sa.Column("access_token_sealed", sa.Text, nullable=True),
        sa.Column("access_expires_at", UtcDateTime(), nullable=True),
        sa.Column("resource_url", sa.String(500), nullable=True),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
    )
    counters = [
        "windows_total", "windows_done", "pages", "orders_seen", "orders_new", "orders_parked",
        "products", "outlets", "shifts", "shifts_without_close",
    ]
    op.create_table(
        "pull_run",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("tenant_id", sa.String(100), nullable=False, index=True),
        sa.Column("mode", sa.String(20), nullable=False),
        sa.Column("window_from", UtcDateTime(), nullable=False),
        sa.Column("window_to", UtcDateTime(), nullable=False),
        sa.Column("outlet_id", sa.String(100), nullable=True),
        sa.Column("trigger_id", sa.String(200), nullable=True),
        sa.Column("status", sa.String(20), nullable=False, index=True),
        *[sa.Column(name, sa.Integer, nullable=False, server_default="0") for name in counters],
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("started_at", UtcDateTime(), nullable=False),
        sa.Column("finished_at", UtcDateTime(), nullable=True),
    )
    op.create_table(
        "pulled_record",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("tenant_id", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("source_id", sa.String(200), nullable=False),
        sa.Column("body", sa.LargeBinary, nullable=False),
        sa.Column("pulled_at", UtcDateTime(), nullable=False),
        sa.UniqueConstraint("tenant_id", "kind", "source_id", name="uq_pulled_record"),
    )
    op.create_index("ix_inbox_tenant_received", "inbox", ["tenant_id", "received_at"])
    create_processed_message()  # sync.triggers.v1 messages the reconcile consumer handled


def downgrade() -> None:
    op.drop_table("processed_message")
    op.drop_index("ix_inbox_tenant_received", "inbox")
    op.drop_table("pulled_record")
    op.drop_table("pull_run")
    op.drop_table("iseller_connection")
