"""The facts the mapper made, in its own table (de-duplication no longer reads the outbox).

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
        "made_fact",
        sa.Column("fact_id", sa.String(200), primary_key=True),
        sa.Column("tenant_id", sa.String(100), nullable=False),
        sa.Column("made_at", UtcDateTime(), nullable=False),
    )
    # the facts made before this table existed are the ledger facts still in the outbox
    op.execute(
        "INSERT INTO made_fact (fact_id, tenant_id, made_at) "
        "SELECT DISTINCT message_id, key, created_at FROM outbox WHERE topic = 'ledger.facts.v1'"
    )


def downgrade() -> None:
    op.drop_table("made_fact")
