"""Builders for window tests: facts of one outlet at given instants, and a fresh poster schema."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from jembatan.platform.db import Database
from jembatan.poster.bootstrap import MIGRATIONS


@pytest.fixture
async def db(postgres_url, unique_name) -> AsyncIterator[Database]:
    """The poster's tables in a schema of their own, migrated to head."""
    database = Database(postgres_url, unique_name("poster_windows"))
    await database.migrate(MIGRATIONS)
    yield database
    await database.dispose()


@pytest.fixture
async def one_by_one(postgres_url, unique_name) -> AsyncIterator[Database]:
    """A second poster schema, for taking each fact in its own transaction beside a batch."""
    database = Database(postgres_url, unique_name("poster_one_by_one"))
    await database.migrate(MIGRATIONS)
    yield database
    await database.dispose()
