"""Consume a topic with exactly-once effects (DESIGN.md §3.2).

For each message: one DB transaction runs the handler and records the message id; only after
it commits is the Kafka offset committed. A repeat (same message id) is a no-op. A message that
cannot be read, or keeps failing, goes to the consumer's dead-letter topic with the reason.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from jembatan.contracts import Envelope
from jembatan.contracts.topics import dead_letter
from pydantic import ValidationError
from sqlmodel import Field, SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from .db import Database
from .kafka import KafkaPublisher, make_consumer
from .logging import log_context
from .metrics import CONSUMER_LAG, MESSAGES_CONSUMED
from .settings import ServiceSettings
from .types import utc_column

log = logging.getLogger(__name__)

Handler = Callable[[AsyncSession, Envelope], Awaitable[None]]


class ProcessedMessage(SQLModel, table=True):
    __tablename__ = "processed_message"

    consumer: str = Field(primary_key=True, max_length=100)
    message_id: str = Field(primary_key=True, max_length=200)
    processed_at: datetime = Field(sa_column=utc_column())


class PermanentFailure(Exception):
    """The message can never be handled as it is: dead-letter it at once."""


async def handle_once(db: Database, consumer: str, envelope: Envelope, handler: Handler) -> bool:
    """Run `handler` unless this consumer already did; returns False for a repeat."""
    async with db.session() as session:
        if await session.get(ProcessedMessage, (consumer, envelope.id)) is not None:
            return False
        await handler(session, envelope)
        session.add(
            ProcessedMessage(consumer=consumer, message_id=envelope.id, processed_at=datetime.now(UTC))
        )
    return True


class IdempotentConsumer:
    def __init__(
        self,
        settings: ServiceSettings,
        db: Database,
        *,
        consumer: str,
        topics: list[str],
        handler: Handler,
        dead_letters: KafkaPublisher,
        max_attempts: int = 5,
    ) -> None:
        self.settings = settings
        self.db = db
        self.consumer_name = consumer
        self.topics = topics
        self.handler = handler
        self.dead_letters = dead_letters
        self.max_attempts = max_attempts
        self._kafka: AIOKafkaConsumer | None = None

    async def run(self) -> None:
        """Consume until cancelled; reconnects when the broker goes away."""
        while True:
            self._kafka = make_consumer(self.settings, self.topics, group_id=self.consumer_name)
            try:
                await self._kafka.start()
                async for record in self._kafka:
                    await self._process(record)
                    tp = TopicPartition(record.topic, record.partition)
                    await self._kafka.commit({tp: record.offset + 1})
                    self._record_lag(tp, record.offset)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("consumer stopped; restarting", extra={"error": str(exc)})
                await asyncio.sleep(1)
            finally:
                await self._kafka.stop()

    async def _process(self, record: ConsumerRecord[bytes, bytes]) -> None:
        try:
            envelope = Envelope.from_bytes(record.value or b"")
        except ValidationError as exc:
            await self._dead_letter(record, f"not an envelope: {exc}")
            return
        with log_context(
            tenant_id=envelope.tenant_id,
            outlet_id=envelope.outlet_id,
            correlation_id=envelope.correlation_id,
            message_id=envelope.id,
        ):
            for attempt in range(1, self.max_attempts + 1):
                try:
                    fresh = await handle_once(self.db, self.consumer_name, envelope, self.handler)
                    MESSAGES_CONSUMED.labels(
                        self.consumer_name, record.topic, "handled" if fresh else "repeat"
                    ).inc()
                    return
                except (PermanentFailure, ValidationError) as exc:
                    await self._dead_letter(record, str(exc))
                    return
                except Exception as exc:
                    log.warning("handler failed", extra={"attempt": attempt, "error": repr(exc)})
                    await asyncio.sleep(min(5.0, 0.2 * 2**attempt))
            await self._dead_letter(record, f"failed {self.max_attempts} times")

    async def _dead_letter(self, record: ConsumerRecord[bytes, bytes], reason: str) -> None:
        MESSAGES_CONSUMED.labels(self.consumer_name, record.topic, "dead_letter").inc()
        log.error(
            "dead-lettered a message",
            extra={"topic": record.topic, "offset": record.offset, "reason": reason},
        )
        await self.dead_letters.publish(
            dead_letter(record.topic, self.consumer_name),
            (record.key or b"").decode(errors="replace"),
            record.value or b"",
            headers={"reason": reason[:2000], "source_offset": f"{record.partition}:{record.offset}"},
        )

    def _record_lag(self, tp: TopicPartition, offset: int) -> None:
        if self._kafka is None:
            return
        end = self._kafka.highwater(tp)
        if end is not None:
            CONSUMER_LAG.labels(self.consumer_name, tp.topic, str(tp.partition)).set(max(0, end - offset - 1))
