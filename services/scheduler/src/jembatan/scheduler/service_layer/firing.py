"""Fire due triggers into the outbox, recording the newest fired slot in the same transaction."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from jembatan.contracts import Envelope, stable_id
from jembatan.contracts.sync import SyncTriggered, TriggerKind
from jembatan.contracts.topics import SYNC_TRIGGERS
from jembatan.platform.db import Database
from jembatan.platform.outbox import add_to_outbox
from sqlmodel import col, select

from ..adapters.lease import hold_lease, still_holds
from ..adapters.tables import Timetable
from ..domain.schedules import WHOLE_TENANT, ScheduleKind
from ..domain.ticks import Slot, due_slots, newest_tick
from ..metrics import LAST_ROUND, LEADER, TRIGGERS_FIRED

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


def trigger_envelope(
    tenant_id: str, outlet_id: str | None, kind: TriggerKind, tick: datetime, *, catch_up: bool = False
) -> Envelope:
    """The trigger for one slot; its id is the slot's, so a slot fired twice is one message."""
    trigger_id = stable_id(tenant_id, outlet_id or WHOLE_TENANT, kind, tick.isoformat())
    trigger = SyncTriggered(
        trigger_id=trigger_id, kind=kind, outlet_id=outlet_id, fire_at=tick, catch_up=catch_up
    )
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


async def fire_due(db: Database, now: datetime, *, holder: str | None = None) -> list[Slot]:
    """Emit every due slot once; returns them. With `holder`, only while it still holds the lease."""
    fired: list[Slot] = []
    async with db.session() as session:
        if holder is not None and not await still_holds(session, holder, now):
            return []
        rows = (
            await session.exec(
                select(Timetable)
                .order_by(col(Timetable.tenant_id), col(Timetable.outlet_id), col(Timetable.kind))
                .with_for_update()
            )
        ).all()
        for row in rows:
            outlet = None if row.outlet_id == WHOLE_TENANT else row.outlet_id
            kind = ScheduleKind(row.kind).trigger
            for slot in due_slots(row.hours, row.last_fired, now):
                envelope = trigger_envelope(row.tenant_id, outlet, kind, slot.at, catch_up=slot.catch_up)
                add_to_outbox(session, SYNC_TRIGGERS, envelope)
                TRIGGERS_FIRED.labels(
                    row.tenant_id, row.outlet_id, kind.value, str(slot.catch_up).lower()
                ).inc()
                fired.append(slot)
            row.last_fired = newest_tick(row.last_fired, now)
            session.add(row)
    return fired


def utc_now() -> datetime:
    return datetime.now(UTC)


class TriggerLoop:
    """One replica's loop: hold the lease (or wait for it to run out), fire what is due."""

    def __init__(
        self,
        db: Database,
        *,
        interval: float = 15.0,
        lease_ttl: timedelta = timedelta(seconds=60),
        clock: Clock = utc_now,
        holder: str | None = None,
    ):
        self.db = db
        self.interval = interval
        self.lease_ttl = lease_ttl
        self.clock = clock
        self.holder = holder or f"scheduler-{uuid.uuid4().hex[:8]}"
        self.wake = asyncio.Event()

    async def round(self) -> float:
        """One round; returns how long to wait before the next (a follower wakes when the lease ends)."""
        now = self.clock()
        lease = await hold_lease(self.db, self.holder, now, self.lease_ttl)
        LEADER.set(1 if lease.held else 0)
        if lease.held:
            await fire_due(self.db, now, holder=self.holder)
        LAST_ROUND.set_to_current_time()
        if lease.held:
            return self.interval
        until_free = (lease.expires_at - now).total_seconds()
        return max(0.05, min(self.interval, until_free + 0.05))

    async def run(self) -> None:
        while True:
            wait = self.interval
            try:
                wait = await self.round()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("trigger round failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wake.wait(), timeout=wait)
            self.wake.clear()
