"""Create topics on any Kafka-protocol broker with aiokafka's admin client."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
from collections.abc import Coroutine, Iterable
from typing import Any, TypeVar

DEFAULT_PARTITIONS = 4
T = TypeVar("T")


def standard_topics() -> list[str]:
    """Every topic Jembatan needs, dead-letter topics included (`jembatan.contracts.topics`)."""
    from jembatan.contracts.topics import all_topics

    return all_topics()


async def create_topics(
    bootstrap: str, names: Iterable[str], partitions: int = DEFAULT_PARTITIONS, *, within: float = 30.0
) -> list[str]:
    """Create the named topics that do not exist yet; return the ones created.

    Waits until the broker lists every name, so a producer right after this sees them.
    """
    from aiokafka.admin import AIOKafkaAdminClient, NewTopic
    from aiokafka.errors import TopicAlreadyExistsError

    wanted = list(dict.fromkeys(names))
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=int(within * 1000))
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [t for t in wanted if t not in existing]
        if missing:
            new = [NewTopic(t, num_partitions=partitions, replication_factor=1, topic_configs=_configs(t))
                   for t in missing]  # fmt: skip
            with contextlib.suppress(TopicAlreadyExistsError):  # a concurrent creator won the race
                await admin.create_topics(new)
        deadline = asyncio.get_running_loop().time() + within
        while not set(wanted) <= set(await admin.list_topics()):
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError(f"topics not listed by {bootstrap} after {within}s: {wanted}")
            await asyncio.sleep(0.05)
        return missing
    finally:
        await admin.close()


def _configs(topic: str) -> dict[str, str]:
    """A compacted topic (`jembatan.contracts.topics.COMPACTED`) keeps the latest message per key."""
    from jembatan.contracts.topics import COMPACTED

    return {"cleanup.policy": "compact"} if topic in COMPACTED else {}


def create_topics_sync(
    bootstrap: str, names: Iterable[str], partitions: int = DEFAULT_PARTITIONS
) -> list[str]:
    """`create_topics` for synchronous callers (fixtures, the CLI)."""
    return run_sync(create_topics(bootstrap, list(names), partitions))


def run_sync(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion from sync code, even when this thread already runs a loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()
