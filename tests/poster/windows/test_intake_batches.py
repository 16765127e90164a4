"""The consumer's batch of facts is taken in at its end, its rows read once for the batch: a batch's
round trips do not grow with its facts, and it leaves exactly what taking its facts one transaction
each leaves — windows, held facts, documents — whatever it mixes (repeats, refunds, members, shift
closes, a trigger between facts), and after a crash mid-batch. Real PostgreSQL."""

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from jembatan.contracts import Envelope
from jembatan.contracts.ledger import Fact, SyncMode
from jembatan.contracts.sync import SyncTriggered, TriggerKind
from jembatan.platform.at_commit import before_commit
from jembatan.platform.consumer import handle_batch, handle_once
from jembatan.platform.db import Database
from jembatan.platform.statement_counter import StatementCounter
from jembatan.poster.adapters.tables import Posting
from jembatan.poster.adapters.window_tables import HeldFact, PostingWindow
from jembatan.poster.entrypoints.facts import facts_handler
from jembatan.poster.entrypoints.messages import by_schema
from jembatan.poster.entrypoints.triggers import triggers_handler
from jembatan.poster.service_layer.planning import plan_fact
from jembatan.poster.service_layer.shift_closing import Grace
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession
from window_db import take
from window_facts import TENANT, at, envelope, member, outlet, sale, shift_close

sys.path.insert(0, str(Path(__file__).parents[1]))
from unit.facts import refund

pytestmark = pytest.mark.integration

GRACE = Grace(timedelta(minutes=10))
SHIFTS = outlet(SyncMode.SHIFT_CLOSE, outlet_id="outlet-mall", outlet_code="MA")
HOURS = outlet(SyncMode.SCHEDULED, [12, 18], outlet_id="outlet-jkt", outlet_code="JK")



class Wakes:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> None:
        self.count += 1


def poster(wakes: Wakes | None = None) -> Any:
    wake = wakes or Wakes()
    return by_schema(facts_handler(GRACE, wake), triggers_handler(GRACE, wake))


def scheduled_hour(when: datetime) -> Envelope:
    signal = SyncTriggered(trigger_id=f"t-{when.isoformat()}", kind=TriggerKind.SCHEDULED_HOUR, fire_at=when)
    return Envelope(
        id=f"trigger-{when.isoformat()}", type="sync.triggered", tenant_id=TENANT, occurred_at=when,
        correlation_id="test", schema_="sync.triggered/1", payload=signal.model_dump(mode="json"),
    )  # fmt: skip


async def state(db: Database) -> dict[str, Any]:
    """What the poster keeps: windows, held facts, documents (without their clocks)."""
    async with db.session() as session:
        windows = (await session.exec(select(PostingWindow))).all()
        held = (await session.exec(select(HeldFact))).all()
        docs = (await session.exec(select(Posting))).all()
    return {
        "windows": {w.window_id: (w.state, w.mode, w.opened_at, w.closed_at, w.close_known) for w in windows},
        "held": {h.fact_key: (h.window_id, h.late, h.payload) for h in held},
        "documents": {
            d.document_key: (d.document_type, d.number, d.state, d.depends_on, d.body, d.window_id, d.message)
            for d in docs
        },
    }




async def each_alone(db: Database, messages: list[Envelope]) -> None:
    for message in messages:
        if message.schema_.startswith("sync."):
            await handle_once(db, "poster", message, triggers_handler(GRACE, Wakes()))
        else:
            async with db.session() as session:
                await take_now(session, message)


async def take_now(session: AsyncSession, message: Envelope) -> None:
    """The fact taken in at once (`plan_fact`), not held back for a batch."""
    await plan_fact(session, message, GRACE)


def orders(first: int, count: int) -> list[Envelope]:
    return [
        envelope(sale(f"o{n}", at(1) + timedelta(seconds=n), outlet())) for n in range(first, first + count)
    ]


async def test_a_batchs_round_trips_do_not_grow_with_its_facts(db):
    statements = StatementCounter(db)
    await handle_batch(db, "poster", orders(1, 10), poster())  # the outlet's first facts: its modes
    in_small = await statements.during(handle_batch(db, "poster", orders(11, 10), poster()))
    in_large = await statements.during(handle_batch(db, "poster", orders(21, 200), poster()))
    assert in_large == in_small <= 12  # 200 real-time orders cost what 10 do (1,602 before)
    done = await state(db)
    assert len(done["held"]) == 220
    assert {w[0] for w in done["windows"].values()} == {"planned"}
    assert len(done["documents"]) == 220 * 3  # an invoice and a receipt per payment, per order


async def test_orders_waiting_for_their_shift_cost_no_round_trip_each(db):
    statements = StatementCounter(db)

    def shift_orders(first: int, count: int) -> list[Envelope]:
        return [
            envelope(sale(f"s{n}", at(1) + timedelta(seconds=n), SHIFTS, register=f"reg-{n % 2}"))
            for n in range(first, first + count)
        ]

    await handle_batch(db, "poster", shift_orders(1, 10), poster())
    in_small = await statements.during(handle_batch(db, "poster", shift_orders(11, 10), poster()))
    in_large = await statements.during(handle_batch(db, "poster", shift_orders(21, 200), poster()))
    assert in_large == in_small
    assert {h[0] for h in (await state(db))["held"].values()} == {None}  # all wait for their shift


def a_busy_day() -> list[Envelope]:
    """Real-time orders, a member's order, a refund of an order sold in the same batch, a fact
    delivered again with a fix, orders waiting for their shift and the shift's close, orders in
    scheduled hours and the hour's trigger between them."""
    shop = outlet(receivable_account="1-1100")
    sales = [sale(f"o{n}", at(1) + timedelta(minutes=n), shop) for n in range(1, 6)]
    fixed = sale("o2", at(1) + timedelta(minutes=2), shop, cash="25000")
    waiting = [sale(f"s{n}", at(1) + timedelta(minutes=n), SHIFTS, register="reg-1") for n in range(1, 4)]
    close = shift_close("sh-1", at(1), at(2), SHIFTS, order_ids=["s1", "s2", "s3"])
    wib = datetime(2026, 11, 25, tzinfo=UTC) - timedelta(hours=7)
    facts: list[Fact | Envelope] = [
        *sales[:3],
        sale("m1", at(1.5), shop, customer_no="M-1"),
        member("cust-1", at(1.5), "M-1"),
        *waiting[:2],
        refund("r1", "o1", [("ROTI", 1, 20000, 0)], 20000, [("cash", 20000)], snapshot=shop, at=at(3),
               customer_no=shop.walk_in_customer_no),
        sale("h1", wib + timedelta(hours=13), HOURS),
        sale("h2", wib + timedelta(hours=17), HOURS),
        scheduled_hour(wib + timedelta(hours=18)),
        sale("h3", wib + timedelta(hours=17.5), HOURS),  # its span went out: the next one, late
        waiting[2],
        close,
        *sales[3:],
    ]  # fmt: skip
    messages = [f if isinstance(f, Envelope) else envelope(f) for f in facts]
    messages.append(envelope(sales[0], redelivery=1))  # delivered again, unchanged
    messages.append(envelope(fixed, redelivery=1))  # the mapper's re-drive after a mapping fix
    return messages


async def test_a_batch_leaves_what_taking_its_facts_one_by_one_leaves(db, one_by_one):
    day = a_busy_day()
    wakes = Wakes()
    await handle_batch(db, "poster", day, poster(wakes))
    await each_alone(one_by_one, day)
    batched, alone = await state(db), await state(one_by_one)
    assert batched == alone
    assert len(batched["documents"]) > 20 and {"planned"} == {d[2] for d in batched["documents"].values()}
    assert batched["held"]["order:h3"][1] is True  # late, as one by one
    assert wakes.count >= 1


async def test_a_batch_that_fails_midway_keeps_nothing_and_its_replay_takes_each_fact_once(db, one_by_one):
    day = a_busy_day()
    handler = poster()

    async def crash() -> None:
        raise ConnectionError("the poster lost its database once the batch's facts were taken in")

    async def crashes_at_the_end(session: AsyncSession, message: Envelope) -> None:
        await handler(session, message)
        if message.id == day[-1].id:  # runs after the facts' step, registered before it
            before_commit(session, "crash", lambda _session: crash())

    with pytest.raises(ConnectionError):
        await handle_batch(db, "poster", day, crashes_at_the_end)
    assert await state(db) == {"windows": {}, "held": {}, "documents": {}}

    await handle_batch(db, "poster", day, handler)
    once = await state(db)
    assert await handle_batch(db, "poster", day, handler) == [False] * len(day)  # delivered again
    again = [m for m in day if m is not day[1]]  # all but o2's first version (its fix came after it)
    await handle_batch(db, "poster-replay", again, handler)  # the facts again, new to this consumer
    assert await state(db) == once
    await each_alone(one_by_one, day)
    assert once == await state(one_by_one)


async def test_a_fact_taken_alone_is_still_taken_at_once(db):
    """Outside a consumer batch (tests, admin paths) `plan_fact` plans at once, as before."""
    assert await take(db, sale("o1", at(1), outlet())) == 3
