"""A fresh scheduler schema on the session's PostgreSQL database for each test."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from jembatan.platform.db import Database
from jembatan.scheduler.bootstrap import MIGRATIONS

sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture
async def scheduler_db(postgres_url: str, unique_name: Callable[[str], str]) -> AsyncIterator[Database]:
    db = Database(postgres_url, unique_name("scheduler"))
    await db.migrate(MIGRATIONS)
    yield db
    await db.dispose()
