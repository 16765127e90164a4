"""The session fixtures other tests build on: a fresh PostgreSQL database and unique names."""

from __future__ import annotations

import re

import asyncpg
import pytest
from jembatan.devstack.postgres import DEFAULT_SERVER_URL, ServerUrl, create_database, drop_database
from jembatan.devstack.pytest_plugin import UniqueName, make_unique_name

pytestmark = pytest.mark.integration


async def test_postgres_url_is_a_database_of_this_session_whose_public_schema_is_untouched(
    postgres_url: str,
) -> None:
    # Other tests may already have made their own schemas in it (the order of tests is not fixed);
    # nobody writes to `public`, and the probe schema is made only here.
    assert postgres_url.startswith("postgresql+asyncpg://")
    name = ServerUrl.parse(postgres_url).database
    assert re.fullmatch(r"jembatan_test_[0-9a-f]{12}", name)
    conn = await asyncpg.connect(ServerUrl.parse(postgres_url).asyncpg_dsn())
    try:
        tables = await conn.fetchval(
            "select count(*) from information_schema.tables where table_schema in ('public', 'probe')"
        )
        await conn.execute("create schema probe; create table probe.t (id int)")
    finally:
        await conn.close()
    assert tables == 0


async def test_a_created_database_is_gone_after_drop() -> None:
    name = make_unique_name("jembatan_test")
    await create_database(DEFAULT_SERVER_URL, name)
    await drop_database(DEFAULT_SERVER_URL, name)
    conn = await asyncpg.connect(ServerUrl.parse(DEFAULT_SERVER_URL).asyncpg_dsn())
    try:
        assert await conn.fetchval("select count(*) from pg_database where datname = $1", name) == 0
    finally:
        await conn.close()


def test_unique_names_are_distinct_and_valid_everywhere(unique_name: UniqueName) -> None:
    names = {unique_name("Orders-Topic") for _ in range(100)}
    assert len(names) == 100
    assert all(re.fullmatch(r"orders_topic_[0-9a-f]{12}", n) for n in names)
    assert re.fullmatch(r"t1x_[0-9a-f]{12}", unique_name("1x"))
