"""Finding 2: a message the broker cannot take never stops the outbox; large orders still travel.

Real PostgreSQL and the real broker (tansu)."""

import asyncio
import json
from datetime import UTC, datetime

import pytest
from aiokafka import AIOKafkaConsumer
from jembatan.contracts import Envelope, stable_id
from jembatan.devstack.pytest_plugin import TANSU_HEARTBEAT_INTERVAL_MS, TANSU_SESSION_TIMEOUT_MS
from jembatan.platform.db import Database
from jembatan.platform.kafka import MAX_MESSAGE_BYTES, KafkaPublisher
from jembatan.platform.metrics import OUTBOX_DEAD_LETTERED
from jembatan.platform.outbox import OutboxDeadLetter, OutboxMessage, OutboxRelay, add_to_outbox
from jembatan.platform.settings import ServiceSettings
from sqlmodel import SQLModel, col, select

pytestmark = pytest.mark.integration

LINES = 4_500


def big_order_event(lines: int) -> Envelope:
    """The canonical event ingest makes of a signed iSeller order with `lines` lines."""
    from jembatan.ingest.domain.intake import Accepted, admit, envelopes_for

    details = [{"order_detail_id": f"d{n}", "product_id": f"p{n}", "product_name": f"Produk {n}", "sku": f"SKU-{n}",
                "quantity": 1, "base_price": 20000} for n in range(lines)]  # fmt: skip
    body = {"order_id": "o-big", "order_reference": "#o-big", "status": "completed", "outlet_id": "outlet-ho",
            "outlet_code": "HO", "register_id": "reg-1", "order_date": "2025-07-01 02:00:00",
            "closed_date": "2025-07-01 02:05:00", "total_amount": str(20000 * lines), "order_details": details,
            "transactions": [{"transaction_id": "t1", "gateway": "cash", "amount": 20000 * lines}]}  # fmt: skip
    raw = json.dumps(body).encode()
    assert len(raw) < 1_000_000  # under ingest's body cap
    accepted = admit("order", raw)
    assert isinstance(accepted, Accepted)
    [event] = envelopes_for("tenant-big", accepted, datetime.now(UTC))
    return event


def envelope(n: int, payload: dict | None = None) -> Envelope:
    return Envelope(
        id=stable_id("dead-letter-test", str(n)), type="pos.order_completed", tenant_id=f"tenant-{n % 2}",
        occurred_at=datetime.now(UTC), correlation_id="c", schema="pos.order_completed/1",
        payload=payload or {"n": n},
    )  # fmt: skip


@pytest.fixture
async def db(postgres_url, unique_name):
    database = Database(postgres_url, unique_name("schema"))
    async with database.engine.begin() as conn:
        await conn.exec_driver_sql(f'CREATE SCHEMA "{database.schema}"')
        tables = [OutboxMessage.__table__, OutboxDeadLetter.__table__]
        await conn.run_sync(lambda c: SQLModel.metadata.create_all(c, tables=tables))
    yield database
    await database.dispose()


@pytest.fixture
async def publisher(kafka_bootstrap):
    kafka = KafkaPublisher(ServiceSettings(kafka_bootstrap=kafka_bootstrap))
    yield kafka
    await kafka.close()


async def relay_all(relay: OutboxRelay) -> int:
    sent = 0
    while n := await relay.relay_once():
        sent += n
    return sent


async def consume(bootstrap: str, topic: str, count: int) -> list[bytes]:
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest", group_id=f"{topic}-reader",
        session_timeout_ms=TANSU_SESSION_TIMEOUT_MS, heartbeat_interval_ms=TANSU_HEARTBEAT_INTERVAL_MS,
    )  # fmt: skip
    await consumer.start()
    values: list[bytes] = []
    try:
        async with asyncio.timeout(60):
            async for record in consumer:
                values.append(record.value or b"")
                if len(values) == count:
                    break
    finally:
        await consumer.stop()
    return values


async def test_an_order_of_thousands_of_lines_is_relayed_with_the_rows_behind_it(
    db, publisher, kafka_bootstrap, unique_name
):
    topic, big = unique_name("orders"), big_order_event(LINES)
    assert len(big.to_bytes()) > 1_048_576  # over Kafka's and aiokafka's default limit
    async with db.session() as session:
        add_to_outbox(session, topic, big)
        for n in range(1, 6):
            add_to_outbox(session, topic, envelope(n))
    relay = OutboxRelay(db, publisher, service="test-big")
    assert await relay_all(relay) == 6
    received = await consume(kafka_bootstrap, topic, 6)
    assert big.to_bytes() in received
    assert await relay.pending() == 0


async def test_a_message_the_broker_refuses_is_moved_aside_with_the_reason_and_the_rest_are_sent(
    db, publisher, kafka_bootstrap, unique_name
):
    topic = unique_name("orders")
    huge = envelope(0, {"blob": "x" * (MAX_MESSAGE_BYTES + 1)})
    async with db.session() as session:
        add_to_outbox(session, topic, envelope(1))
        add_to_outbox(session, topic, huge)
        for n in range(2, 6):
            add_to_outbox(session, topic, envelope(n))
    relay = OutboxRelay(db, publisher, service="test-refused")
    before = OUTBOX_DEAD_LETTERED.labels("test-refused")._value.get()
    assert await relay_all(relay) == 5
    async with db.session() as session:
        [dead] = (await session.exec(select(OutboxDeadLetter))).all()
        left = (await session.exec(select(OutboxMessage).where(col(OutboxMessage.sent_at).is_(None)))).all()
    assert dead.message_id == huge.id and dead.body == huge.to_bytes()
    assert "MessageSizeTooLarge" in dead.reason
    assert left == [] and await relay.pending() == 0
    assert OUTBOX_DEAD_LETTERED.labels("test-refused")._value.get() == before + 1
    assert len(await consume(kafka_bootstrap, topic, 5)) == 5


async def test_pending_counts_rows_while_the_broker_is_down(db, unique_name):
    async with db.session() as session:
        for n in range(3):
            add_to_outbox(session, unique_name("orders"), envelope(n))
    down = KafkaPublisher(ServiceSettings(kafka_bootstrap="127.0.0.1:1"))
    relay = OutboxRelay(db, down, service="test-down")
    task = asyncio.create_task(relay.run(idle_interval=0.05, max_backoff=0.2))
    try:
        await asyncio.sleep(3)
        from jembatan.platform.metrics import OUTBOX_PENDING

        assert OUTBOX_PENDING.labels("test-down")._value.get() == 3
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await down.close()


@pytest.fixture
async def service(postgres_url, unique_name):
    """A service's app (the scheduler's migrations) on PostgreSQL, its broker unreachable."""
    import httpx
    from jembatan.platform.service import ServiceCore
    from jembatan.scheduler.bootstrap import MIGRATIONS

    name = unique_name("svc")
    core = ServiceCore(
        ServiceSettings(service_name=name, database_url=postgres_url, kafka_bootstrap="127.0.0.1:1")
    )
    await core.db.migrate(MIGRATIONS)
    app = core.app(migrations=MIGRATIONS, loops={})
    auth = {"Authorization": "Bearer dev-admin-token"}
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://svc", headers=auth
    ) as c:
        yield core, c
    await core.db.dispose()


async def test_every_scrape_shows_the_rows_that_wait(service, unique_name):
    core, client = service
    async with core.db.session() as session:
        for n in range(3):
            add_to_outbox(session, unique_name("orders"), envelope(n))
    scrape = (await client.get("/metrics")).text
    assert f'jembatan_outbox_pending{{service="{core.settings.service_name}"}} 3.0' in scrape


async def test_the_admin_api_lists_dead_letters_with_their_reason_and_can_send_one_again(service):
    core, client = service
    async with core.db.session() as session:
        session.add(OutboxDeadLetter(outbox_id=7, topic="pos.events.v1", key="t1", message_id="m1", body=b"{}",
                                     reason="MessageSizeTooLargeError: too big", created_at=datetime.now(UTC),
                                     dead_at=datetime.now(UTC)))  # fmt: skip
    [listed] = (await client.get("/admin/outbox/dead-letters")).json()
    assert (await client.get("/admin/outbox/dead-letters?tenant_id=t2")).json() == []
    assert (listed["message_id"], listed["reason"]) == ("m1", "MessageSizeTooLargeError: too big")
    assert (await client.get("/admin/outbox")).json() == {"pending": 0, "dead_letters": 1}
    assert (await client.post(f"/admin/outbox/dead-letters/{listed['id']}/resend")).status_code == 202
    assert (await client.get("/admin/outbox")).json() == {"pending": 1, "dead_letters": 0}


async def test_the_dead_letters_need_the_admin_token(service):
    _, client = service
    assert (await client.get("/admin/outbox/dead-letters", headers={"Authorization": ""})).status_code == 401
