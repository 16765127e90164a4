"""Pytest fixtures for real infrastructure (registered as the `jembatan` pytest11 entry point).

- `kafka_bootstrap`: one tansu per test session (or `$JEMBATAN_TEST_KAFKA_BOOTSTRAP`), with the
  standard topics created. Consumers against tansu should use `TANSU_SESSION_TIMEOUT_MS` /
  `TANSU_HEARTBEAT_INTERVAL_MS` (1500 / 300 ms).
- `postgres_url`: a fresh database for the session on the local PostgreSQL (or
  `$JEMBATAN_TEST_PG_URL`, or a testcontainers PostgreSQL when Docker runs), dropped at the end.
- `unique_name`: a factory of unique topic / group / schema names.
- `start_stack(...)`: a `LocalStack` for end-to-end tests (use it as a context manager).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from .broker import TANSU_HEARTBEAT_INTERVAL_MS, TANSU_SESSION_TIMEOUT_MS, start_tansu, use_external
from .topics import DEFAULT_PARTITIONS, create_topics_sync, standard_topics

__all__ = [
    "TANSU_HEARTBEAT_INTERVAL_MS",
    "TANSU_SESSION_TIMEOUT_MS",
    "kafka_bootstrap",
    "postgres_url",
    "start_stack",
    "unique_name",
]

TEST_BOOTSTRAP_ENV = "JEMBATAN_TEST_KAFKA_BOOTSTRAP"
TEST_PG_ENV = "JEMBATAN_TEST_PG_URL"

UniqueName = Callable[..., str]


def make_unique_name(prefix: str = "t") -> str:
    """`<prefix>_<12 hex>`: valid as a Kafka topic, a consumer group and a PostgreSQL identifier."""
    clean = "".join(c if c.isalnum() else "_" for c in prefix.lower()) or "t"
    if not clean[0].isalpha():
        clean = f"t{clean}"
    return f"{clean[:40]}_{uuid.uuid4().hex[:12]}"


@pytest.fixture(scope="session")
def unique_name() -> UniqueName:
    """Call it for a fresh name: `unique_name("orders")` → `orders_3f9c0a1b2c4d`."""
    return make_unique_name


@pytest.fixture(scope="session")
def kafka_bootstrap(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`host:port` of a Kafka-protocol broker with the standard topics (4 partitions each)."""
    external = os.environ.get(TEST_BOOTSTRAP_ENV)
    broker = use_external(external) if external else start_tansu(tmp_path_factory.mktemp("tansu"))
    try:
        create_topics_sync(broker.bootstrap, standard_topics(), DEFAULT_PARTITIONS)
        yield broker.bootstrap
    finally:
        broker.stop()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """`postgresql+asyncpg://.../jembatan_test_<hex>`: a database created for this session only."""
    from .postgres import (
        DEFAULT_SERVER_URL,
        create_database_sync,
        drop_database_sync,
        server_answers_sync,
    )

    server = os.environ.get(TEST_PG_ENV) or DEFAULT_SERVER_URL
    container = None
    if not server_answers_sync(server):
        if os.environ.get(TEST_PG_ENV):
            raise RuntimeError(f"{TEST_PG_ENV}={server} does not answer")
        container, server = _start_postgres_container(server)
    name = make_unique_name("jembatan_test")
    try:
        url = create_database_sync(server, name)
        try:
            yield url
        finally:
            drop_database_sync(server, name)
    finally:
        if container is not None:
            container.stop()


def start_stack(run_dir: Path, **options: Any) -> Any:
    """A `LocalStack` rooted at `run_dir` (e.g. `tmp_path`); enter it to start, leave it to stop.

    Options are `LocalStack`'s: `services`, `iseller`, `kafka_bootstrap`, `database_url`, ...
    By default the stack gets its own broker, so its standard topics hold only its own messages.
    """
    from .stack import LocalStack

    return LocalStack(run_dir=run_dir, **options)


def _start_postgres_container(local_server: str) -> tuple[Any, str]:
    """Fallback when no local PostgreSQL answers: testcontainers, if a Docker engine runs."""
    try:
        from testcontainers.postgres import PostgresContainer

        container = PostgresContainer("postgres:16-alpine", driver="asyncpg")
        container.start()
    except Exception as error:
        raise RuntimeError(
            f"no PostgreSQL at {local_server} and no Docker engine for testcontainers ({error}); "
            f"start PostgreSQL or set {TEST_PG_ENV}"
        ) from error
    url = container.get_connection_url()
    return container, url.rsplit("/", 1)[0] + "/postgres"
