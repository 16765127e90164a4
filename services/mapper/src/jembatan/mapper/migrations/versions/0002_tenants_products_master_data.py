"""Tenants, iSeller products, customer numbers, the Accurate master-data cache; catalogue source.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from jembatan.platform.types import Amount, UtcDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tenant_binding",
        sa.Column("tenant_id", sa.String(100), primary_key=True),
        sa.Column("settings", sa.JSON, nullable=False),
        sa.Column("accurate_token", sa.Text, nullable=True),
        sa.Column("accurate_secret", sa.Text, nullable=True),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
    )
    op.create_table(
        "iseller_product",
        sa.Column("tenant_id", sa.String(100), primary_key=True),
        sa.Column("product_id", sa.String(100), primary_key=True),
        sa.Column("sku", sa.String(200), nullable=True, index=True),
        sa.Column("name", sa.String(300), nullable=False, server_default=""),
        sa.Column("kind", sa.String(30), nullable=False, server_default="standard"),
        sa.Column("price", Amount(), nullable=False),
        sa.Column("product", sa.JSON, nullable=False),
        sa.Column("loaded_at", UtcDateTime(), nullable=False),
    )
    op.create_table(
        "customer_number",
        sa.Column("tenant_id", sa.String(100), primary_key=True),
        sa.Column("customer_id", sa.String(100), primary_key=True),
        sa.Column("customer_no", sa.String(30), nullable=False),
    )
    op.create_table(
        "accurate_master",
        sa.Column("tenant_id", sa.String(100), primary_key=True),
        sa.Column("kind", sa.String(30), primary_key=True),
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_table(
        "accurate_master_sync",
        sa.Column("tenant_id", sa.String(100), primary_key=True),
        sa.Column("kind", sa.String(30), primary_key=True),
        sa.Column("last_update", UtcDateTime(), nullable=True),
        sa.Column("refreshed_at", UtcDateTime(), nullable=False),
    )
    with op.batch_alter_table("catalogue_item") as batch:
        batch.add_column(sa.Column("source", sa.String(20), nullable=False, server_default="manual"))


def downgrade() -> None:
    with op.batch_alter_table("catalogue_item") as batch:
        batch.drop_column("source")
    for table in ("accurate_master_sync", "accurate_master", "customer_number", "iseller_product", "tenant_binding"):
        op.drop_table(table)
