"""One database per service: SQLite by default, PostgreSQL (own schema) when a URL is set."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

# The platform's own tables (the outbox's dead letters), with their own Alembic version table.
PLATFORM_MIGRATIONS = Path(__file__).parent / "migrations"


class Database:
    """An async engine and session factory bound to one service's schema."""

    def __init__(self, url: str, schema: str) -> None:
        self.url = url
        self.schema = schema
        self.is_postgres = url.startswith("postgresql")
        kwargs: dict[str, Any] = {"pool_pre_ping": True}
        if self.is_postgres:
            kwargs["connect_args"] = {"server_settings": {"search_path": schema}}
            kwargs["pool_size"] = 10
        else:
            Path(url.split(":///", 1)[1]).parent.mkdir(parents=True, exist_ok=True)
            kwargs["connect_args"] = {"timeout": 30}
        self.engine: AsyncEngine = create_async_engine(url, **kwargs)
        if not self.is_postgres:
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        self._sessions = async_sessionmaker(self.engine, class_=AsyncSession, expire_on_commit=False)

    @contextlib.asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A session whose transaction commits when the block ends without error."""
        async with self._sessions() as session, session.begin():
            yield session

    async def migrate(self, script_location: Path) -> None:
        """Bring the schema to the newest Alembic revision of the service, then of the platform."""
        if self.is_postgres:
            async with self.engine.begin() as conn:
                await conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{self.schema}"'))
        async with self.engine.begin() as conn:
            await conn.run_sync(_upgrade, script_location)
        async with self.engine.begin() as conn:
            await conn.run_sync(_upgrade, PLATFORM_MIGRATIONS)

    async def dispose(self) -> None:
        await self.engine.dispose()


def _upgrade(connection: Connection, script_location: Path) -> None:
    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
