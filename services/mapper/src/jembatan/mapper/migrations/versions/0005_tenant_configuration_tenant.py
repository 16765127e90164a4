"""The tenant configuration projected from tenant.config.v1: an OAuth connection and its version
(branch `tenant`; docs/tenants.md).

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tenant_binding") as batch:
        batch.add_column(sa.Column("accurate_oauth", sa.JSON, nullable=True))
        batch.add_column(sa.Column("config_version", sa.Integer, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("tenant_binding") as batch:
        batch.drop_column("config_version")
        batch.drop_column("accurate_oauth")
