"""`jembatan_consumer_lag` between batches: a consumer stuck in a batch shows the messages piling up
behind it (the gauge used to be set only when a batch ended, so it showed nothing at all), and 0
once it has caught up. Real PostgreSQL and a real broker."""

import asyncio
from datetime import UTC, datetime

import pytest
from jembatan.contracts import Envelope, stable_id
from jembatan.platform.consumer import IdempotentConsumer, ProcessedMessage
from jembatan.platform.kafka import KafkaPublisher, ensure_topics
from jembatan.platform.metrics import CONSUMER_LAG
from jembatan.platform.settings import ServiceSettings
from sqlmodel import Field, SQLModel, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

pytestmark = pytest.mark.integration


class Handled(SQLModel, table=True):
    __tablename__ = "test_lag_handled"
    id: int | None = Field(default=None, primary_key=True)
    message_id: str


def envelope(n: int) -> Envelope:
    return Envelope(
        id=stable_id("lag", str(n)), type="test.thing", tenant_id="tenant-a", occurred_at=datetime.now(UTC),
        correlation_id="c", schema_="pos.order_completed/1", payload={"n": n},
    )  # fmt: skip


def settings(bootstrap: str) -> ServiceSettings:
    return ServiceSettings(
        environment="development", kafka_bootstrap=bootstrap, kafka_session_timeout_ms=1500,
        kafka_heartbeat_interval_ms=300,
    )  # fmt: skip


def lag(group: str, topic: str) -> float | None:
    """The gauge's value for the consumer's one partition, None while it has no such series."""
    for metric in CONSUMER_LAG.collect():
        for sample in metric.samples:
            if sample.labels == {"service": group, "topic": topic, "partition": "0"}:
                return sample.value
    return None


async def test_a_consumer_stuck_in_a_batch_shows_the_messages_behind_it_then_0_once_caught_up(
    database_with, kafka_bootstrap, unique_name
):
    db = await database_with(ProcessedMessage, Handled)
    topic, group = unique_name("lag"), unique_name("lag_group")
    await ensure_topics(kafka_bootstrap, [topic], partitions=1)
    publisher = KafkaPublisher(settings(kafka_bootstrap))
    entered, release = asyncio.Event(), asyncio.Event()

    async def slow(session: AsyncSession, env: Envelope) -> None:
        entered.set()
        await release.wait()  # e.g. Accurate or a lock that does not answer
        session.add(Handled(message_id=env.id))

    consumer = IdempotentConsumer(
        settings(kafka_bootstrap), db, consumer=group, topics=[topic], handler=slow, dead_letters=publisher,
        lag_interval=0.2,
    )  # fmt: skip
    await publisher.publish(topic, "tenant-a", envelope(0).to_bytes())
    task = asyncio.create_task(consumer.run())
    try:
        async with asyncio.timeout(30):
            await entered.wait()
            await publisher.publish_many([(topic, "tenant-a", envelope(n).to_bytes()) for n in range(1, 6)])
            while lag(group, topic) != 6:  # nothing committed yet: all six are behind
                await asyncio.sleep(0.05)
            release.set()
            while lag(group, topic) != 0:
                await asyncio.sleep(0.05)
    finally:
        release.set()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await publisher.close()
    async with db.session() as session:
        assert (await session.exec(select(func.count()).select_from(Handled))).one() == 6
