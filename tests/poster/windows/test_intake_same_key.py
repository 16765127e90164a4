"""A document key coming twice in one batch: the situations that could make it, through `handle_batch`
as the consumer runs it. Each document is in the posting ledger once, with its latest content, and
the batch leaves what taking its facts one transaction each leaves. Real PostgreSQL.

The batch's plain windows write their new documents in one multi-row INSERT; `_write_ready` falls
back to one ORM row per document if a key comes twice among them. None of these situations needs
that fallback: a window completed again is planned once, and a plain window's keys are its own
(docs/poster-intake.md, "A key twice in a batch"). The spy below says so, so the comment in
`window_planning._write_ready` stays true."""

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from jembatan.contracts import Envelope
from jembatan.contracts.ledger import Fact, SyncMode
from jembatan.platform.consumer import handle_batch
from jembatan.poster.adapters.window_tables import HeldFact, PostingWindow
from jembatan.poster.domain.windows import WindowState
from jembatan.poster.service_layer import window_planning
from jembatan.poster.service_layer.intake_rows import DeferredPlan
from test_intake_batches import HOURS, SHIFTS, each_alone, poster, scheduled_hour, state
from window_db import take
from window_facts import TENANT, at, envelope, outlet, sale, shift_close, transfer_out

pytestmark = pytest.mark.integration

SHOP = outlet()  # real time
SHOP_BY_HOURS = outlet(SyncMode.SCHEDULED, [12, 18])  # the same outlet, switched to scheduled hours
OTHER = outlet(outlet_id="outlet-bdg", outlet_code="BD", warehouse_name="Gudang BD")
WIB = datetime(2026, 11, 25, tzinfo=UTC) - timedelta(hours=7)  # 00:00 in Jakarta on the test day


def a_batch_of_second_chances() -> list[Envelope]:
    """Every way a fact comes again, or lands late, within one batch."""
    fixed_o2 = sale("o2", at(1) + timedelta(minutes=2), SHOP, cash="25000")
    facts: list[Fact | Envelope] = [
        *(sale(f"o{n}", at(1) + timedelta(minutes=n), SHOP) for n in (1, 2, 3)),
        envelope(sale("o1", at(1) + timedelta(minutes=1), SHOP), redelivery=1),  # the same fact again
        fixed_o2,  # a real-time order's fix: its window, completed earlier in the batch, completed again
        envelope(fixed_o2, redelivery=1),  # and the fix itself again
        envelope(sale("o1", at(1), OTHER), tenant="toko-2"),  # another merchant's order o1
        transfer_out("t1", at(1.2), SHOP, OTHER),
        envelope(transfer_out("t1", at(1.2), SHOP, OTHER), redelivery=1),
        sale("h1", WIB + timedelta(hours=13), HOURS),
        sale("h2", WIB + timedelta(hours=17), HOURS),
        scheduled_hour(WIB + timedelta(hours=18)),  # the 12:00-18:00 span goes out
        sale("h3", WIB + timedelta(hours=17.5), HOURS),  # late: the next span takes it
        sale("h2", WIB + timedelta(hours=17), HOURS, cash="30000"),  # a fix for the span gone out
        *(sale(f"s{n}", at(1) + timedelta(minutes=n), SHIFTS) for n in (1, 2)),
        shift_close("sh-1", at(1), at(2), SHIFTS, order_ids=["s1", "s2"]),
        sale("s1", at(1) + timedelta(minutes=1), SHIFTS, cash="22000"),  # a fix after its shift closed
        sale("o4", at(3), SHOP_BY_HOURS),  # the merchant switches the outlet to scheduled hours …
        sale("o5", at(3.5), SHOP),  # … and back: the open span goes out, o5 in real time
        sale("o4", at(3), SHOP_BY_HOURS, cash="21000"),  # a fix for o4, its span gone out
    ]
    return [f if isinstance(f, Envelope) else envelope(f) for f in facts]




@pytest.fixture
def twice_in_a_batch(monkeypatch) -> list[list[str]]:
    """The keys of each group of plain windows written together, where one came twice."""
    seen: list[list[str]] = []
    write_ready = window_planning._write_ready

    async def spy(session: Any, ready: list[Any]) -> int:
        keys = [d.key for _, plan in ready for d in plan.drafts]
        if len(keys) != len(set(keys)):
            seen.append(keys)
        return await write_ready(session, ready)

    monkeypatch.setattr(window_planning, "_write_ready", spy)
    return seen


async def test_facts_coming_again_in_a_batch_leave_each_document_once_as_one_by_one(
    db, one_by_one, twice_in_a_batch
):
    batch = a_batch_of_second_chances()
    await handle_batch(db, "poster", batch, poster())
    await each_alone(one_by_one, batch)
    batched, alone = await state(db), await state(one_by_one)
    assert batched == alone
    docs = batched["documents"]
    assert {d[2] for d in docs.values()} == {"planned"}

    def body(key: str) -> dict[str, Any]:
        return json.loads(docs[key][4])

    # the fixes are what the ledger holds, each order's documents once
    assert body("toko-1:sales-receipt:order:o2:1-1110")["chequeAmount"] == 25000
    assert (
        body("toko-1:sales-receipt:hours:outlet-ho:2026-11-24T11:00:00+00:00:1-1110")["chequeAmount"] == 21000
    )
    assert body("toko-1:sales-receipt:shift:sh-1:1-1110")["chequeAmount"] == 22000 + 20000
    assert body("toko-1:sales-receipt:hours:outlet-jkt:2026-11-25T05:00:00+00:00:1-1110")["chequeAmount"] == (
        20000 + 30000  # h1, and h2 as fixed (h3 came late: the next span, still open)
    )
    assert sum(k.endswith(":item-transfer:out:t1") for k in docs) == 1
    assert "toko-2:sales-invoice:order:o1" in docs and "toko-1:sales-invoice:order:o1" in docs
    assert batched["held"]["order:h3"][1] is True  # late, as one by one
    assert twice_in_a_batch == []  # no key came twice: the one-INSERT path took every new document


async def test_delivering_the_batch_again_changes_nothing(db, twice_in_a_batch):
    batch = a_batch_of_second_chances()
    await handle_batch(db, "poster", batch, poster())
    once = await state(db)
    await handle_batch(db, "poster-replay", batch, poster())  # new to this consumer: taken in again
    assert await state(db) == once
    assert twice_in_a_batch == []


async def test_the_guard_a_key_twice_among_the_windows_written_together_is_written_once_as_the_last(
    db, one_by_one
):
    """The fallback itself, which no real batch reaches (above): the same order's window twice among
    the plain windows written together, then with a fix — the ledger holds each document once, as
    taking the order and its fix one at a time leaves it."""
    first = sale("o9", at(2), SHOP)
    fixed = sale("o9", at(2), SHOP, cash="25000")
    now = datetime.now(UTC)
    async with db.session() as session:
        window = PostingWindow(
            tenant_id=TENANT, window_id="order:o9", outlet_id=SHOP.outlet_id, mode=SyncMode.REAL_TIME,
            opened_at=at(2), closed_at=at(2), state=WindowState.PLANNED, planned_at=now, created_at=now,
            updated_at=now,
        )  # fmt: skip
        session.add(window)
        ready = []
        for fact in (first, fixed):
            message = envelope(fact)
            held = HeldFact(
                tenant_id=TENANT, fact_key="order:o9", schema_name=message.schema_, envelope_id=message.id,
                payload=json.dumps(message.payload, sort_keys=True), outlet_id=SHOP.outlet_id,
                occurred_at=at(2), window_id=window.window_id, received_at=now, updated_at=now,
            )  # fmt: skip
            plan = await window_planning.window_drafts(session, window, [held], [fact])
            ready.append((DeferredPlan(window, False, now, [held], False), plan))
        assert await window_planning._write_ready(session, ready) == 3
        session.add(held)
        await session.commit()
    await take(one_by_one, first)
    await take(one_by_one, fixed, redelivery=1)
    written, alone = (await state(db))["documents"], (await state(one_by_one))["documents"]
    assert written == alone and len(written) == 3
    assert json.loads(written["toko-1:sales-receipt:order:o9:1-1110"][4])["chequeAmount"] == 25000
