"""The one small adapter between Jembatan and a Kafka-protocol broker (Apache Kafka or tansu)."""

from __future__ import annotations

import asyncio
import contextlib

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from .settings import ServiceSettings


class KafkaPublisher:
    """A started producer; `publish_many` waits for every acknowledgement (acks=all)."""

    def __init__(self, settings: ServiceSettings) -> None:
        self.settings = settings
        self._producer: AIOKafkaProducer | None = None

    async def _started(self) -> AIOKafkaProducer:
        if self._producer is None:
            producer = AIOKafkaProducer(
                bootstrap_servers=self.settings.kafka_bootstrap,
                acks="all",
                enable_idempotence=self.settings.kafka_idempotent,
                linger_ms=5,
                request_timeout_ms=10_000,
            )
            try:
                await producer.start()
            except Exception:
                await producer.stop()
                raise
            self._producer = producer
        return self._producer

    async def publish_many(self, messages: list[tuple[str, str, bytes]]) -> None:
        try:
            producer = await self._started()
            futures = [
                await producer.send(topic, value=value, key=key.encode()) for topic, key, value in messages
            ]
            await asyncio.gather(*futures)
        except Exception:
            await self.close()  # start afresh next time: the broker may have restarted
            raise

    async def publish(
        self, topic: str, key: str, value: bytes, headers: dict[str, str] | None = None
    ) -> None:
        try:
            producer = await self._started()
            encoded = [(k, v.encode()) for k, v in (headers or {}).items()]
            await producer.send_and_wait(topic, value=value, key=key.encode(), headers=encoded)
        except Exception:
            await self.close()
            raise

    async def close(self) -> None:
        producer, self._producer = self._producer, None
        if producer is not None:
            with contextlib.suppress(Exception):  # closing a broken producer must not mask the first error
                await producer.stop()


def make_consumer(settings: ServiceSettings, topics: list[str], group_id: str) -> AIOKafkaConsumer:
    """A consumer that never auto-commits: offsets are committed after the DB transaction."""
    return AIOKafkaConsumer(
        *topics,
        bootstrap_servers=settings.kafka_bootstrap,
        group_id=group_id,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        session_timeout_ms=settings.kafka_session_timeout_ms,
        heartbeat_interval_ms=settings.kafka_heartbeat_interval_ms,
        max_poll_records=200,
    )


async def ensure_topics(bootstrap: str, topics: list[str], partitions: int = 4) -> None:
    """Create the topics that do not exist yet."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [
            NewTopic(t, num_partitions=partitions, replication_factor=1) for t in topics if t not in existing
        ]
        if missing:
            with contextlib.suppress(TopicAlreadyExistsError):
                await admin.create_topics(missing)
    finally:
        await admin.close()
