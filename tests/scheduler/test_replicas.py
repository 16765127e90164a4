"""Several scheduler replicas on one PostgreSQL schema: each slot fires exactly once, a dead
replica's lease is taken over within one lease period, and downtime is caught up slot by slot."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from jembatan.platform.db import Database
from jembatan.scheduler.adapters.tables import Timetable
from jembatan.scheduler.domain.schedules import ScheduleKind
from jembatan.scheduler.service_layer.firing import TriggerLoop
from scheduler_support import emitted_triggers

pytestmark = pytest.mark.integration

START = datetime(2026, 11, 25, 0, 30, tzinfo=UTC)  # 07:30 in Jakarta
LEASE = timedelta(seconds=60)


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


async def add_schedules(db: Database, tenant: str) -> None:
    async with db.session() as session:
        for outlet, kind, hours in [
            ("*", ScheduleKind.RECONCILIATION_PULL, list(range(24))),
            ("*", ScheduleKind.DAILY_RECONCILIATION, [9]),
            ("outlet-ho", ScheduleKind.POSTING, [8, 10, 12]),
            ("outlet-ho", ScheduleKind.HOUSEKEEPING, list(range(24))),
            ("outlet-ho", ScheduleKind.TRANSFERS, [11]),
        ]:
            session.add(Timetable(tenant_id=tenant, outlet_id=outlet, kind=kind.value, hours=hours))


def slots(triggers: list[dict]) -> Counter[tuple[str, str | None, str]]:
    return Counter((t["kind"], t["outlet_id"], t["fire_at"]) for t in triggers)


async def test_two_replicas_running_side_by_side_fire_each_slot_exactly_once(
    scheduler_db: Database, postgres_url: str
) -> None:
    await add_schedules(scheduler_db, "t1")
    clock = FakeClock(START)
    other_db = Database(postgres_url, scheduler_db.schema)  # its own connection pool, as a process would
    replicas = [
        TriggerLoop(scheduler_db, lease_ttl=LEASE, clock=clock, holder="a"),
        TriggerLoop(other_db, lease_ttl=LEASE, clock=clock, holder="b"),
    ]
    try:
        for _ in range(6 * 60 // 5):  # six hours in rounds of five minutes, both replicas at once
            await asyncio.gather(*(r.round() for r in replicas))
            clock.now += timedelta(minutes=5)
    finally:
        await other_db.dispose()

    fired = slots(await emitted_triggers(scheduler_db))
    assert set(fired.values()) == {1}
    # rounds from 00:30 to 06:25 UTC (07:30..13:25 Jakarta): the slots 00:00..06:00 UTC of pulls and
    # housekeeping, posting at 08, 10, 12 Jakarta, transfers at 11, the daily reconciliation at 09
    assert Counter(kind for kind, _, _ in fired) == {
        "reconcile": 7,
        "hourly": 7,
        "scheduled_hour": 3,
        "transfer_sync": 1,
        "daily_reconciliation": 1,
    }


async def test_when_the_lease_holder_dies_another_replica_fires_within_one_lease_period(
    scheduler_db: Database, postgres_url: str
) -> None:
    await add_schedules(scheduler_db, "t1")
    clock = FakeClock(datetime(2026, 11, 25, 0, 59, 50, tzinfo=UTC))
    other_db = Database(postgres_url, scheduler_db.schema)
    holder = TriggerLoop(scheduler_db, lease_ttl=LEASE, clock=clock, holder="a")
    follower = TriggerLoop(other_db, lease_ttl=LEASE, clock=clock, holder="b")
    try:
        await holder.round()  # "a" renews its lease at 00:59:50, then dies
        died = clock.now
        before = len(await emitted_triggers(scheduler_db))
        clock.now += timedelta(seconds=1)
        while clock.now < died + 2 * LEASE:
            wait = await follower.round()
            if len(await emitted_triggers(scheduler_db)) > before:
                break
            clock.now += timedelta(seconds=wait)  # it sleeps as long as it says, then asks again
    finally:
        await other_db.dispose()
    assert clock.now - died <= LEASE + timedelta(seconds=1)
    taken_over = (await emitted_triggers(scheduler_db))[before:]
    assert {t["kind"] for t in taken_over} == {"reconcile", "hourly", "scheduled_hour"}  # 08:00 Jakarta
    assert {(t["fire_at"][:16], t["catch_up"]) for t in taken_over} == {("2026-11-25T01:00", False)}


async def test_a_scheduler_stopped_across_three_hourly_slots_fires_three_catch_ups_on_restart(
    scheduler_db: Database, postgres_url: str
) -> None:
    async with scheduler_db.session() as session:
        session.add(
            Timetable(tenant_id="t1", outlet_id="*", kind="reconciliation_pull", hours=list(range(24)))
        )
    clock = FakeClock(datetime(2026, 11, 25, 7, 2, tzinfo=UTC))
    await TriggerLoop(scheduler_db, lease_ttl=LEASE, clock=clock, holder="before").round()
    on_time = await emitted_triggers(scheduler_db)

    clock.now = datetime(2026, 11, 25, 10, 40, tzinfo=UTC)  # down from 07:02 to 10:40
    restarted_db = Database(postgres_url, scheduler_db.schema)
    try:
        await TriggerLoop(restarted_db, lease_ttl=LEASE, clock=clock, holder="after").round()
    finally:
        await restarted_db.dispose()

    after = (await emitted_triggers(scheduler_db))[len(on_time) :]
    assert [t["catch_up"] for t in on_time] == [False]
    assert [(t["fire_at"][:16], t["catch_up"]) for t in after] == [
        ("2026-11-25T08:00", True),
        ("2026-11-25T09:00", True),
        ("2026-11-25T10:00", True),
    ]
