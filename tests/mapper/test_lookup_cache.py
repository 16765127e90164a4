"""The mapper keeps a tenant's settings, outlet mappings and SKUs in memory between events, and never
maps with a mapping the merchant has since changed (on real PostgreSQL)."""

from datetime import UTC, datetime

import pytest
from jembatan.contracts import Envelope, stable_id
from jembatan.mapper.adapters.lookup_cache import LookupCache
from jembatan.mapper.adapters.tables import CatalogueItem, ParkedEvent
from jembatan.mapper.config import MapperSettings
from jembatan.mapper.service_layer.context import Mapper
from jembatan.mapper.service_layer.handlers import map_event
from jembatan.mapper.service_layer.mappings import save_outlet
from jembatan.mapper.service_layer.redrive import Redriver
from jembatan.platform.crypto import SecretBox
from jembatan.platform.db import Database
from jembatan.platform.outbox import OutboxMessage
from sqlalchemy import text
from sqlmodel import delete, select

pytestmark = pytest.mark.integration


def order(make_order, n: int) -> Envelope:
    return Envelope(
        id=stable_id("order", f"ord-{n}"), type="pos.order_completed", tenant_id="t1", outlet_id="outlet-ho",
        occurred_at=datetime.now(UTC), correlation_id="c", schema="pos.order_completed/1",
        payload=make_order(order_id=f"ord-{n}").model_dump(mode="json"),
    )  # fmt: skip


async def map_one(db: Database, envelope: Envelope, cache: LookupCache) -> bool:
    async with db.session() as session:
        return await map_event(session, envelope, cache)


async def facts(db: Database) -> int:
    async with db.session() as session:
        return len((await session.exec(select(OutboxMessage))).all())


async def parked_reasons(db: Database) -> list[str]:
    async with db.session() as session:
        return [p.reason for p in (await session.exec(select(ParkedEvent).order_by(ParkedEvent.id))).all()]


async def test_a_burst_of_orders_reads_the_tenants_lookups_once(mapper_db, make_order):
    cache = LookupCache()
    async with mapper_db.session() as session:  # one consumer batch: one transaction
        made = [await map_event(session, order(make_order, n), cache) for n in range(20)]
    assert made == [True] * 20
    assert await facts(mapper_db) == 20
    assert cache.reads == 3  # the settings, the outlet, the order's SKUs: once for the 20 orders


async def test_an_outlet_switched_off_through_the_mapper_parks_the_next_order_at_once(
    mapper_db, make_order, outlet_mapping
):
    cache = LookupCache(ttl=3600)
    assert await map_one(mapper_db, order(make_order, 1), cache)
    mapper = Mapper(mapper_db, MapperSettings(environment="development"), SecretBox(MapperSettings().secret_key),
                    Redriver(mapper_db))  # fmt: skip
    await save_outlet(mapper, "t1", "outlet-ho", outlet_mapping(enabled=False))
    assert not await map_one(mapper_db, order(make_order, 2), cache)
    assert await parked_reasons(mapper_db) == ["outlet outlet-ho is switched off for integration"]


async def test_items_removed_in_bulk_are_not_kept(mapper_db, make_order):
    cache = LookupCache(ttl=3600)
    assert await map_one(mapper_db, order(make_order, 1), cache)
    async with mapper_db.session() as session:
        await session.exec(delete(CatalogueItem).where(CatalogueItem.sku == "KOPI-L"))  # type: ignore[call-overload]
    assert not await map_one(mapper_db, order(make_order, 2), cache)
    assert "'KOPI-L' is not in the catalogue" in (await parked_reasons(mapper_db))[0]


async def test_a_change_saved_elsewhere_is_seen_once_the_kept_lookups_expire(mapper_db, make_order):
    now = [0.0]
    cache = LookupCache(ttl=30, clock=lambda: now[0])
    assert await map_one(mapper_db, order(make_order, 1), cache)
    async with mapper_db.session() as session:  # another replica's save: this process sees no flush
        connection = await session.connection()
        await connection.execute(
            text("UPDATE outlet_mapping SET mapping = jsonb_set(mapping::jsonb, '{enabled}', 'false')::json")
        )
    now[0] = 10.0
    assert await map_one(mapper_db, order(make_order, 2), cache)  # still within the 30 s it may keep them
    now[0] = 31.0
    assert not await map_one(mapper_db, order(make_order, 3), cache)
    assert await parked_reasons(mapper_db) == ["outlet outlet-ho is switched off for integration"]
