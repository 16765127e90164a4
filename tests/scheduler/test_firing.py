"""Triggers go out through the scheduler's outbox once per tick, with a reconcile pull each hour."""

from datetime import UTC, datetime, timedelta

from jembatan.contracts import Envelope
from jembatan.platform.db import Database
from jembatan.platform.outbox import OutboxMessage
from jembatan.scheduler.adapters.tables import Schedule
from jembatan.scheduler.bootstrap import MIGRATIONS
from jembatan.scheduler.service_layer.firing import fire_due
from sqlmodel import select

NOW = datetime(2026, 11, 25, 10, 20, tzinfo=UTC)


async def emitted(db: Database) -> list[tuple[str, str | None, str]]:
    async with db.session() as session:
        rows = (await session.exec(select(OutboxMessage))).all()
    out = []
    for row in rows:
        env = Envelope.from_bytes(row.body)
        out.append((env.payload["kind"], env.outlet_id, env.payload["fire_at"]))
    return out


async def test_each_hour_fires_housekeeping_and_one_reconcile_per_tenant_and_never_twice(tmp_path):
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'scheduler.db'}", "scheduler")
    await db.migrate(MIGRATIONS)
    async with db.session() as session:
        session.add(Schedule(tenant_id="t1", outlet_id="*", hours=[]))
        session.add(Schedule(tenant_id="t1", outlet_id="outlet-ho", hours=[17]))
    await fire_due(db, NOW)
    await fire_due(db, NOW + timedelta(minutes=5))  # the same hour again: nothing new
    kinds = sorted((kind, outlet or "*") for kind, outlet, _ in await emitted(db))
    assert kinds == [
        ("hourly", "*"),
        ("hourly", "outlet-ho"),
        ("reconcile", "*"),
        ("scheduled_hour", "outlet-ho"),
    ]
    await db.dispose()
