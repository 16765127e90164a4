"""The posting engine: activity-log columns, next attempt, and per-tenant sending leases.

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


def upgrade() -> None:
    with op.batch_alter_table("posting") as posting:
        posting.add_column(sa.Column("kind", sa.String(30), nullable=False, server_default="order sync"))
        posting.add_column(sa.Column("outlet_id", sa.String(100), nullable=True))
        posting.add_column(sa.Column("window_id", sa.String(300), nullable=True))
        posting.add_column(sa.Column("fact_ids", sa.JSON, nullable=False, server_default="[]"))
        posting.add_column(sa.Column("next_attempt_at", UtcDateTime(), nullable=True))
    op.create_index("ix_posting_due", "posting", ["tenant_id", "state", "next_attempt_at"])
    op.create_index("ix_posting_window", "posting", ["tenant_id", "window_id"])
    op.create_index("ix_posting_depends_on", "posting", ["depends_on"])
    op.create_table(
        "sending_lease",
        sa.Column("tenant_id", sa.String(100), primary_key=True),
        sa.Column("holder", sa.String(100), nullable=True),
        sa.Column("lease_until", UtcDateTime(), nullable=False),
        sa.Column("paused_until", UtcDateTime(), nullable=True),
        sa.Column("pause_reason", sa.Text, nullable=True),
    )


def downgrade() -> None:
    op.drop_table("sending_lease")
    op.drop_index("ix_posting_depends_on", "posting")
    op.drop_index("ix_posting_window", "posting")
    op.drop_index("ix_posting_due", "posting")
    with op.batch_alter_table("posting") as posting:
        for column in ("next_attempt_at", "fact_ids", "window_id", "outlet_id", "kind"):
            posting.drop_column(column)
