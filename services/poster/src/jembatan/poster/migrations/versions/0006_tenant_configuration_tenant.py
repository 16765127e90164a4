"""The Accurate connection projected from tenant.config.v1: OAuth tokens and the version
(branch `tenant`; docs/tenants.md).

Revision ID: 0006
Revises: 0005_batches
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005_batches"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("accurate_connection") as batch:
        batch.add_column(sa.Column("oauth", sa.JSON, nullable=True))
        batch.add_column(sa.Column("config_version", sa.Integer, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("accurate_connection") as batch:
        batch.drop_column("config_version")
        batch.drop_column("oauth")
