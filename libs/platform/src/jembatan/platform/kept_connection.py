"""A pooled connection kept from one unit of work to the next, with asyncpg's connection beneath it.

Checking a connection out of SQLAlchemy's pool and back in costs ~80 µs of CPU (three greenlet
hops and the pool's bookkeeping) — as much as a small statement. Ingest's group-commit writers
and every service's outbox relay send their statements straight to asyncpg on a connection they
keep, and give it back only when they stop or after a failure (docs/performance.md, round five).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from .db import Database


@dataclass(frozen=True)
class KeptConnection:
    """A connection checked out of the pool, and the driver's (asyncpg's) connection beneath it."""

    connection: AsyncConnection
    driver: Any  # asyncpg's Connection


async def check_out(db: Database) -> KeptConnection:
    connection = await db.engine.connect()
    try:
        driver = (await connection.get_raw_connection()).driver_connection
    except BaseException:
        await connection.close()
        raise
    return KeptConnection(connection, driver)


async def let_go(kept: KeptConnection, *, keep_it: bool) -> None:
    """Back to the pool when its last unit of work ended cleanly (`keep_it`); otherwise — asyncpg's
    connection may be mid-statement, or in a transaction SQLAlchemy does not know of — or when the
    server dropped it, closed for good so the pool never hands it out again."""
    with contextlib.suppress(Exception):
        if not keep_it or kept.driver.is_closed():
            await kept.connection.invalidate()
        await kept.connection.close()
