"""The tenant configuration projected from tenant.config.v1: an OAuth connection and its version; the
outlets ingest pulled from iSeller (tenant.master-data.v1). Branch `tenant`; docs/tenants.md.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op
from jembatan.platform.types import UtcDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tenant_binding") as batch:
        batch.add_column(sa.Column("accurate_oauth", sa.JSON, nullable=True))
        batch.add_column(sa.Column("config_version", sa.Integer, nullable=True))
    op.create_table(
        "iseller_outlet",
        sa.Column("tenant_id", sa.String(100), primary_key=True),
        sa.Column("outlet_id", sa.String(100), primary_key=True),
        sa.Column("outlet_code", sa.String(100), nullable=True),
        sa.Column("outlet_name", sa.String(), nullable=False),
        sa.Column("loaded_at", UtcDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("iseller_outlet")
    with op.batch_alter_table("tenant_binding") as batch:
        batch.drop_column("config_version")
        batch.drop_column("accurate_oauth")
