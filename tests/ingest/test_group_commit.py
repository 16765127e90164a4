"""Webhooks arriving together share a transaction, and each still gets its own true answer."""

import asyncio
import json
from datetime import UTC, datetime

import pytest
from ingest_support import order
from jembatan.ingest.adapters.group_commit import DeliveryWriter
from jembatan.ingest.adapters.repeats import RepeatedDelivery
from jembatan.ingest.adapters.tables import InboxEntry
from jembatan.ingest.bootstrap import MIGRATIONS
from jembatan.ingest.domain.intake import admit
from jembatan.platform.db import Database
from jembatan.platform.outbox import OutboxMessage
from sqlalchemy import event
from sqlmodel import func, select

pytestmark = pytest.mark.integration


@pytest.fixture
async def db(postgres_url, unique_name):
    database = Database(postgres_url, unique_name("ingest"))
    await database.migrate(MIGRATIONS)
    yield database
    await database.dispose()


async def rows(db: Database, model: type) -> int:
    async with db.session() as session:
        return (await session.exec(select(func.count()).select_from(model))).one()


def delivery(order_id: str, status: str = "completed") -> tuple[bytes, object]:
    raw = json.dumps(order(order_id, status)).encode()
    return raw, admit("order", raw)


async def test_simultaneous_webhooks_share_transactions_and_each_twin_is_answered_duplicate(db):
    writer = DeliveryWriter(db, writers=2)
    now = datetime.now(UTC)
    batch = [delivery(f"o-{n}") for n in range(40)] + [
        delivery("o-1"),
        delivery("o-2"),
        delivery("draft", "draft"),
    ]
    try:
        answers = await asyncio.gather(*(writer.store("t1", "order", raw, d, now) for raw, d in batch))  # type: ignore[arg-type]
    finally:
        await writer.stop()
    assert answers[:40] == [True] * 40
    assert answers[40:42] == [False, False]  # the same order again: stored once
    assert await rows(db, InboxEntry) == 41
    async with db.session() as session:
        events = (await session.exec(select(func.sum(InboxEntry.events)))).one()
    assert await rows(db, OutboxMessage) == events == 40  # the draft makes no event
    assert writer.groups < 43


async def test_a_delivery_already_stored_before_is_a_duplicate(db):
    writer = DeliveryWriter(db)
    raw, decision = delivery("o-9")
    try:
        first = await writer.store("t1", "order", raw, decision, datetime.now(UTC))  # type: ignore[arg-type]
        again = await writer.store("t1", "order", raw, decision, datetime.now(UTC))  # type: ignore[arg-type]
    finally:
        await writer.stop()
    assert (first, again) == (True, False)
    assert await rows(db, OutboxMessage) == 1
    assert writer.groups == 2  # both went through the group statement, not the one-by-one fallback
    async with db.session() as session:
        repeat = await session.get(RepeatedDelivery, ("t1", decision.dedupe_key))
    assert repeat is not None and repeat.repeats == 1  # "where is my order?" counts the repeat


ASYNCPG_TYPE_INTROSPECTION = (
    "SELECT current_setting('jit')",
    "SELECT set_config('jit'",
    "WITH RECURSIVE typeinfo_tree",
)


async def test_a_group_is_stored_in_one_round_trip_repeats_counted_in_it(db):
    """A group is one statement on the wire — no BEGIN, no COMMIT, no second statement for the
    repeats — and is committed when the writer answers (read back on another connection)."""
    sent: list[str] = []

    def log(record: object) -> None:
        query = " ".join(str(getattr(record, "query", "")).split())
        if not query.startswith(ASYNCPG_TYPE_INTROSPECTION):  # asyncpg's own, once per connection
            sent.append(query)

    @event.listens_for(db.engine.sync_engine, "checkout")
    def watch(dbapi_connection: object, *_: object) -> None:
        dbapi_connection.driver_connection.add_query_logger(log)  # type: ignore[attr-defined]

    writer = DeliveryWriter(db, writers=1)
    first, again = delivery("o-1"), delivery("o-1")
    try:
        stored = await writer.store("t1", "order", *first, datetime.now(UTC))  # type: ignore[arg-type]
        repeated = await writer.store("t1", "order", *again, datetime.now(UTC))  # type: ignore[arg-type]
    finally:
        await writer.stop()
        event.remove(db.engine.sync_engine, "checkout", watch)
    assert (stored, repeated) == (True, False)
    assert len(sent) == 2 and all(q.startswith("WITH entry AS ( INSERT INTO inbox") for q in sent), sent
    async with db.session() as session:
        repeat = await session.get(RepeatedDelivery, ("t1", first[1].dedupe_key))  # type: ignore[attr-defined]
    assert repeat is not None and repeat.repeats == 1
    assert await rows(db, InboxEntry) == 1 and await rows(db, OutboxMessage) == 1


async def test_a_writer_keeps_its_connection_and_a_dropped_one_loses_nothing(db):
    """Groups one after another go through one checked-out connection; when the server drops it
    between groups, the next delivery is still stored (one by one, as any failed group) and the
    writer takes a fresh connection for the groups after it."""
    checked_out: list[int] = []

    @event.listens_for(db.engine.sync_engine, "checkout")
    def watch(dbapi_connection: object, *_: object) -> None:
        checked_out.append(dbapi_connection.driver_connection.get_server_pid())  # type: ignore[attr-defined]

    writer = DeliveryWriter(db, writers=1)
    try:
        answers = [
            await writer.store("t1", "order", *delivery(f"o-{n}"), datetime.now(UTC)) for n in range(5)
        ]  # type: ignore[arg-type]
        assert answers == [True] * 5 and len(checked_out) == 1  # five groups, one checkout
        async with db.session() as session:
            await session.exec(select(func.pg_terminate_backend(checked_out[0])))  # type: ignore[call-overload]
        after = [await writer.store("t1", "order", *delivery(f"p-{n}"), datetime.now(UTC)) for n in range(3)]  # type: ignore[arg-type]
    finally:
        await writer.stop()
        event.remove(db.engine.sync_engine, "checkout", watch)
    assert after == [True] * 3
    assert await rows(db, InboxEntry) == 8 and await rows(db, OutboxMessage) == 8
    assert checked_out[-1] != checked_out[0]  # the dropped connection was not used again
