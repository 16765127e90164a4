"""The outbox's dead letters: messages the broker refused for good, with the reason.

Revision ID: p0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from jembatan.platform.types import UtcDateTime

revision = "p0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox_dead_letter",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("outbox_id", sa.Integer, nullable=False),
        sa.Column("topic", sa.String(200), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("message_id", sa.String(200), nullable=False, index=True),
        sa.Column("body", sa.LargeBinary, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("dead_at", UtcDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("outbox_dead_letter")
