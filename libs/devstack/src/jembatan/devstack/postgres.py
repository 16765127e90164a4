"""Throwaway PostgreSQL databases on a server that already runs (local, CI, or a container)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .topics import run_sync

DEFAULT_SERVER_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


@dataclass(frozen=True)
class ServerUrl:
    """A SQLAlchemy-style URL split into the part before the database name and the name."""

    base: str  # e.g. postgresql+asyncpg://postgres@127.0.0.1:5432
    database: str
    query: str = ""

    @classmethod
    def parse(cls, url: str) -> ServerUrl:
        head, _, query = url.partition("?")
        scheme, _, rest = head.partition("://")
        authority, _, database = rest.partition("/")
        return cls(f"{scheme}://{authority}", database or "postgres", query)

    def with_database(self, name: str) -> str:
        return f"{self.base}/{name}" + (f"?{self.query}" if self.query else "")

    def asyncpg_dsn(self, database: str | None = None) -> str:
        """The same server as a plain `postgresql://` DSN asyncpg understands."""
        authority = self.base.partition("://")[2]
        return f"postgresql://{authority}/{database or self.database}"


async def server_answers(server_url: str, within: float = 3.0) -> bool:
    """True when the server accepts a connection and runs `select 1`."""
    import asyncpg

    try:
        conn = await asyncpg.connect(ServerUrl.parse(server_url).asyncpg_dsn(), timeout=within)
    except (OSError, asyncpg.PostgresError, TimeoutError):
        return False
    try:
        return bool(await conn.fetchval("select 1") == 1)
    finally:
        await conn.close()


async def create_database(server_url: str, name: str) -> str:
    """Create database `name` on the server; return its SQLAlchemy URL."""
    import asyncpg

    _check_name(name)
    server = ServerUrl.parse(server_url)
    conn = await asyncpg.connect(server.asyncpg_dsn())
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return server.with_database(name)


async def drop_database(server_url: str, name: str) -> None:
    """Drop database `name`, disconnecting whoever still uses it."""
    import asyncpg

    _check_name(name)
    conn = await asyncpg.connect(ServerUrl.parse(server_url).asyncpg_dsn())
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


def server_answers_sync(server_url: str) -> bool:
    return run_sync(server_answers(server_url))


def create_database_sync(server_url: str, name: str) -> str:
    return run_sync(create_database(server_url, name))


def drop_database_sync(server_url: str, name: str) -> None:
    run_sync(drop_database(server_url, name))


def _check_name(name: str) -> None:
    if not _NAME.match(name):
        raise ValueError(f"not a safe database name: {name!r}")
