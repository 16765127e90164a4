"""One record of which window a document was built for: `posting.window_id` (drop `window_document`).

Revision ID: 0005_batches
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_batches"
down_revision = "0004"
branch_labels = None
depends_on = None

LINK = "(SELECT wd.window_id FROM window_document wd WHERE wd.document_key = posting.document_key)"


def upgrade() -> None:
    # Every planned document carries its window already; a row that somehow lacks it keeps the link.
    op.execute(f"UPDATE posting SET window_id = {LINK} WHERE window_id IS NULL AND {LINK} IS NOT NULL")
    op.drop_table("window_document")


def downgrade() -> None:
    op.create_table(
        "window_document",
        sa.Column("document_key", sa.String(300), primary_key=True),
        sa.Column("tenant_id", sa.String(100), nullable=False),
        sa.Column("window_id", sa.String(300), nullable=False, index=True),
    )
    op.execute(
        "INSERT INTO window_document (document_key, tenant_id, window_id) "
        "SELECT document_key, tenant_id, window_id FROM posting WHERE window_id IS NOT NULL"
    )
