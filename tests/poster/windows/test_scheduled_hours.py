"""Scheduled hours: the span between two of the outlet's hours, closed by the scheduler's
SCHEDULED_HOUR trigger; a fact arriving after its span was posted goes into the next span, late."""

from datetime import UTC, datetime, timedelta

from jembatan.contracts.ledger import SyncMode
from jembatan.contracts.sync import TriggerKind
from window_db import documents, documents_of_window, held, take, trigger, window_of, windows
from window_facts import outlet, sale

WIB = timedelta(hours=7)
SHOP = outlet(SyncMode.SCHEDULED, [12, 18, 23])


def wib(hour: float) -> datetime:
    return datetime(2026, 11, 25, tzinfo=UTC) - WIB + timedelta(hours=hour)


NOON_SPAN = f"hours:outlet-ho:{wib(12).isoformat()}"
EVENING_SPAN = f"hours:outlet-ho:{wib(18).isoformat()}"


async def test_orders_between_two_hours_share_one_window_that_waits_for_its_hour(db):
    await take(db, sale("o1", wib(13), SHOP))
    await take(db, sale("o2", wib(17.5), SHOP))
    assert set((await window_of(db)).values()) == {NOON_SPAN}
    assert (await windows(db))[NOON_SPAN].state == "open"
    assert await documents(db) == {}


async def test_the_scheduled_hour_at_the_spans_end_posts_it(db):
    await take(db, sale("o1", wib(13), SHOP))
    await take(db, sale("o2", wib(19), SHOP))
    assert await trigger(db, TriggerKind.SCHEDULED_HOUR, wib(12), "outlet-ho") == 0
    assert await trigger(db, TriggerKind.SCHEDULED_HOUR, wib(18), "outlet-ho") > 0
    seen = await windows(db)
    assert seen[NOON_SPAN].state == "planned" and seen[EVENING_SPAN].state == "open"
    assert await documents_of_window(db, NOON_SPAN) == set(await documents(db))


async def test_a_tenant_wide_scheduled_hour_closes_every_outlets_ended_span(db):
    other = outlet(SyncMode.SCHEDULED, [12, 18, 23], outlet_id="outlet-2", outlet_code="O2")
    await take(db, sale("o1", wib(13), SHOP))
    await take(db, sale("o2", wib(13), other))
    await trigger(db, TriggerKind.SCHEDULED_HOUR, wib(18))
    assert {w.state for w in (await windows(db)).values()} == {"planned"}


async def test_the_hourly_trigger_closes_a_span_whose_scheduled_hour_never_came(db):
    await take(db, sale("o1", wib(13), SHOP))
    await trigger(db, TriggerKind.HOURLY, wib(18.5))
    assert (await windows(db))[NOON_SPAN].state == "open"
    await trigger(db, TriggerKind.HOURLY, wib(19))
    assert (await windows(db))[NOON_SPAN].state == "planned"


async def test_an_order_arriving_after_its_span_was_posted_goes_into_the_next_span_marked_late(db):
    await take(db, sale("o1", wib(13), SHOP))
    await trigger(db, TriggerKind.SCHEDULED_HOUR, wib(18), "outlet-ho")
    before = set(await documents(db))
    await take(db, sale("o9", wib(14), SHOP))  # a webhook delayed past 18:00
    late = await held(db, "order:o9")
    assert late.window_id == EVENING_SPAN and late.late
    assert set(await documents(db)) == before  # nothing more for the noon span
