"""The consumer handles a fetch as one batch: one transaction, repeats skipped, a poison message
costing only itself. Real PostgreSQL; the broker side (records, dead-letter topic) is faked."""

from datetime import UTC, datetime
from typing import Any

import pytest
from aiokafka import ConsumerRecord
from jembatan.contracts import Envelope, stable_id
from jembatan.platform.consumer import IdempotentConsumer, ProcessedMessage, handle_batch, handle_once
from jembatan.platform.db import Database
from jembatan.platform.settings import ServiceSettings
from sqlmodel import Field, SQLModel, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

pytestmark = pytest.mark.integration


class Effect(SQLModel, table=True):
    __tablename__ = "test_batch_effect"
    id: int | None = Field(default=None, primary_key=True)
    message_id: str


def envelope(n: int) -> Envelope:
    return Envelope(
        id=stable_id("batch", str(n)), type="test.thing", tenant_id="tenant-a", occurred_at=datetime.now(UTC),
        correlation_id="c", schema_="pos.order_completed/1", payload={"n": n},
    )  # fmt: skip


@pytest.fixture
async def db(database_with):
    return await database_with(ProcessedMessage, Effect)


async def record_effect(session: AsyncSession, env: Envelope) -> None:
    session.add(Effect(message_id=env.id))


async def count(db: Database, model: Any) -> int:
    async with db.session() as session:
        return (await session.exec(select(func.count()).select_from(model))).one()


class DeadLetters:
    def __init__(self) -> None:
        self.sent: list[tuple[str, bytes, dict[str, str]]] = []

    async def publish(self, topic: str, key: str, value: bytes, headers: dict[str, str] | None = None) -> None:
        self.sent.append((topic, value, headers or {}))


def record(offset: int, value: bytes) -> ConsumerRecord[bytes, bytes]:
    return ConsumerRecord(
        topic="pos.events.v1", partition=0, offset=offset, timestamp=0, timestamp_type=0, key=b"t",
        value=value, checksum=None, serialized_key_size=1, serialized_value_size=len(value), headers=(),
    )  # fmt: skip


def consumer(database: Any, handler: Any, dead: DeadLetters) -> IdempotentConsumer:
    return IdempotentConsumer(
        ServiceSettings(environment="development", kafka_bootstrap="127.0.0.1:1"), database, consumer="c1", topics=["pos.events.v1"], handler=handler,
        dead_letters=dead, max_attempts=2,  # type: ignore[arg-type]
    )  # fmt: skip


async def test_a_batch_has_one_effect_per_message_even_with_repeats_inside_and_before_it(db):
    await handle_once(db, "c1", envelope(0), record_effect)
    batch = [envelope(0), envelope(1), envelope(2), envelope(1), envelope(3)]
    fresh = await handle_batch(db, "c1", batch, record_effect)
    assert fresh == [False, True, True, False, True]
    assert await count(db, Effect) == 4
    assert await count(db, ProcessedMessage) == 4


async def test_a_failing_batch_keeps_nothing(db):
    async def fails_on_two(session: AsyncSession, env: Envelope) -> None:
        if env.payload["n"] == 2:
            raise RuntimeError("boom")
        await record_effect(session, env)

    with pytest.raises(RuntimeError):
        await handle_batch(db, "c1", [envelope(1), envelope(2), envelope(3)], fails_on_two)
    assert await count(db, Effect) == 0
    assert await count(db, ProcessedMessage) == 0


async def test_a_poison_message_is_dead_lettered_and_the_rest_of_its_batch_is_handled(db):
    async def poison_two(session: AsyncSession, env: Envelope) -> None:
        if env.payload["n"] == 2:
            raise RuntimeError("poison")
        await record_effect(session, env)

    dead = DeadLetters()
    records = [record(i, envelope(i).to_bytes()) for i in range(5)] + [record(5, b"not json")]
    await consumer(db, poison_two, dead).process_batch(records)
    assert await count(db, Effect) == 4
    assert await count(db, ProcessedMessage) == 4
    reasons = sorted(headers["reason"] for _, _, headers in dead.sent)
    assert len(reasons) == 2
    assert reasons[0] == "failed 2 times"
    assert reasons[1].startswith("not an envelope")
