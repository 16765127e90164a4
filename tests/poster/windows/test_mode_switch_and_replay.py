"""Switching an outlet's sync mode in the middle of the day loses no fact and posts none twice;
replaying the whole day creates zero new documents."""

from decimal import Decimal

from jembatan.contracts.ledger import SyncMode
from jembatan.contracts.sync import TriggerKind
from window_db import documents, documents_of_window, take, trigger, window_of, windows
from window_facts import at, outlet, sale, shift_close

SCHEDULED = outlet(SyncMode.SCHEDULED, [12, 18, 23])
REAL_TIME = outlet(SyncMode.REAL_TIME)
SHIFTS = outlet(SyncMode.SHIFT_CLOSE)


def the_day():
    """08:00–10:00 WIB scheduled, then real time, then shift close (orders without shift ids)."""
    return [
        sale("o1", at(1), SCHEDULED),
        sale("o2", at(2), SCHEDULED),
        sale("o3", at(3), REAL_TIME),  # the merchant switched to real time
        sale("o4", at(3.5), REAL_TIME),
        sale("o5", at(4), SHIFTS),  # … and then to shift close
        sale("o6", at(5), SHIFTS),
        shift_close("S1", at(0), at(6), SHIFTS, order_ids=["o1", "o2", "o3", "o4", "o5", "o6"]),
        sale("o7", at(7), SCHEDULED),  # … and back to scheduled
    ]


async def play(db, facts, redelivery=0):
    planned = 0
    for fact in facts:
        planned += await take(db, fact, redelivery=redelivery)
    await trigger(db, TriggerKind.SCHEDULED_HOUR, at(24))
    return planned


async def test_switching_modes_mid_day_puts_every_order_in_exactly_one_posted_window(db):
    await play(db, the_day())
    placed = await window_of(db)
    orders = {k: w for k, w in placed.items() if k.startswith("order:")}
    assert set(orders) == {f"order:o{n}" for n in range(1, 8)}
    assert all(orders.values())
    assert {w.state for w in (await windows(db)).values()} == {"planned"}
    assert orders["order:o1"] == orders["order:o2"] != orders["order:o3"]


async def test_switching_modes_mid_day_posts_no_document_twice(db):
    await play(db, the_day())
    per_window = [await documents_of_window(db, w) for w in await windows(db)]
    every = [key for keys in per_window for key in keys]
    assert len(every) == len(set(every)) == len(await documents(db))
    numbers = [d.number for d in (await documents(db)).values()]
    assert len(numbers) == len(set(numbers))


async def test_replaying_the_whole_day_creates_zero_new_documents(db):
    first = await play(db, the_day())
    again = await play(db, the_day(), redelivery=1)
    assert first > 0 and again == 0


async def test_a_switch_to_shift_close_mid_shift_posts_the_shift_at_its_close_without_a_false_gap(db):
    """The close lists every order of the shift, also those posted in real time before the switch:
    they are held (in their own windows), so the shift posts at once and records no discrepancy."""
    await take(db, sale("o1", at(1), REAL_TIME))
    await take(db, sale("o2", at(2), REAL_TIME))
    await take(db, sale("o3", at(3), SHIFTS))  # the merchant switched to shift close
    await take(db, shift_close("S1", at(0), at(6), SHIFTS, order_ids=["o1", "o2", "o3"], cash=Decimal(60000)))
    shift = (await windows(db))["shift:S1"]
    assert (shift.state, shift.discrepancy) == ("planned", None)
    placed = await window_of(db)
    assert [placed[f"order:o{n}"] for n in (1, 2, 3)] == ["order:o1", "order:o2", "shift:S1"]
    every = [key for w in await windows(db) for key in await documents_of_window(db, w)]
    assert len(every) == len(set(every)) == len(await documents(db))


async def test_a_shift_close_still_waits_for_an_order_held_nowhere_after_a_switch(db):
    await take(db, sale("o1", at(1), REAL_TIME))
    await take(db, sale("o3", at(3), SHIFTS))
    await take(db, shift_close("S1", at(0), at(6), SHIFTS, order_ids=["o1", "o2", "o3"]))
    shift = (await windows(db))["shift:S1"]
    assert shift.state == "waiting" and shift.discrepancy == "orders not received: o2"
