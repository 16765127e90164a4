"""Consume a topic with exactly-once effects.

Messages come in batches (what one fetch returns, up to `batch_size`). A batch is handled in ONE
DB transaction: the ids already processed are looked up in one query, the handler runs for each
new message in order, the new ids are recorded in one statement; only after the commit are the batch's Kafka
offsets committed, once. A repeat (same message id) is a no-op, inside a batch too.

If anything in the batch fails, the transaction rolls back and the batch is handled again one
message at a time, each in its own transaction (`handle_once`): a poison message then costs only
itself — it is retried, and dead-lettered with the reason, while the messages beside it commit. A
message that cannot be read as an envelope is dead-lettered without entering a transaction.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import sqlalchemy as sa
from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from jembatan.contracts import Envelope
from jembatan.contracts.topics import dead_letter
from pydantic import ValidationError
from sqlmodel import Field, SQLModel, col, select
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


_PROCESSED: sa.Table = ProcessedMessage.__table__  # type: ignore[attr-defined]


class PermanentFailure(Exception):
    """The message can never be handled as it is: dead-letter it at once."""


async def handle_batch(
    db: Database, consumer: str, envelopes: list[Envelope], handler: Handler
) -> list[bool]:
    """Run `handler` for each envelope this consumer has not processed yet, all in one transaction;
    returns, per envelope, whether it was new. Raises (and nothing is kept) if any handler fails."""
    async with db.session() as session:
        ids = list({envelope.id for envelope in envelopes})
        seen = set(
            (
                await session.exec(
                    select(ProcessedMessage.message_id).where(
                        ProcessedMessage.consumer == consumer, col(ProcessedMessage.message_id).in_(ids)
                    )
                )
            ).all()
        )
        fresh: list[bool] = []
        now = datetime.now(UTC)
        processed: list[dict[str, object]] = []
        for envelope in envelopes:
            if envelope.id in seen:
                fresh.append(False)
                continue
            with _context(envelope):
                await handler(session, envelope)
            processed.append({"consumer": consumer, "message_id": envelope.id, "processed_at": now})
            seen.add(envelope.id)
            fresh.append(True)
        if processed:  # one multi-row INSERT (Core: no ORM object per message)
            await (await session.connection()).execute(sa.insert(_PROCESSED), processed)
    return fresh


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
        batch_size: int = 200,
        fetch_wait_ms: int = 1000,
        lag_interval: float = 5.0,
    ) -> None:
        self.settings = settings
        self.db = db
        self.consumer_name = consumer
        self.topics = topics
        self.handler = handler
        self.dead_letters = dead_letters
        self.max_attempts = max_attempts
        self.batch_size = batch_size
        self.fetch_wait_ms = fetch_wait_ms
        self.lag_interval = lag_interval  # how often the lag gauge is read from the broker as well
        self._kafka: AIOKafkaConsumer | None = None
        self._done: dict[TopicPartition, int] = {}  # the offset this consumer last committed, per partition
        self._shown: set[TopicPartition] = set()  # partitions with a lag series from this consumer

    async def run(self) -> None:
        """Consume until cancelled; reconnects when the broker goes away."""
        while True:
            self._kafka = make_consumer(self.settings, self.topics, group_id=self.consumer_name)
            watcher: asyncio.Task[None] | None = None
            try:
                await self._kafka.start()
                watcher = asyncio.create_task(self._watch_lag(self._kafka), name=f"lag:{self.consumer_name}")
                while True:
                    fetched = await self._kafka.getmany(
                        timeout_ms=self.fetch_wait_ms, max_records=self.batch_size
                    )
                    records = [record for batch in fetched.values() for record in batch]
                    if not records:
                        continue
                    await self.process_batch(records)
                    offsets = {tp: batch[-1].offset + 1 for tp, batch in fetched.items() if batch}
                    await self._kafka.commit(offsets)
                    self._done.update(offsets)
                    for tp, batch in fetched.items():
                        if batch:
                            self._record_lag(tp, batch[-1].offset)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("consumer stopped; restarting", extra={"error": str(exc)})
                await asyncio.sleep(1)
            finally:
                if watcher is not None:
                    watcher.cancel()
                    await asyncio.gather(watcher, return_exceptions=True)
                await self._kafka.stop()

    async def process_batch(self, records: list[ConsumerRecord[bytes, bytes]]) -> None:
        """Handle `records` in one transaction; one by one if that fails (see the module doc)."""
        readable: list[tuple[ConsumerRecord[bytes, bytes], Envelope]] = []
        for record in records:
            try:
                readable.append((record, Envelope.from_bytes(record.value or b"")))
            except ValidationError as exc:
                await self._dead_letter(record, f"not an envelope: {exc}")
        if not readable:
            return
        try:
            fresh = await handle_batch(self.db, self.consumer_name, [e for _, e in readable], self.handler)
        except Exception as exc:
            log.info(
                "batch failed; handling its messages one by one",
                extra={"error": repr(exc), "size": len(readable)},
            )
            for record, envelope in readable:
                await self._process_one(record, envelope)
            return
        for (record, _), new in zip(readable, fresh, strict=True):
            MESSAGES_CONSUMED.labels(self.consumer_name, record.topic, "handled" if new else "repeat").inc()

    async def _process(self, record: ConsumerRecord[bytes, bytes]) -> None:
        try:
            envelope = Envelope.from_bytes(record.value or b"")
        except ValidationError as exc:
            await self._dead_letter(record, f"not an envelope: {exc}")
            return
        await self._process_one(record, envelope)

    async def _process_one(self, record: ConsumerRecord[bytes, bytes], envelope: Envelope) -> None:
        with _context(envelope):
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
            self._show_lag(tp, end - offset - 1)

    def _show_lag(self, tp: TopicPartition, lag: int) -> None:
        CONSUMER_LAG.labels(self.consumer_name, tp.topic, str(tp.partition)).set(max(0, lag))
        self._shown.add(tp)

    async def _watch_lag(self, kafka: AIOKafkaConsumer) -> None:
        """Every `lag_interval` s, each partition this consumer holds: its log end (asked of the broker)
        less the offset committed there. Set after each batch only, the gauge froze while the consumer
        was stuck in a batch or had not finished one (no lag shown however far behind); a partition
        given away in a rebalance kept its last figure here forever. Both are read anew now."""
        held = set(self._shown)  # after a restart: what was shown before is checked against what we hold
        self._done.clear()
        while True:
            await asyncio.sleep(self.lag_interval)
            before, held = held, set(kafka.assignment())
            for tp in before - held:  # given away: another consumer reports it now
                self._done.pop(tp, None)
                if tp in self._shown:
                    self._shown.discard(tp)
                    CONSUMER_LAG.remove(self.consumer_name, tp.topic, str(tp.partition))
            for tp in held - before:  # (again) ours: what was committed meanwhile is asked for below
                self._done.pop(tp, None)
            try:
                ends = await kafka.end_offsets(sorted(held)) if held else {}
                for tp, end in ends.items():
                    # tansu (the embedded broker) answers a log end short of the last fetch's high water
                    # mark once a partition holds more than one record batch: the larger of the two.
                    end = max(end, kafka.highwater(tp) or 0)
                    self._show_lag(tp, end - await self._committed(kafka, tp))
            except Exception as exc:  # the broker is away: the fetch loop reconnects; read it next time
                log.debug("consumer lag not read", extra={"error": repr(exc)})

    async def _committed(self, kafka: AIOKafkaConsumer, tp: TopicPartition) -> int:
        """The next offset to handle on `tp`: what this consumer committed there, else the group's
        committed offset, else (nothing committed: the consumer starts at the earliest) the log start."""
        if tp not in self._done:
            committed = await kafka.committed(tp)
            start = committed if committed is not None else (await kafka.beginning_offsets([tp]))[tp]
            return self._done.setdefault(tp, start)  # a batch committed meanwhile is newer
        return self._done[tp]


def _context(envelope: Envelope) -> contextlib.AbstractContextManager[None]:
    return log_context(
        tenant_id=envelope.tenant_id,
        outlet_id=envelope.outlet_id,
        correlation_id=envelope.correlation_id,
        message_id=envelope.id,
    )
