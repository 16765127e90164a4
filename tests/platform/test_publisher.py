"""The publisher and the relay's small passes: each key on the partition aiokafka's default
partitioner chooses, per-key order across passes, one kept database connection for a relay's
passes, and nothing lost when that connection is dropped. Real PostgreSQL and the real broker."""

import asyncio
import json
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.partitioner import DefaultPartitioner
from jembatan.contracts import Envelope, stable_id
from jembatan.platform.kafka import KafkaPublisher, RememberedPartitioner, ensure_topics
from jembatan.platform.outbox import OutboxDeadLetter, OutboxMessage, OutboxRelay, add_to_outbox
from jembatan.platform.settings import ServiceSettings

pytestmark = pytest.mark.integration

PARTITIONS = 4


@pytest.fixture
async def db(database_with):
    return await database_with(OutboxMessage, OutboxDeadLetter)


@pytest.fixture
async def publisher(kafka_bootstrap):
    kafka = KafkaPublisher(ServiceSettings(kafka_bootstrap=kafka_bootstrap))
    yield kafka
    await kafka.close()


async def records_by_partition(bootstrap: str, topic: str, count: int) -> dict[int, list[tuple[str, int]]]:
    """(key, n) of every record on `topic`, per partition in offset order."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    seen: dict[int, list[tuple[str, int]]] = {}
    try:
        partitions = [TopicPartition(topic, p) for p in range(PARTITIONS)]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        async with asyncio.timeout(60):
            while sum(map(len, seen.values())) < count:
                for tp, records in (await consumer.getmany(timeout_ms=500)).items():
                    for r in records:
                        seen.setdefault(tp.partition, []).append(
                            ((r.key or b"").decode(), json.loads(r.value or b"{}")["payload"]["n"])
                        )
    finally:
        await consumer.stop()
    return seen


def test_a_remembered_key_gets_the_partition_the_default_partitioner_gives_it():
    remembered, default = RememberedPartitioner(keep=50), DefaultPartitioner()
    for partitions in ([0, 1, 2, 3], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], [0]):
        for _ in range(2):  # hashed, then remembered (and forgotten past `keep`)
            for t in range(120):
                key = f"tenant-{t:04d}-{'x' * (t % 7)}".encode()
                assert remembered(key, partitions, partitions) == default(key, partitions, partitions)


async def test_each_key_lands_where_aiokafkas_default_partitioner_puts_it_in_order(
    publisher, kafka_bootstrap, unique_name
):
    topic = unique_name("orders")
    await ensure_topics(kafka_bootstrap, [topic], partitions=PARTITIONS)
    tenants = [f"tenant-{t}" for t in range(25)]
    body = lambda t, n: json.dumps({"payload": {"n": n}, "t": t}).encode()  # noqa: E731
    sent = 0
    for size in (1, 3, 40, 200):  # passes of a few messages and a larger one
        batch = [
            (topic, tenants[(sent + i) % 25], body(tenants[(sent + i) % 25], sent + i)) for i in range(size)
        ]
        assert await publisher.publish_many(batch) == [None] * size
        sent += size
    seen = await records_by_partition(kafka_bootstrap, topic, sent)
    default = DefaultPartitioner()
    for partition, records in seen.items():
        for key, _ in records:
            assert default(key.encode(), list(range(PARTITIONS)), []) == partition
    for tenant in tenants:  # each tenant's messages in the order they were handed over
        mine = [n for records in seen.values() for key, n in records if key == tenant]
        assert mine == [n for n in range(sent) if tenants[n % 25] == tenant]


def envelope(n: int) -> Envelope:
    return Envelope(
        id=stable_id("publisher-test", str(n)), type="pos.order_completed", tenant_id=f"tenant-{n % 3}",
        occurred_at=datetime.now(UTC), correlation_id="c", schema="pos.order_completed/1", payload={"n": n},
    )  # fmt: skip


async def store(db, topic: str, numbers: range) -> None:
    async with db.session() as session:
        for n in numbers:
            add_to_outbox(session, topic, envelope(n))


async def relayed_until(relay: OutboxRelay, count: int) -> asyncio.Task[None]:
    """Start `relay.run()` (never polling by itself) and wait until it reported `count` rows sent."""
    sent = 0
    enough = asyncio.Event()

    def report(n: int, dead: int) -> None:
        nonlocal sent
        sent += n
        if sent >= count:
            enough.set()

    relay.report = report
    task = asyncio.create_task(relay.run(idle_interval=60))
    async with asyncio.timeout(30):
        await enough.wait()
    return task


async def stopped(task: asyncio.Task[None]) -> None:
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)


async def test_small_passes_keep_one_connection_and_each_tenants_order(
    db, publisher, kafka_bootstrap, unique_name
):
    topic = unique_name("orders")
    await ensure_topics(kafka_bootstrap, [topic], partitions=PARTITIONS)
    await store(db, topic, range(30))
    checkouts = 0

    def checked_out(*_: object) -> None:
        nonlocal checkouts
        checkouts += 1

    sa.event.listen(db.engine.sync_engine.pool, "checkout", checked_out)
    relay = OutboxRelay(db, publisher, service="test-small", batch_size=2, max_batch_size=2)
    task = await relayed_until(relay, 30)  # 15 passes of 2
    assert checkouts <= 2  # the relay's kept connection (and at most one recount of the gauges)
    await stopped(task)
    assert db.engine.sync_engine.pool.checkedout() == 0  # given back when the relay stops
    seen = await records_by_partition(kafka_bootstrap, topic, 30)
    by_tenant: dict[str, list[int]] = {}
    for records in seen.values():
        for key, n in records:
            by_tenant.setdefault(key, []).append(n)
    assert by_tenant == {f"tenant-{t}": list(range(t, 30, 3)) for t in range(3)}


async def test_a_dropped_kept_connection_loses_nothing(db, publisher, kafka_bootstrap, unique_name):
    topic = unique_name("orders")
    await ensure_topics(kafka_bootstrap, [topic], partitions=PARTITIONS)
    await store(db, topic, range(5))
    relay = OutboxRelay(db, publisher, service="test-dropped")
    task = await relayed_until(relay, 5)
    try:
        assert relay._held is not None
        pid = relay._held.driver.get_server_pid()
        async with db.engine.connect() as conn:  # the server drops the relay's connection
            await conn.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        await store(db, topic, range(5, 12))
        for _ in range(200):  # nudged until the rows are out: the first pass fails on the dead connection
            relay.nudge()
            await asyncio.sleep(0.05)
            if not await relay.pending():
                break
        assert await relay.pending() == 0
    finally:
        await stopped(task)
    seen = await records_by_partition(kafka_bootstrap, topic, 12)
    assert sorted(n for records in seen.values() for _, n in records) == list(range(12))


class Stuck:
    """A publisher that never hears back from the broker (until the relay is cancelled)."""

    def __init__(self) -> None:
        self.publishing = asyncio.Event()

    async def publish_many(self, messages: list[tuple[str, str, bytes]]) -> list[str | None]:
        self.publishing.set()
        await asyncio.Event().wait()
        raise AssertionError("unreachable")


async def test_a_relay_stopped_mid_pass_leaves_its_rows_unsent_and_free(db, publisher, unique_name):
    topic = unique_name("orders")
    await store(db, topic, range(4))
    stuck = Stuck()
    relay = OutboxRelay(db, stuck, service="test-stopped")
    task = asyncio.create_task(relay.run(idle_interval=60))
    async with asyncio.timeout(10):
        await stuck.publishing.wait()  # the rows are claimed and locked, the publish in flight
    task.cancel()
    async with asyncio.timeout(10):  # the relay stops (the cancellation is not swallowed)
        await asyncio.gather(task, return_exceptions=True)
    assert task.cancelled()
    assert db.engine.sync_engine.pool.checkedout() == 0
    # nothing was marked, and the locks are gone: another relay sends every row at once
    other = OutboxRelay(db, publisher, service="test-stopped-next")
    async with asyncio.timeout(10):
        assert await other.relay_once() == 4
