"""Upgrading the scheduler keeps the posting hours merchants had set before there were kinds."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.config import Config
from jembatan.platform.db import Database
from jembatan.scheduler.adapters.tables import Timetable
from jembatan.scheduler.bootstrap import MIGRATIONS
from sqlalchemy import Connection, text
from sqlmodel import select

pytestmark = pytest.mark.integration

FIRED = datetime(2026, 11, 25, 10, tzinfo=UTC)


def upgrade(connection: Connection, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


async def test_posting_hours_set_before_the_timetable_survive_the_upgrade(
    postgres_url: str, unique_name
) -> None:
    db = Database(postgres_url, unique_name("scheduler"))
    async with db.engine.begin() as conn:
        await conn.execute(text(f'CREATE SCHEMA "{db.schema}"'))
        await conn.run_sync(upgrade, "0001")
        await conn.execute(
            text(
                "INSERT INTO schedule (tenant_id, outlet_id, hours, last_fired, last_hourly) VALUES"
                " ('t1', '*', '[]', :at, :at), ('t1', 'outlet-ho', '[12, 18]', :at, :at)"
            ),
            {"at": FIRED},
        )
    await db.migrate(MIGRATIONS)
    async with db.session() as session:
        rows = (await session.exec(select(Timetable))).all()
    await db.dispose()
    assert sorted((r.outlet_id, r.kind, r.hours if len(r.hours) < 24 else "every hour") for r in rows) == [
        ("*", "daily_reconciliation", [2]),
        ("*", "reconciliation_pull", "every hour"),
        ("outlet-ho", "housekeeping", "every hour"),
        ("outlet-ho", "posting", [12, 18]),
    ]
    assert {r.last_fired for r in rows} == {FIRED}
