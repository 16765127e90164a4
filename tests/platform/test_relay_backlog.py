"""The relay catches up with a backlog: larger claims while behind, per-key order kept, and a claim
that reads only the rows that wait. Real PostgreSQL and the real broker (tansu)."""

import asyncio
import json
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from aiokafka import AIOKafkaConsumer
from jembatan.contracts import Envelope, stable_id
from jembatan.devstack.pytest_plugin import TANSU_HEARTBEAT_INTERVAL_MS, TANSU_SESSION_TIMEOUT_MS
from jembatan.platform import outbox
from jembatan.platform.kafka import KafkaPublisher
from jembatan.platform.outbox import OutboxDeadLetter, OutboxMessage, OutboxRelay, add_to_outbox
from jembatan.platform.settings import ServiceSettings

pytestmark = pytest.mark.integration

TENANTS = 3


def envelope(n: int) -> Envelope:
    return Envelope(
        id=stable_id("relay-backlog-test", str(n)), type="pos.order_completed", tenant_id=f"tenant-{n % TENANTS}",
        occurred_at=datetime.now(UTC), correlation_id="c", schema="pos.order_completed/1", payload={"n": n},
    )  # fmt: skip


class Counted:
    """The real publisher, noting how many messages each batch handed to it held."""

    def __init__(self, publisher: KafkaPublisher) -> None:
        self.publisher = publisher
        self.batches: list[int] = []

    async def publish_many(self, messages: list[tuple[str, str, bytes]]) -> list[str | None]:
        self.batches.append(len(messages))
        return await self.publisher.publish_many(messages)


@pytest.fixture
async def db(database_with):
    return await database_with(OutboxMessage, OutboxDeadLetter)


@pytest.fixture
async def publisher(kafka_bootstrap):
    kafka = KafkaPublisher(ServiceSettings(kafka_bootstrap=kafka_bootstrap))
    yield Counted(kafka)
    await kafka.close()


async def store(db, topic: str, numbers: range) -> None:
    async with db.session() as session:
        for n in numbers:
            add_to_outbox(session, topic, envelope(n))


async def drained(relay: OutboxRelay) -> None:
    """Run the relay as a service does, never nudged and polling only once a minute, until the
    outbox is empty."""
    task = asyncio.create_task(relay.run(idle_interval=60))
    try:
        async with asyncio.timeout(30):
            while await relay.pending():
                await asyncio.sleep(0.05)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def numbers_by_tenant(bootstrap: str, topic: str, count: int) -> dict[str, list[int]]:
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest", group_id=f"{topic}-reader",
        session_timeout_ms=TANSU_SESSION_TIMEOUT_MS, heartbeat_interval_ms=TANSU_HEARTBEAT_INTERVAL_MS,
    )  # fmt: skip
    await consumer.start()
    seen: dict[str, list[int]] = {}
    try:
        async with asyncio.timeout(60):
            async for record in consumer:
                event = json.loads(record.value or b"{}")
                seen.setdefault(event["tenant_id"], []).append(event["payload"]["n"])
                if sum(map(len, seen.values())) == count:
                    break
    finally:
        await consumer.stop()
    return seen


async def test_a_backlog_is_claimed_in_growing_batches_at_once_and_each_tenant_keeps_its_order(
    db, publisher, kafka_bootstrap, unique_name
):
    topic = unique_name("orders")
    await store(db, topic, range(300))
    relay = OutboxRelay(db, publisher, service="test-backlog", batch_size=20, max_batch_size=80)
    await drained(relay)
    # each full batch makes the next claim twice as large, up to the most; none waited for a nudge
    assert publisher.batches == [20, 40, 80, 80, 80]
    assert relay.next_batch_size == 20  # the empty claim after them: back to the base size
    seen = await numbers_by_tenant(kafka_bootstrap, topic, 300)
    assert seen == {f"tenant-{t}": list(range(t, 300, TENANTS)) for t in range(TENANTS)}


async def test_a_partial_batch_or_a_batch_of_large_bodies_does_not_grow_the_next_claim(
    db, publisher, unique_name, monkeypatch
):
    topic = unique_name("orders")
    await store(db, topic, range(50))
    relay = OutboxRelay(db, publisher, service="test-large", batch_size=20, max_batch_size=80)
    monkeypatch.setattr(outbox, "BEHIND_BATCH_BYTES", 20 * 100)  # each body is ~400 bytes
    await drained(relay)
    assert publisher.batches == [20, 20, 10]


async def test_the_claim_reads_the_unsent_rows_from_their_own_index(db):
    """The outbox keeps its sent rows: with a backlog behind many of them, the claim must neither
    walk past every sent row (primary key) nor fetch and sort every waiting row's body."""
    table = f'"{db.schema}".outbox'
    async with db.engine.begin() as conn:
        await conn.exec_driver_sql(
            f"INSERT INTO {table} (topic, key, message_id, body, created_at, sent_at) "
            "SELECT 't', 'tenant-' || (g % 20), md5(g::text), convert_to(repeat('x', 300), 'UTF8'), now(), "
            "CASE WHEN g <= 40000 THEN now() END FROM generate_series(1, 50000) g"
        )
        await conn.exec_driver_sql(f"ANALYZE {table}")
        await conn.exec_driver_sql(f'SET LOCAL search_path TO "{db.schema}"')  # as the relay's connection
        query = outbox.CLAIM_SQL.replace("$1", "1600")  # the statement the relay sends
        plan = "\n".join(row[0] for row in await conn.exec_driver_sql(f"EXPLAIN {query}"))
    assert "ix_outbox_unsent" in plan, plan
    assert "Sort" not in plan, plan


async def test_the_platform_migrations_create_the_index_of_unsent_rows(postgres_url, unique_name):
    from jembatan.platform.db import Database
    from jembatan.scheduler.bootstrap import MIGRATIONS

    database = Database(postgres_url, unique_name("schema"))
    try:
        await database.migrate(MIGRATIONS)
        async with database.engine.connect() as conn:
            found = await conn.execute(
                sa.text(
                    "SELECT indexdef FROM pg_indexes WHERE schemaname = :schema AND indexname = 'ix_outbox_unsent'"
                ),
                {"schema": database.schema},
            )
            [definition] = found.scalars().all()
    finally:
        await database.dispose()
    assert "WHERE (sent_at IS NULL)" in definition
