"""Outbox and idempotent consumer on real PostgreSQL and a real Kafka-protocol broker."""

import asyncio
from datetime import UTC, datetime

import pytest
from jembatan.contracts import Envelope, stable_id
from jembatan.platform.consumer import IdempotentConsumer, ProcessedMessage, handle_once
from jembatan.platform.db import Database
from jembatan.platform.kafka import KafkaPublisher
from jembatan.platform.outbox import OutboxDeadLetter, OutboxMessage, OutboxRelay, RelayFailed, add_to_outbox
from jembatan.platform.settings import ServiceSettings
from sqlmodel import Field, SQLModel, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

pytestmark = pytest.mark.integration


class Effect(SQLModel, table=True):
    __tablename__ = "test_effect"
    id: int | None = Field(default=None, primary_key=True)
    message_id: str


def envelope(n: int, tenant: str = "tenant-a") -> Envelope:
    return Envelope(
        id=stable_id("test", str(n)),
        type="test.thing",
        tenant_id=tenant,
        occurred_at=datetime.now(UTC),
        correlation_id="c",
        schema_="pos.order_completed/1",
        payload={"n": n},
    )


@pytest.fixture
async def db(database_with):
    return await database_with(OutboxMessage, OutboxDeadLetter, ProcessedMessage, Effect)


def settings(bootstrap: str) -> ServiceSettings:
    return ServiceSettings(
        environment="development",
        kafka_bootstrap=bootstrap,
        kafka_session_timeout_ms=1500,
        kafka_heartbeat_interval_ms=300,
    )


async def record_effect(session: AsyncSession, env: Envelope) -> None:
    session.add(Effect(message_id=env.id))


async def count(db: Database, model) -> int:
    async with db.session() as session:
        return (await session.exec(select(func.count()).select_from(model))).one()


async def test_a_repeated_message_has_one_effect(db):
    first = await handle_once(db, "c1", envelope(1), record_effect)
    again = await handle_once(db, "c1", envelope(1), record_effect)
    assert (first, again) == (True, False)
    assert await count(db, Effect) == 1


async def test_a_failing_handler_leaves_no_effect_and_no_mark(db):
    async def explode(session: AsyncSession, env: Envelope) -> None:
        session.add(Effect(message_id=env.id))
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        await handle_once(db, "c1", envelope(2), explode)
    assert await count(db, Effect) == 0
    assert await handle_once(db, "c1", envelope(2), record_effect) is True


async def test_with_the_broker_down_rows_wait_and_are_relayed_when_it_returns(
    db, kafka_bootstrap, unique_name
):
    async with db.session() as session:
        for n in range(20):
            add_to_outbox(session, unique_name("topic"), envelope(n))
    down = KafkaPublisher(settings("127.0.0.1:1"))
    down_relay = OutboxRelay(db, down, service="test")
    with pytest.raises(RelayFailed):
        await asyncio.wait_for(down_relay.relay_once(), timeout=60)
    assert await down_relay.pending() == 20
    up = KafkaPublisher(settings(kafka_bootstrap))
    assert await OutboxRelay(db, up, service="test").relay_once() == 20
    assert await down_relay.pending() == 0
    await up.close()


async def test_relayed_messages_are_consumed_once_even_when_published_twice(db, kafka_bootstrap, unique_name):
    topic, group = unique_name("topic"), unique_name("group")
    publisher = KafkaPublisher(settings(kafka_bootstrap))
    async with db.session() as session:
        for n in range(50):
            add_to_outbox(session, topic, envelope(n, tenant=f"tenant-{n % 3}"))
    relay = OutboxRelay(db, publisher, service="test")
    assert await relay.relay_once() == 50
    # at-least-once upstream: the same 50 messages arrive a second time
    await publisher.publish_many([(topic, "tenant-x", envelope(n).to_bytes()) for n in range(50)])
    consumer = IdempotentConsumer(
        settings(kafka_bootstrap),
        db,
        consumer=group,
        topics=[topic],
        handler=record_effect,
        dead_letters=publisher,
    )
    task = asyncio.create_task(consumer.run())
    try:
        async with asyncio.timeout(60):
            while await count(db, ProcessedMessage) < 50:
                await asyncio.sleep(0.2)
            await asyncio.sleep(1.0)  # let the duplicates arrive too
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await publisher.close()
    assert await count(db, Effect) == 50
