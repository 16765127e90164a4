"""Reconciliation tests: a poster schema on PostgreSQL, the Accurate sandbox over HTTP."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from jembatan.platform.db import Database
from jembatan.poster.bootstrap import MIGRATIONS
from jembatan.sandbox.accurate.testing import SandboxProcess, start_sandbox, stop_sandbox

sys.path.insert(0, str(Path(__file__).parents[1] / "poster" / "windows"))  # window_facts, window_db
sys.path.insert(0, str(Path(__file__).parents[1] / "poster" / "engine"))  # engine_sandbox
sys.path.insert(0, str(Path(__file__).parent))

from sandbox_day import accurate, readback  # noqa: F401 (fixtures)


@pytest.fixture
async def db(postgres_url, unique_name) -> AsyncIterator[Database]:
    database = Database(postgres_url, unique_name("poster_recon"))
    await database.migrate(MIGRATIONS)
    yield database
    await database.dispose()


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxProcess]:
    running = start_sandbox()
    try:
        yield running
    finally:
        stop_sandbox(running)
