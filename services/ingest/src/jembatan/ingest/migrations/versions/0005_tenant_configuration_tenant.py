"""The tenant's configuration as published on tenant.config.v1 (branch `tenant`; docs/tenants.md).

Revision ID: 0005
Revises: 0004_ops
"""

import sqlalchemy as sa
from alembic import op

from jembatan.platform.types import UtcDateTime

revision = "0005"
down_revision = "0004_ops"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tenant_configuration",
        sa.Column("tenant_id", sa.String(100), primary_key=True),
        sa.Column("version", sa.Integer, nullable=False, server_default="0"),
        sa.Column("accurate", sa.JSON, nullable=True),
        sa.Column("oauth_pending_sealed", sa.Text, nullable=True),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("tenant_configuration")
