"""Stored products whose missing amounts were written as the text "None" get null back.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_PRODUCTS = sa.table(
    "iseller_product",
    sa.column("tenant_id", sa.String),
    sa.column("product_id", sa.String),
    sa.column("product", sa.JSON),
)
_OPTIONAL_AMOUNTS = ("buying_price",)


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.select(_PRODUCTS)).all()
    for tenant_id, product_id, product in rows:
        broken = [k for k in _OPTIONAL_AMOUNTS if isinstance(product, dict) and product.get(k) == "None"]
        if broken:
            repaired = product | dict.fromkeys(broken)
            connection.execute(
                _PRODUCTS.update()
                .where(_PRODUCTS.c.tenant_id == tenant_id, _PRODUCTS.c.product_id == product_id)
                .values(product=repaired)
            )


def downgrade() -> None:
    pass
