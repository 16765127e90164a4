"""Fire due triggers into the outbox, recording the last-fired mark in the same transaction."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from datetime import UTC, datetime, timedelta

from jembatan.contracts import Envelope, stable_id
from jembatan.contracts.sync import SyncTriggered, TriggerKind
from jembatan.contracts.topics import SYNC_TRIGGERS
from jembatan.platform.db import Database
from jembatan.platform.outbox import add_to_outbox
from sqlmodel import select

from ..adapters.lease import hold_lease
from ..adapters.tables import Schedule
from ..domain.ticks import hourly_ticks, scheduled_ticks

log = logging.getLogger(__name__)


def trigger_envelope(tenant_id: str, outlet_id: str | None, kind: TriggerKind, tick: datetime) -> Envelope:
    trigger_id = stable_id(tenant_id, outlet_id or "*", kind, tick.isoformat())
    trigger = SyncTriggered(trigger_id=trigger_id, kind=kind, outlet_id=outlet_id, fire_at=tick)
    return Envelope(
        id=trigger_id,
        type="sync.triggered",
        tenant_id=tenant_id,
        outlet_id=outlet_id,
        occurred_at=tick,
        correlation_id=trigger_id,
        schema_="sync.triggered/1",
        payload=trigger.model_dump(mode="json"),
    )


async def fire_due(db: Database, now: datetime) -> int:
    """Emit every due trigger once; returns how many were emitted."""
    fired = 0
    async with db.session() as session:
        for schedule in (await session.exec(select(Schedule))).all():
            outlet = None if schedule.outlet_id == "*" else schedule.outlet_id
            for tick in hourly_ticks(schedule.last_hourly, now):
                # every hour: housekeeping, and for the tenant as a whole a reconcile pull from iSeller
                kinds = [TriggerKind.HOURLY] + ([TriggerKind.RECONCILE] if outlet is None else [])
                for kind in kinds:
                    add_to_outbox(
                        session, SYNC_TRIGGERS, trigger_envelope(schedule.tenant_id, outlet, kind, tick)
                    )
                    fired += 1
                schedule.last_hourly = tick
            for tick in scheduled_ticks(schedule.hours, schedule.last_fired, now):
                add_to_outbox(
                    session,
                    SYNC_TRIGGERS,
                    trigger_envelope(schedule.tenant_id, outlet, TriggerKind.SCHEDULED_HOUR, tick),
                )
                fired += 1
            schedule.last_fired = now
            session.add(schedule)
    return fired


class TriggerLoop:
    def __init__(self, db: Database, *, interval: float = 15.0, lease_ttl: timedelta = timedelta(seconds=60)):
        self.db = db
        self.interval = interval
        self.lease_ttl = lease_ttl
        self.holder = f"scheduler-{uuid.uuid4().hex[:8]}"
        self.wake = asyncio.Event()

    async def run(self) -> None:
        while True:
            try:
                now = datetime.now(UTC)
                if await hold_lease(self.db, self.holder, now, self.lease_ttl):
                    await fire_due(self.db, now)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("trigger round failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wake.wait(), timeout=self.interval)
            self.wake.clear()
