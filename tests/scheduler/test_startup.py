"""A service refuses a database setting it cannot use with one line naming JEMBATAN_DATABASE_URL,
and takes PostgreSQL URLs the way people write them."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

import pytest
from jembatan.platform.db import Database, DatabaseSettingError, async_database_url
from jembatan.scheduler.bootstrap import MIGRATIONS
from sqlalchemy import text


@pytest.mark.parametrize(
    ("written", "used"),
    [
        ("postgresql://u:pw@db:5432/jembatan", "postgresql+asyncpg://u:pw@db:5432/jembatan"),
        ("postgres://u:pw@db/jembatan", "postgresql+asyncpg://u:pw@db/jembatan"),
        ("postgresql+psycopg2://u@db/jembatan", "postgresql+asyncpg://u@db/jembatan"),
        ("postgresql://u@db/jembatan?sslmode=require", "postgresql+asyncpg://u@db/jembatan?ssl=require"),
        ("sqlite:///var/ingest.db", "sqlite+aiosqlite:///var/ingest.db"),
    ],
)
def test_database_urls_as_people_write_them_use_the_async_drivers(written: str, used: str) -> None:
    assert async_database_url(written) == used


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("notaurl", "is not a database URL (got 'notaurl')"),
        ("mysql://u@db/jembatan", "names a mysql database"),
        ("postgresql://u@db", "must name the database"),
        ("sqlite://", "must name a SQLite file"),
    ],
)
def test_an_unusable_database_url_is_refused_naming_the_variable_and_the_expected_form(
    written: str, says: str
) -> None:
    with pytest.raises(DatabaseSettingError) as refused:
        async_database_url(written)
    message = str(refused.value)
    assert message.startswith("JEMBATAN_DATABASE_URL") and says in message
    assert "postgresql://user:password@host:5432/database" in message and "\n" not in message


def test_a_password_never_appears_in_the_refusal() -> None:
    with pytest.raises(DatabaseSettingError) as refused:
        async_database_url("mysql://jembatan:hunter2@db/jembatan")
    assert "hunter2" not in str(refused.value)


@pytest.mark.integration
async def test_a_plain_postgresql_url_runs_the_migrations(postgres_url: str, unique_name) -> None:
    plain = postgres_url.replace("postgresql+asyncpg://", "postgresql://")
    db = Database(plain, unique_name("scheduler"))
    await db.migrate(MIGRATIONS)
    async with db.session() as session:
        assert (await session.execute(text("SELECT count(*) FROM timetable"))).scalar() == 0
    await db.dispose()


def start_scheduler(database_url: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "JEMBATAN_ENVIRONMENT": "development",
        "JEMBATAN_DATABASE_URL": database_url,
        "JEMBATAN_HTTP_PORT": "1",  # never reached: start-up stops before listening
    }
    return subprocess.run(
        [sys.executable, "-m", "jembatan.scheduler"], env=env, capture_output=True, text=True, timeout=60
    )


@pytest.mark.integration
@pytest.mark.parametrize(
    ("database_url", "says"),
    [
        ("notaurl", "JEMBATAN_DATABASE_URL is not a database URL"),
        ("postgresql://jembatan:pw@127.0.0.1:1/jembatan", "JEMBATAN_DATABASE_URL: cannot reach the database"),
    ],
)
def test_the_service_stops_with_one_line_and_a_non_zero_status(database_url: str, says: str) -> None:
    started = start_scheduler(database_url)
    assert started.returncode != 0
    lines = started.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(says), started.stderr
    assert "Traceback" not in started.stderr + started.stdout


@pytest.mark.integration
async def test_replicas_starting_together_on_a_new_schema_all_come_up(postgres_url: str, unique_name) -> None:
    schema = unique_name("scheduler")
    replicas = [Database(postgres_url, schema) for _ in range(3)]
    try:
        await asyncio.gather(*(db.migrate(MIGRATIONS) for db in replicas))
        async with replicas[0].session() as session:
            version = (await session.execute(text("SELECT version_num FROM alembic_version"))).scalar()
    finally:
        await asyncio.gather(*(db.dispose() for db in replicas))
    assert version == "0002"
