"""A fresh PostgreSQL schema holding only the tables a platform test names."""

from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from jembatan.platform.db import Database
from sqlmodel import SQLModel

TablesDatabase = Callable[..., Awaitable[Database]]


@pytest.fixture
async def database_with(postgres_url, unique_name) -> AsyncIterator[TablesDatabase]:
    """`await database_with(ModelA, ModelB)`: a database in a schema of its own with those tables."""
    made: list[Database] = []

    async def make(*models: type[SQLModel]) -> Database:
        database = Database(postgres_url, unique_name("schema"))
        tables = [model.__table__ for model in models]  # type: ignore[attr-defined]
        async with database.engine.begin() as conn:
            await conn.exec_driver_sql(f'CREATE SCHEMA "{database.schema}"')
            await conn.run_sync(lambda c: SQLModel.metadata.create_all(c, tables=tables))
        made.append(database)
        return database

    yield make
    for database in made:
        await database.dispose()
