"""A fact is made once per event even after the outbox that carried it was pruned."""

from datetime import UTC, datetime

import pytest
from jembatan.contracts import Envelope, stable_id
from jembatan.mapper.service_layer.handlers import map_event
from jembatan.platform.db import Database
from jembatan.platform.outbox import OutboxMessage
from sqlmodel import delete, select

pytestmark = pytest.mark.integration


def order_event(make_order) -> Envelope:
    return Envelope(
        id=stable_id("order", "ord-1"), type="pos.order_completed", tenant_id="t1", outlet_id="outlet-ho",
        occurred_at=datetime.now(UTC), correlation_id="c", schema="pos.order_completed/1",
        payload=make_order().model_dump(mode="json"),
    )  # fmt: skip


async def facts(db: Database) -> list[OutboxMessage]:
    async with db.session() as session:
        return list((await session.exec(select(OutboxMessage))).all())


async def test_an_event_replayed_after_the_outbox_was_pruned_makes_no_second_fact(mapper_db, make_order):
    async with mapper_db.session() as session:
        await map_event(session, order_event(make_order))
    assert len(await facts(mapper_db)) == 1
    async with mapper_db.session() as session:  # the relay sent it; an operator prunes the outbox
        await session.exec(delete(OutboxMessage))  # type: ignore[call-overload]
    async with mapper_db.session() as session:
        await map_event(session, order_event(make_order))
    assert await facts(mapper_db) == []
