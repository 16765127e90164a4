"""A consumer batch's facts and parked events are written at its end, one statement each: the batch's
round trips do not grow with its events, and each event still makes one fact at most — after a
crash mid-batch, a replay, a repeat inside the batch. Real PostgreSQL; SQLite keeps writing each
at once (development, the demo)."""

import asyncio
from datetime import UTC, datetime
from typing import Any

import pytest
from jembatan.contracts import Envelope, stable_id
from jembatan.mapper.adapters.lookup_cache import LookupCache
from jembatan.mapper.adapters.tables import (
    CustomerNumber,
    MadeFact,
    OutletMappingRow,
    ParkedEvent,
)
from jembatan.mapper.service_layer.handlers import map_event, pos_events_handler
from jembatan.mapper.service_layer.redrive import redrive_parked
from jembatan.platform.consumer import ProcessedMessage, handle_batch
from jembatan.platform.db import Database
from jembatan.platform.outbox import OutboxMessage
from jembatan.platform.statement_counter import StatementCounter
from sqlmodel import delete, select
from sqlmodel.ext.asyncio.session import AsyncSession

pytestmark = pytest.mark.integration


def order(make_order: Any, n: int, outlet_id: str = "outlet-ho") -> Envelope:
    payload = make_order(order_id=f"ord-{n}", outlet_id=outlet_id).model_dump(mode="json")
    return Envelope(
        id=stable_id("order", f"ord-{n}"), type="pos.order_completed", tenant_id="t1", outlet_id=outlet_id,
        occurred_at=datetime.now(UTC), correlation_id="c", schema="pos.order_completed/1", payload=payload,
    )  # fmt: skip


def orders(make_order: Any, numbers: range) -> list[Envelope]:
    """Every fifth order comes from an outlet nobody mapped: it parks."""
    return [order(make_order, n, "outlet-xx" if n % 5 == 0 else "outlet-ho") for n in numbers]


def mapper(cache: LookupCache | None = None) -> Any:
    async def handle(session: AsyncSession, envelope: Envelope) -> None:
        await map_event(session, envelope, cache)

    return handle


async def facts(db: Database) -> list[str]:
    """The ledger facts queued, in the order the relay will send them (their message ids)."""
    async with db.session() as session:
        rows = (await session.exec(select(OutboxMessage).order_by(OutboxMessage.id))).all()
    return [row.message_id for row in rows]


def fact_of(envelope: Envelope) -> str:
    return stable_id(envelope.id, "ledger.sale/1")


async def parked(db: Database) -> dict[str, tuple[str, datetime | None]]:
    async with db.session() as session:
        rows = (await session.exec(select(ParkedEvent).order_by(ParkedEvent.id))).all()
    return {row.message_id: (row.reason, row.resolved_at) for row in rows}


async def count(db: Database, table: Any) -> int:
    async with db.session() as session:
        return len((await session.exec(select(table))).all())



async def test_a_batchs_round_trips_do_not_grow_with_its_events(mapper_db, make_order):
    cache = LookupCache(ttl=3600)
    statements = StatementCounter(mapper_db)
    await handle_batch(mapper_db, "mapper", orders(make_order, range(1, 11)), mapper(cache))  # warms the cache
    small = orders(make_order, range(11, 21))
    large = orders(make_order, range(21, 221))
    in_small = await statements.during(handle_batch(mapper_db, "mapper", small, mapper(cache)))
    in_large = await statements.during(handle_batch(mapper_db, "mapper", large, mapper(cache)))
    assert in_large == in_small  # 200 events cost what 10 do
    mapped = [e for e in orders(make_order, range(1, 221)) if e.outlet_id == "outlet-ho"]
    assert await facts(mapper_db) == [fact_of(e) for e in mapped]  # one each, in the order mapped
    parked_now = await parked(mapper_db)
    assert len(parked_now) == 44
    assert set(parked_now.values()) == {("outlet outlet-xx is not mapped", None)}


async def test_a_batch_that_fails_midway_keeps_nothing_and_its_replay_makes_each_fact_once(mapper_db, make_order):
    batch = orders(make_order, range(1, 11))

    async def crashes_at_the_seventh(session: AsyncSession, envelope: Envelope) -> None:
        if envelope.id == batch[6].id:
            raise ConnectionError("the mapper lost its database mid-batch")
        await map_event(session, envelope)

    with pytest.raises(ConnectionError):
        await handle_batch(mapper_db, "mapper", batch, crashes_at_the_seventh)
    assert await facts(mapper_db) == []
    assert await parked(mapper_db) == {}
    assert await count(mapper_db, MadeFact) == 0

    await handle_batch(mapper_db, "mapper", batch, mapper())
    await handle_batch(mapper_db, "mapper", batch, mapper())  # delivered again: repeats, skipped
    async with mapper_db.session() as session:  # the consumer's memory lost: made_fact still knows
        await session.exec(delete(ProcessedMessage))  # type: ignore[call-overload]
    await handle_batch(mapper_db, "mapper", batch, mapper())
    assert await facts(mapper_db) == [fact_of(e) for e in batch if e.outlet_id == "outlet-ho"]
    assert len(await parked(mapper_db)) == 2


async def test_one_event_mapped_twice_in_one_transaction_makes_one_fact_and_one_parked_row(
    mapper_db, make_order
):
    sale, unmapped = order(make_order, 1), order(make_order, 2, "outlet-xx")
    async with mapper_db.session() as session:
        for envelope in (sale, unmapped, sale, unmapped):
            await map_event(session, envelope)
    assert await facts(mapper_db) == [fact_of(sale)]
    assert list(await parked(mapper_db)) == [unmapped.id]


async def test_a_redrive_that_still_cannot_map_keeps_one_parked_row_with_the_new_reason(
    mapper_db, make_order, outlet_mapping
):
    waiting = order(make_order, 1, "outlet-xx")
    await handle_batch(mapper_db, "mapper", [waiting], mapper())
    assert await parked(mapper_db) == {waiting.id: ("outlet outlet-xx is not mapped", None)}

    async def map_outlet(enabled: bool) -> None:
        async with mapper_db.session() as session:
            row = await session.get(OutletMappingRow, ("t1", "outlet-xx"))
            mapping = outlet_mapping(enabled=enabled).model_dump(mode="json")
            row = row or OutletMappingRow(tenant_id="t1", outlet_id="outlet-xx", mapping={}, updated_at=datetime.now(UTC))
            row.mapping = mapping
            session.add(row)

    await map_outlet(enabled=False)
    assert await redrive_parked(mapper_db, "t1") == 0
    assert await parked(mapper_db) == {waiting.id: ("outlet outlet-xx is switched off for integration", None)}
    await map_outlet(enabled=True)
    assert await redrive_parked(mapper_db, "t1") == 1
    assert await facts(mapper_db) == [fact_of(waiting)]
    assert (await parked(mapper_db))[waiting.id][1] is not None  # resolved
    assert await redrive_parked(mapper_db, "t1") == 0
    assert await facts(mapper_db) == [fact_of(waiting)]


async def test_on_sqlite_each_fact_and_parked_event_is_still_written_once(tmp_path, make_order, seed_mapper):
    db = Database(f"sqlite:///{tmp_path / 'mapper.db'}", "mapper")
    try:
        await seed_mapper(db)
        batch = orders(make_order, range(1, 7))
        await handle_batch(db, "mapper", batch, mapper(LookupCache()))
        async with db.session() as session:
            await session.exec(delete(ProcessedMessage))  # type: ignore[call-overload]
        await handle_batch(db, "mapper", batch, mapper(LookupCache()))
        assert await facts(db) == [fact_of(e) for e in batch if e.outlet_id == "outlet-ho"]
        assert list(await parked(db)) == [batch[4].id]
    finally:
        await db.dispose()


def member(n: int) -> Envelope:
    payload = {"customer_id": f"c-{n}", "external_customer_id": f"M-{n:03}", "name": "Budi",
               "updated_at": datetime(2026, 11, 25, 3, 0, tzinfo=UTC).isoformat()}  # fmt: skip
    return Envelope(
        id=stable_id("member", str(n)), type="pos.customer_upserted", tenant_id="t1", correlation_id="c",
        occurred_at=datetime.now(UTC), schema="pos.customer_upserted/1", payload=payload,
    )  # fmt: skip


async def test_the_relay_is_woken_and_a_members_redrive_asked_for_once_the_batch_is_committed(
    mapper_db, make_order
):
    """What the relay and the re-drive then read is there: before, both were nudged mid-batch, and a
    re-drive could look for the member's number before it was committed."""
    seen: list[tuple[str, int]] = []
    reads: list[asyncio.Task[None]] = []

    def read_then(what: str, table: Any) -> None:
        async def read() -> None:
            seen.append((what, await count(mapper_db, table)))

        reads.append(asyncio.create_task(read()))

    handle = pos_events_handler(
        LookupCache(), facts_queued=lambda: read_then("facts", OutboxMessage),
        member_saved=lambda tenant: read_then(f"member of {tenant}", CustomerNumber),
    )  # fmt: skip
    batch = [order(make_order, 1), member(1), order(make_order, 2), member(2), order(make_order, 3)]
    await handle_batch(mapper_db, "mapper", batch, handle)
    await asyncio.gather(*reads)
    assert sorted(seen) == [("facts", 5), ("member of t1", 2)]  # once each, everything committed

    async def fails_after_mapping(session: AsyncSession, envelope: Envelope) -> None:
        await handle(session, envelope)
        raise ConnectionError("lost the database")

    with pytest.raises(ConnectionError):
        await handle_batch(mapper_db, "mapper", [order(make_order, 4), member(3)], fails_after_mapping)
    await asyncio.gather(*reads)
    assert len(seen) == 2  # a batch that rolled back wakes nothing


def payment_of(n: int) -> Envelope:
    """Member c-n pays 5,000 on account: the payment carries only iSeller's id, so its number is looked up."""
    payload = {"payment_id": f"cp-{n}", "customer_id": f"c-{n}", "outlet_id": "outlet-ho", "amount": "5000",
               "received_at": datetime(2026, 11, 25, 4, 0, tzinfo=UTC).isoformat(),
               "payments": [{"transaction_id": f"t-{n}", "gateway": "cash", "payment_type_name": "Cash",
                             "amount": "5000"}],
               "allocations": [{"order_id": "ord-1", "amount": "5000"}]}  # fmt: skip
    return Envelope(
        id=stable_id("payment", str(n)), type="pos.customer_payment_received", tenant_id="t1",
        outlet_id="outlet-ho", correlation_id="c", occurred_at=datetime.now(UTC),
        schema="pos.customer_payment_received/1", payload=payload,
    )  # fmt: skip


async def numbers(db: Database) -> dict[str, str]:
    async with db.session() as session:
        return {row.customer_id: row.customer_no for row in (await session.exec(select(CustomerNumber))).all()}


async def test_a_batchs_members_are_remembered_in_one_statement_and_found_by_later_events_of_the_batch(
    mapper_db, make_order
):
    """Each member saved cost a `SELECT` and a row of its own (`session.merge`); now the batch's numbers
    go in one statement at its end — and a payment later in the same batch still finds its member."""
    cache = LookupCache(ttl=3600)
    statements = StatementCounter(mapper_db)
    await handle_batch(mapper_db, "mapper", [order(make_order, 1)], mapper(cache))  # warms the cache
    ten = await statements.during(handle_batch(mapper_db, "mapper", [member(n) for n in range(1, 11)], mapper(cache)))
    many = await statements.during(
        handle_batch(mapper_db, "mapper", [member(n) for n in range(11, 111)], mapper(cache))
    )
    assert many == ten  # 100 members cost what 10 do
    assert await numbers(mapper_db) == {f"c-{n}": f"M-{n:03}" for n in range(1, 111)}

    batch = [member(200), payment_of(200), payment_of(5)]  # c-200 is new in this very batch
    await handle_batch(mapper_db, "mapper", batch, mapper(cache))
    assert await parked(mapper_db) == {}  # both payments found their member's number
    async with mapper_db.session() as session:
        bodies = (await session.exec(select(OutboxMessage).order_by(OutboxMessage.id))).all()
    paid = [Envelope.from_bytes(row.body).payload for row in bodies[-2:]]
    assert [p["customer_no"] for p in paid] == ["M-200", "M-005"]

    changed = member(5).model_copy(update={"id": "member-5-again"})
    changed.payload["external_customer_id"] = "M-905"
    await handle_batch(mapper_db, "mapper", [changed, member(300)], mapper(cache))
    assert (await numbers(mapper_db))["c-5"] == "M-905"  # a member's new number replaces the old one
