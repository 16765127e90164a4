"""Driving the planner on PostgreSQL the way the consumer does: one transaction per message."""

from __future__ import annotations

from datetime import datetime, timedelta

from jembatan.contracts.ledger import Fact
from jembatan.contracts.sync import SyncTriggered, TriggerKind
from jembatan.platform.db import Database
from jembatan.platform.outbox import OutboxMessage
from jembatan.poster.adapters.tables import Posting
from jembatan.poster.adapters.window_tables import HeldFact, PostingWindow
from jembatan.poster.service_layer.planning import plan_fact
from jembatan.poster.service_layer.scheduled_closing import on_trigger
from jembatan.poster.service_layer.shift_closing import Grace, settle_due_shifts
from sqlmodel import select
from window_facts import TENANT, envelope

GRACE = Grace(timedelta(minutes=10))


async def take(db: Database, fact: Fact, *, redelivery: int = 0, arrived: datetime | None = None) -> int:
    """The poster takes `fact` (received `arrived`, the clock by default)."""
    async with db.session() as session:
        return await plan_fact(session, envelope(fact, redelivery=redelivery), GRACE, now=arrived)


async def trigger(db: Database, kind: TriggerKind, fire_at: datetime, outlet_id: str | None = None) -> int:
    signal = SyncTriggered(
        trigger_id=f"t-{fire_at.isoformat()}", kind=kind, outlet_id=outlet_id, fire_at=fire_at
    )
    async with db.session() as session:
        return await on_trigger(session, TENANT, signal, GRACE)


async def sweep(db: Database, now: datetime) -> int:
    async with db.session() as session:
        return await settle_due_shifts(session, GRACE, now)


async def windows(db: Database) -> dict[str, PostingWindow]:
    async with db.session() as session:
        return {w.window_id: w for w in (await session.exec(select(PostingWindow))).all()}


async def window_of(db: Database) -> dict[str, str | None]:
    """Each held fact's window (None: waiting for its shift)."""
    async with db.session() as session:
        return {h.fact_key: h.window_id for h in (await session.exec(select(HeldFact))).all()}


async def held(db: Database, fact_key: str) -> HeldFact:
    async with db.session() as session:
        row = await session.get(HeldFact, (TENANT, fact_key))
    assert row is not None
    return row


async def documents(db: Database) -> dict[str, Posting]:
    async with db.session() as session:
        return {p.document_key: p for p in (await session.exec(select(Posting))).all()}


async def documents_of_window(db: Database, window_id: str) -> set[str]:
    async with db.session() as session:
        query = select(Posting.document_key).where(Posting.window_id == window_id)
        return set((await session.exec(query)).all())


async def mark_all_posted(db: Database) -> None:
    async with db.session() as session:
        for doc in (await session.exec(select(Posting))).all():
            doc.state = "posted"
            session.add(doc)


async def trigger_messages(db: Database) -> list[OutboxMessage]:
    async with db.session() as session:
        rows = (
            await session.exec(select(OutboxMessage).where(OutboxMessage.topic == "sync.triggers.v1"))
        ).all()
    return list(rows)
