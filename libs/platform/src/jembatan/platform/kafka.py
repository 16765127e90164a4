"""The one small adapter between Jembatan and a Kafka-protocol broker (Apache Kafka or tansu)."""

from __future__ import annotations

import asyncio
import contextlib

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import (
    InvalidTopicError,
    MessageSizeTooLargeError,
    RecordListTooLargeError,
    RecordTooLargeError,
    TopicAlreadyExistsError,
    UnsupportedForMessageFormatError,
)
from aiokafka.partitioner import DefaultPartitioner, murmur2
from aiokafka.producer.message_accumulator import BatchBuilder
from aiokafka.record.default_records import DefaultRecordBatchBuilder

from .settings import ServiceSettings

# The largest message a service sends. An iSeller webhook body is capped at 1 MB; its canonical
# event and the ledger fact made from it are larger (measured: a 0.9 MB body of 13,000 minimal
# lines → 3.0 MB event → 4.5 MB fact). Apache Kafka must take as much: docker-compose sets
# KAFKA_MESSAGE_MAX_BYTES to this + 64 KiB of batch overhead. tansu has no such limit (docs/outbox.md).
MAX_MESSAGE_BYTES = 8 * 1024 * 1024

# How much one partition's batch in a produce request may hold. aiokafka's default, 16 KiB, is five
# ~3 KB events: a relay batch of 200 then took ~10 produce requests one after the other (aiokafka
# keeps one request in flight per broker), each waiting for acks=all (docs/performance.md, round five).
PRODUCER_BATCH_BYTES = 1024 * 1024

# Refusals that no retry can cure: the message is moved aside (the outbox's dead-letter table).
PERMANENT_REFUSALS: tuple[type[Exception], ...] = (
    MessageSizeTooLargeError,
    RecordTooLargeError,
    RecordListTooLargeError,
    InvalidTopicError,
    UnsupportedForMessageFormatError,
)


class RememberedPartitioner:
    """aiokafka's default partitioner with each key's murmur2 hash remembered: the same key lands
    on the same partition as before (`murmur2(key) & 0x7FFFFFFF` modulo the topic's partition
    count, as `DefaultPartitioner`), without hashing it again in Python for every message. A
    service has few keys (tenant ids); past `keep` of them the memory starts afresh."""

    def __init__(self, keep: int = 10_000) -> None:
        self.keep = keep
        self._hashes: dict[bytes, int] = {}
        self._default = DefaultPartitioner()

    def __call__(self, key: bytes | None, all_partitions: list[int], available: list[int]) -> int:
        if key is None:  # no key: a random partition, as the default
            return int(self._default(key, all_partitions, available))
        hashed = self._hashes.get(key)
        if hashed is None:
            if len(self._hashes) >= self.keep:
                self._hashes.clear()
            hashed = self._hashes[key] = murmur2(key) & 0x7FFFFFFF
        return all_partitions[hashed % len(all_partitions)]


TOO_LARGE = (
    "The message is larger than the maximum request size you have configured with the "
    "max_request_size configuration"
)


def refusal(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:2000]


class KafkaPublisher:
    """A started producer; `publish_many` waits for every acknowledgement (acks=all)."""

    def __init__(self, settings: ServiceSettings) -> None:
        self.settings = settings
        self._producer: AIOKafkaProducer | None = None
        self.partitioner = RememberedPartitioner()

    async def _started(self) -> AIOKafkaProducer:
        if self._producer is None:
            producer = AIOKafkaProducer(
                bootstrap_servers=self.settings.kafka_bootstrap,
                acks="all",
                enable_idempotence=self.settings.kafka_idempotent,
                linger_ms=5,
                max_batch_size=PRODUCER_BATCH_BYTES,
                request_timeout_ms=10_000,
                max_request_size=MAX_MESSAGE_BYTES,
                partitioner=self.partitioner,
            )
            try:
                await producer.start()
            except Exception:
                await producer.stop()
                raise
            self._producer = producer
        return self._producer

    async def publish_many(self, messages: list[tuple[str, str, bytes]]) -> list[str | None]:
        """Per message: None once acknowledged, or why the broker refuses it for good. Raises
        when the broker cannot be reached or fails for a reason a retry may cure.

        The messages are put into one record batch per partition here (`create_batch` /
        `send_batch`), in their order, rather than one `send()` each: aiokafka's accumulator would
        have put them into the same batches, but its per-message path (an awaited coroutine, the
        metadata check, a future per message) was most of the publisher's CPU. A batch that is
        full goes and the next one for its partition follows it (aiokafka queues it behind)."""
        refused: list[str | None] = [None] * len(messages)
        try:
            producer = await self._started()
            waiting: list[tuple[asyncio.Future[object], list[int]]] = []
            filling: dict[tuple[str, int], tuple[BatchBuilder, list[int]]] = {}
            partitions: dict[str, list[int]] = {}
            for n, (topic, key, value) in enumerate(messages):
                key_bytes = key.encode()
                if DefaultRecordBatchBuilder.estimate_size_in_bytes(key_bytes, value, []) > MAX_MESSAGE_BYTES:
                    refused[n] = refusal(MessageSizeTooLargeError(TOO_LARGE))  # as send() would
                    continue
                if (all_partitions := partitions.get(topic)) is None:
                    all_partitions = partitions[topic] = list(await producer.partitions_for(topic))
                tp = (topic, self.partitioner(key_bytes, all_partitions, all_partitions))
                batch, numbers = filling.get(tp) or filling.setdefault(tp, (producer.create_batch(), []))
                if batch.append(key=key_bytes, value=value, timestamp=None) is None:  # full: it goes
                    waiting.append((await producer.send_batch(batch, tp[0], partition=tp[1]), numbers))
                    batch, numbers = filling[tp] = (producer.create_batch(), [])
                    batch.append(key=key_bytes, value=value, timestamp=None)  # a first record always fits
                numbers.append(n)
            for (topic, partition), (batch, numbers) in filling.items():
                waiting.append((await producer.send_batch(batch, topic, partition=partition), numbers))
            answers = await asyncio.gather(*(future for future, _ in waiting), return_exceptions=True)
        except Exception:
            await self.close()  # start afresh next time: the broker may have restarted
            raise
        for (_, numbers), answer in zip(waiting, answers, strict=True):
            if isinstance(answer, PERMANENT_REFUSALS):
                for n in numbers:
                    refused[n] = refusal(answer)
            elif isinstance(answer, BaseException):
                await self.close()
                raise answer
        return refused

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
        max_partition_fetch_bytes=MAX_MESSAGE_BYTES,
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
