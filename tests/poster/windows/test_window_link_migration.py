"""Migration 0005: which window a document is for lives in `posting.window_id` only; a row that had
only the old `window_document` link keeps its window."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from jembatan.platform.db import Database
from jembatan.poster.adapters.tables import Posting
from jembatan.poster.bootstrap import MIGRATIONS
from sqlalchemy.engine import Connection
from sqlmodel import select

AT = datetime(2026, 11, 25, 5, 0, tzinfo=UTC)


def to_revision(connection: Connection, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    command.downgrade(config, revision)


async def test_a_document_linked_only_by_the_old_table_keeps_its_window(db: Database) -> None:
    async with db.engine.begin() as conn:
        await conn.run_sync(to_revision, "0004")
    async with db.session() as session:
        for key, window in (("t1:linked-only", None), ("t1:both", "order:o2")):
            session.add(
                Posting(document_key=key, tenant_id="t1", document_type="sales-invoice", number=key[3:],
                        body="{}", state="planned", window_id=window, occurred_at=AT, created_at=AT, updated_at=AT)
            )  # fmt: skip
        await session.flush()
        await session.execute(
            sa.text(
                "INSERT INTO window_document (document_key, tenant_id, window_id) VALUES "
                "('t1:linked-only', 't1', 'order:o1'), ('t1:both', 't1', 'order:o2')"
            )
        )
    await db.migrate(MIGRATIONS)
    async with db.session() as session:
        windows = dict((await session.exec(select(Posting.document_key, Posting.window_id))).all())
        tables = await session.run_sync(lambda s: sa.inspect(s.connection()).get_table_names())
    assert windows == {"t1:linked-only": "order:o1", "t1:both": "order:o2"}
    assert "posting" in tables and "window_document" not in tables
