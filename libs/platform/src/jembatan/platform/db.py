"""One database per service: SQLite by default, PostgreSQL (own schema) when a URL is set.

`JEMBATAN_DATABASE_URL` is taken as people write it — `postgresql://user:pw@host:5432/db`,
`postgres://…`, a driver from another project's docs (`postgresql+psycopg2://…`), libpq's
`?sslmode=require`, `sqlite:///path.db` — and mapped to the async drivers Jembatan uses (asyncpg,
aiosqlite). A URL that cannot work, and a database that cannot be reached at start-up, stop the
service with one line naming the variable and the expected form (`DatabaseSettingError`).
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import event, text
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

from . import at_commit

VARIABLE = "JEMBATAN_DATABASE_URL"
EXPECTED = "postgresql://user:password@host:5432/database or sqlite:///path/to/file.db"
POSTGRES_DRIVER = "postgresql+asyncpg"
T = TypeVar("T")
SQLITE_DRIVER = "sqlite+aiosqlite"


class DatabaseSettingError(SystemExit):
    """A database setting the service cannot start with. A `SystemExit` on purpose: uncaught, Python
    prints just its one line to stderr and exits with status 1 — no traceback to read through."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def masked(url: str) -> str:
    """`url` with any password replaced by ***, fit for an error message or a log line."""
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


def async_database_url(url: str) -> str:
    """The URL SQLAlchemy's async engine needs for what the user wrote; `DatabaseSettingError` when
    it cannot name a usable database."""
    try:
        parsed = make_url(url.strip())
    except ArgumentError:
        raise DatabaseSettingError(
            f"{VARIABLE} is not a database URL (got {masked(url)!r}); expected {EXPECTED}"
        ) from None
    backend = parsed.get_backend_name()
    if backend in {"postgresql", "postgres"}:
        return _postgres(parsed).render_as_string(hide_password=False)
    if backend == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise DatabaseSettingError(
                f"{VARIABLE} must name a SQLite file (got {masked(url)!r}); expected {EXPECTED}"
            )
        return parsed.set(drivername=SQLITE_DRIVER).render_as_string(hide_password=False)
    raise DatabaseSettingError(
        f"{VARIABLE} names a {backend} database (got {masked(url)!r}); expected {EXPECTED}"
    )


def _postgres(parsed: URL) -> URL:
    if not parsed.database:
        raise DatabaseSettingError(
            f"{VARIABLE} must name the database after the host "
            f"(got {parsed.render_as_string(hide_password=True)!r}); expected {EXPECTED}"
        )
    query = dict(parsed.query)
    if "sslmode" in query:  # libpq's name; asyncpg calls it ssl and takes the same values
        query["ssl"] = query.pop("sslmode")
    return parsed.set(drivername=POSTGRES_DRIVER, query=query)


def where(url: str) -> str:
    """host:port/database of a URL, for messages (never the user or the password)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return str(parsed.database)
    return f"{parsed.host or 'localhost'}:{parsed.port or 5432}/{parsed.database}"


async def ensure_reachable(url: str, *, within: float = 5.0) -> None:
    """Connect once (retrying for `within` seconds); `DatabaseSettingError` in one line if it cannot."""
    url = async_database_url(url)
    engine = create_async_engine(url)
    deadline = time.monotonic() + within
    try:
        while True:
            try:
                async with asyncio.timeout(max(0.5, deadline - time.monotonic())):
                    async with engine.connect() as connection:
                        await connection.execute(text("SELECT 1"))
                return
            except Exception as error:  # whatever it is, the operator needs its one-line gist
                if time.monotonic() >= deadline:
                    reason = f"{type(error).__name__}: {error}".splitlines()[0][:200]
                    raise DatabaseSettingError(
                        f"{VARIABLE}: cannot reach the database at {where(url)} ({reason}); "
                        "is it running, and are the host, port, user and password right?"
                    ) from None
                await asyncio.sleep(0.5)
    finally:
        await engine.dispose()


# The platform's own tables (the outbox's dead letters), with their own Alembic version table.
PLATFORM_MIGRATIONS = Path(__file__).parent / "migrations"


class Database:
    """An async engine and session factory bound to one service's schema.

    No ping before each checkout (it cost a BEGIN / SELECT 1 / ROLLBACK per transaction): a
    connection the server dropped fails its first statement instead, SQLAlchemy then discards the
    pool's older connections, and `transaction()` runs the work again on a fresh one."""

    def __init__(self, url: str, schema: str) -> None:
        url = async_database_url(url)
        self.url = url
        self.schema = schema
        self.is_postgres = url.startswith("postgresql")
        kwargs: dict[str, Any] = {"pool_pre_ping": False}
        if self.is_postgres:
            kwargs["connect_args"] = {"server_settings": {"search_path": schema}}
            kwargs["pool_size"] = 10
            kwargs["max_overflow"] = 20
        else:
            Path(str(make_url(url).database)).parent.mkdir(parents=True, exist_ok=True)
            kwargs["connect_args"] = {"timeout": 30}
        self.engine: AsyncEngine = create_async_engine(url, **kwargs)
        if not self.is_postgres:
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        self._sessions = async_sessionmaker(self.engine, class_=AsyncSession, expire_on_commit=False)

    @contextlib.asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A session whose transaction commits when the block ends without error: first the steps
        the block left for its end (`at_commit.before_commit`, e.g. a consumer batch's rows in one
        statement), then the commit, then the block's `at_commit.after_commit` callbacks."""
        async with self._sessions() as session:
            async with session.begin():
                yield session
                await at_commit.run_before_commit(session)
            at_commit.run_after_commit(session)

    async def transaction(self, work: Callable[[AsyncSession], Awaitable[T]], *, attempts: int = 3) -> T:
        """Run `work` in one transaction (`session()`), again on a fresh connection when the one it
        got had been dropped by the server (a restart, an idle timeout, a failover)."""
        for attempt in range(1, attempts + 1):
            try:
                async with self.session() as session:
                    return await work(session)
            except DBAPIError as error:
                if not error.connection_invalidated or attempt == attempts:
                    raise
        raise AssertionError("unreachable")

    async def migrate(self, script_location: Path) -> None:
        """Bring the schema to the newest Alembic revision of the service, then of the platform (the
        outbox's dead letters). On PostgreSQL, replicas starting together take turns (an advisory lock
        per schema): the first migrates, the others then find the schema at head."""
        lock = text("SELECT pg_advisory_xact_lock(hashtext(:name))")
        async with self.engine.begin() as conn:
            if self.is_postgres:
                await conn.execute(lock, {"name": f"jembatan-migrate-{self.schema}"})
                await conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{self.schema}"'))
            await conn.run_sync(_upgrade, script_location)
        async with self.engine.begin() as conn:
            if self.is_postgres:
                await conn.execute(lock, {"name": f"jembatan-migrate-{self.schema}"})
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


async def take_turns(session: AsyncSession, name: str) -> None:
    """Hold `name` until the session's transaction ends: writers of one thing (one tenant's row,
    created by whichever comes first) then read and write it one after the other instead of both
    inserting it. PostgreSQL: a transaction-scoped advisory lock; SQLite lets one writer in at a time."""
    connection = await session.connection()
    if connection.dialect.name == "postgresql":
        await connection.execute(text("SELECT pg_advisory_xact_lock(hashtext(:name))"), {"name": name})
