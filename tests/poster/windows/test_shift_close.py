"""Shift close: the shift's window posts when the held facts match its close; otherwise it waits a
grace period, asks ingest to pull (RECONCILE on sync.triggers.v1), waits once more, then posts what
it holds and records the discrepancy. Real iSeller orders carry no shift id: they join the shift of
their register whose open…close holds their time, once that shift is known."""

from datetime import timedelta
from decimal import Decimal

from jembatan.contracts import Envelope
from jembatan.contracts.ledger import SyncMode
from jembatan.contracts.sync import SyncTriggered, TriggerKind
from window_db import (
    documents,
    documents_of_window,
    sweep,
    take,
    trigger,
    trigger_messages,
    window_of,
    windows,
)
from window_facts import at, outlet, sale, shift_close

SHOP = outlet(SyncMode.SHIFT_CLOSE)
LATER = timedelta(minutes=11)


async def test_orders_of_an_open_shift_wait_and_nothing_is_planned(db):
    await take(db, sale("o1", at(1), SHOP, shift="S1"))
    assert (await windows(db))["shift:S1"].state == "open"
    assert await documents(db) == {}


async def test_a_close_matching_the_held_orders_and_payments_posts_the_shift(db):
    await take(db, sale("o1", at(1), SHOP, shift="S1"))
    await take(db, sale("o2", at(2), SHOP, shift="S1"))
    await take(db, shift_close("S1", at(0), at(7), SHOP, order_ids=["o1", "o2"], cash=Decimal(40000)))
    window = (await windows(db))["shift:S1"]
    assert window.state == "planned" and window.discrepancy is None
    assert await documents_of_window(db, "shift:S1") == set(await documents(db))
    assert await documents(db)


async def test_a_close_missing_an_order_waits_asks_ingest_to_pull_then_posts_and_records_the_gap(db):
    await take(db, sale("o1", at(1), SHOP, shift="S1"))
    await take(db, shift_close("S1", at(0), at(7), SHOP, order_ids=["o1", "o2"]))
    waiting = (await windows(db))["shift:S1"]
    assert waiting.state == "waiting" and await documents(db) == {}
    assert waiting.due_at is not None

    await sweep(db, waiting.due_at + timedelta(seconds=1))
    reconciling = (await windows(db))["shift:S1"]
    assert reconciling.state == "reconciling"
    pulls = [Envelope.from_bytes(m.body) for m in await trigger_messages(db)]
    assert [(p.payload["kind"], p.outlet_id) for p in pulls] == [("reconcile", "outlet-ho")]
    # ingest is asked for the shift's own span, not "the last few hours" before the sweep
    asked = SyncTriggered.model_validate(pulls[0].payload)
    assert (asked.span_start, asked.span_end) == (at(0), at(7))

    assert reconciling.due_at is not None
    await sweep(db, reconciling.due_at + timedelta(seconds=1))
    posted = (await windows(db))["shift:S1"]
    assert posted.state == "planned"
    assert "o2" in (posted.discrepancy or "")
    assert await documents_of_window(db, "shift:S1")


async def test_the_missing_order_arriving_in_the_grace_period_completes_the_shift(db):
    await take(db, sale("o1", at(1), SHOP, shift="S1"))
    await take(db, shift_close("S1", at(0), at(7), SHOP, order_ids=["o1", "o2"]))
    await take(db, sale("o2", at(2), SHOP, shift="S1"))
    window = (await windows(db))["shift:S1"]
    assert window.state == "planned" and not window.discrepancy
    assert await trigger_messages(db) == []


async def test_orders_without_a_shift_id_join_the_shift_of_their_register_and_time(db):
    await take(db, sale("o1", at(1), SHOP))  # inside S1, register 1
    await take(db, sale("o2", at(2), SHOP, register="reg-2"))  # another register
    await take(db, sale("o3", at(8), SHOP))  # after S1 closed
    assert set((await window_of(db)).values()) == {None}

    await take(db, shift_close("S1", at(0), at(7), SHOP))  # as pulled from GetRegisterShifts
    placed = await window_of(db)
    assert placed["order:o1"] == "shift:S1"
    assert placed["order:o2"] is None and placed["order:o3"] is None


async def test_a_shift_known_only_by_its_times_is_posted_after_the_pull_and_grace(db):
    await take(db, sale("o1", at(1), SHOP))
    await take(db, shift_close("S1", at(0), at(7), SHOP))
    await take(db, sale("o2", at(3), SHOP))  # a webhook arriving in the grace period
    assert (await window_of(db))["order:o2"] == "shift:S1"
    for _ in ("pull", "post"):
        due = (await windows(db))["shift:S1"].due_at
        assert due is not None
        await sweep(db, due + LATER)
    assert (await windows(db))["shift:S1"].state == "planned"
    assert len(await trigger_messages(db)) == 1


async def test_an_order_for_a_shift_already_posted_goes_to_the_next_shift_marked_late(db):
    await take(db, sale("o1", at(1), SHOP, shift="S1"))
    await take(db, shift_close("S1", at(0), at(7), SHOP, order_ids=["o1"]))
    await take(db, sale("o9", at(2), SHOP, shift="S1"))  # too late for S1
    assert (await window_of(db))["order:o9"] is None

    await take(db, sale("o2", at(8), SHOP, shift="S2"))
    await take(db, shift_close("S2", at(7), at(14), SHOP, order_ids=["o2"]))
    placed = await window_of(db)
    assert placed["order:o9"] == "shift:S2"
    s1_documents = await documents_of_window(db, "shift:S1")
    assert s1_documents and not s1_documents & await documents_of_window(db, "shift:S2")


async def test_a_shift_whose_close_never_comes_is_posted_a_day_later_and_says_so(db):
    await take(db, sale("o1", at(1), SHOP, shift="S1"), arrived=at(1))
    await take(db, sale("o2", at(2), SHOP), arrived=at(2))  # no shift id, and no shift ever covers it
    await trigger(db, TriggerKind.HOURLY, at(20))
    assert (await windows(db))["shift:S1"].state == "open"
    await trigger(db, TriggerKind.HOURLY, at(27))
    seen = await windows(db)
    assert seen["shift:S1"].state == "planned" and "no shift close" in (seen["shift:S1"].discrepancy or "")
    assert (await window_of(db))["order:o2"] == "order:o2"
    assert seen["order:o2"].state == "planned"


async def test_orders_of_an_old_shift_arriving_now_wait_a_day_for_their_close(db):
    # a backfill (or a store back online) brings orders of four days ago; their close comes after
    now = at(4 * 24)
    await take(db, sale("o1", at(1), SHOP, shift="S1"), arrived=now)
    await take(db, sale("o2", at(2), SHOP), arrived=now)  # no shift id: waits for the register's close
    await trigger(db, TriggerKind.HOURLY, now + timedelta(minutes=1))  # the next hourly housekeeping
    assert (await windows(db))["shift:S1"].state == "open" and await documents(db) == {}
    assert (await window_of(db))["order:o2"] is None  # still waiting, not posted on its own

    await take(db, shift_close("S1", at(0), at(7), SHOP, order_ids=["o1", "o2"]), arrived=now + LATER)
    posted = (await windows(db))["shift:S1"]
    assert posted.state == "planned" and not posted.discrepancy  # the close came, and matched
    assert (await window_of(db))["order:o2"] == "shift:S1"


async def test_orders_of_an_old_shift_whose_close_never_comes_are_posted_a_day_after_they_arrived(db):
    now = at(4 * 24)
    await take(db, sale("o1", at(1), SHOP, shift="S1"), arrived=now)
    await trigger(db, TriggerKind.HOURLY, now + timedelta(hours=23))
    assert (await windows(db))["shift:S1"].state == "open"
    await trigger(db, TriggerKind.HOURLY, now + timedelta(hours=25))
    seen = (await windows(db))["shift:S1"]
    assert seen.state == "planned" and "no shift close" in (seen.discrepancy or "")


async def test_a_close_arriving_before_its_orders_posts_when_the_last_one_comes(db):
    await take(db, shift_close("S1", at(0), at(7), SHOP, order_ids=["o1", "o2"]))
    await take(db, sale("o1", at(1), SHOP, shift="S1"))
    assert (await windows(db))["shift:S1"].state == "waiting"
    await take(db, sale("o2", at(2), SHOP, shift="S1"))
    assert (await windows(db))["shift:S1"].state == "planned"
