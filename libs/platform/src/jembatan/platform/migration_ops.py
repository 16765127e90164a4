"""Alembic operations for the platform's own tables, used by each service's first migration."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from .types import UtcDateTime


def create_outbox() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("topic", sa.String(200), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("message_id", sa.String(200), nullable=False, index=True),
        sa.Column("body", sa.LargeBinary, nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("sent_at", UtcDateTime(), nullable=True, index=True),
    )


def create_processed_message() -> None:
    op.create_table(
        "processed_message",
        sa.Column("consumer", sa.String(100), primary_key=True),
        sa.Column("message_id", sa.String(200), primary_key=True),
        sa.Column("processed_at", UtcDateTime(), nullable=False),
    )
