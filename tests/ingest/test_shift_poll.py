"""Shift closes as real iSeller shows them: no shift webhook, GetRegisterShifts has only the register,
the shift id and its open and close times. Ingest's pull turns each closed shift into the same
`register_shift` delivery a webhook would be (one event, same dedupe key), and a reconcile trigger
naming a shift's span pulls the outlet's orders of that span. Against the iSeller simulator's pull
API over HTTP, with ingest's real database and broker."""

import asyncio
from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from aiokafka import AIOKafkaProducer
from ingest_support import API_KEY, read_events, serve
from jembatan.contracts import Envelope
from jembatan.contracts.sync import SyncTriggered, TriggerKind
from jembatan.contracts.topics import SYNC_TRIGGERS
from jembatan.ingest.domain.shift_poll import closed_by
from jembatan.sandbox.iseller.config import DEMO
from jembatan.sandbox.iseller.day import StoreDay, generate_day
from jembatan.sandbox.iseller.delivery import FaultOptions, plan, send
from jembatan.sandbox.iseller.oauth import TokenStore
from jembatan.sandbox.iseller.pull_api import create_app
from jembatan.sandbox.iseller.store import Shift

pytestmark = pytest.mark.integration

SEED = 31
DAY = date(2026, 11, 25)
REALISTIC = replace(DEMO, realistic_shifts=True)
CLOSED = "pos.register_shift_closed/1"


async def connect(ingest, tenant: str, iseller_url: str, tokens: TokenStore) -> None:
    await ingest.add_tenant(tenant)
    answer = await ingest.http.put(
        f"/admin/tenants/{tenant}/iseller-connection",
        json={
            "client_id": tokens.client_id,
            "client_secret": tokens.client_secret,
            "oauth_url": f"{iseller_url}/oauth/token",
        },
        headers=ingest.admin,
    )
    assert answer.status_code == 204, answer.text


async def backfill_day(ingest, tenant: str) -> dict:
    answer = await ingest.http.post(
        f"/admin/tenants/{tenant}/backfill",
        json={"from": DAY.isoformat(), "to": DAY.isoformat()},
        headers=ingest.admin,
    )
    assert answer.status_code == 202, answer.text
    return await finished(ingest, tenant, answer.json()["id"])


async def finished(ingest, tenant: str, run_id: int, within: float = 60.0) -> dict:
    deadline = asyncio.get_running_loop().time() + within
    while True:
        run = await ingest.get(f"/admin/tenants/{tenant}/pulls/{run_id}")
        if run["status"] != "running":
            return run
        assert asyncio.get_running_loop().time() < deadline, run
        await asyncio.sleep(0.1)


def test_a_close_is_polled_only_once_the_webhook_had_its_head_start_and_never_while_open():
    now = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
    row = {"register_shift_id": "s1", "register_id": "r1", "open_date": "2026-11-25 00:30:00"}
    head_start = now - timedelta(minutes=10)
    assert not closed_by(row, head_start)  # still open: no closed_date
    assert not closed_by({**row, "closed_date": "2026-11-25 07:55:00"}, head_start)  # 5 min ago
    assert closed_by({**row, "closed_date": "2026-11-25 07:49:00"}, head_start)  # 11 min ago
    assert not closed_by({**row, "closed_date": "not a date"}, head_start)


def tokens() -> TokenStore:
    return TokenStore(client_id="test-client", client_secret="test-secret")


async def test_each_closed_shift_is_learned_once_from_polling_with_times_and_no_totals(
    ingest_factory, kafka_bootstrap, unique_name
):
    day = generate_day(SEED, DAY, REALISTIC)
    assert day.shifts and not [d for d in day.deliveries if d.kind == "register_shift"]
    store, tenant = tokens(), unique_name("tenant")
    async with serve(create_app(day, store)) as iseller_url, ingest_factory() as ingest:
        await connect(ingest, tenant, iseller_url, store)
        report = await send(
            plan(day.deliveries, FaultOptions()), target=ingest.url, tenant=tenant, api_key=API_KEY
        )
        assert not report.failures
        first = await backfill_day(ingest, tenant)
        second = await backfill_day(ingest, tenant)  # polling again learns nothing new
        inbox = await ingest.get(f"/admin/tenants/{tenant}/inbox?limit=1000")
    events = await read_events(
        kafka_bootstrap,
        unique_name("g"),
        tenant,
        lambda got: len([e for e in got if e.schema_ == CLOSED]) >= len(day.shifts),
        within=60,
    )
    closes = [e for e in events if e.schema_ == CLOSED]
    assert (first["status"], second["status"]) == ("done", "done")
    assert first["shifts_without_close"] == len(day.shifts) and second["shifts_without_close"] == 0
    shift_rows = [e for e in inbox if e["kind"] == "register_shift"]
    assert sorted(e["dedupe_key"] for e in shift_rows) == sorted(
        f"register_shift:{s.register_shift_id}:closed" for s in day.shifts
    )
    assert {(e["source"], e["status"], e["events"]) for e in shift_rows} == {("pull", "accepted", 1)}
    assert Counter(e.payload["register_shift_id"] for e in closes) == Counter(
        s.register_shift_id for s in day.shifts
    )
    by_id = {e.payload["register_shift_id"]: e for e in closes}
    for shift in day.shifts:
        close = by_id[shift.register_shift_id]
        assert (close.outlet_id, close.payload["register_id"]) == (shift.outlet.outlet_id, shift.register_id)
        assert _time(close.payload["opened_at"]) == shift.open_date
        assert _time(close.payload["closed_at"]) == shift.closed_date
        assert (close.payload["order_count"], close.payload["payments"], close.payload["order_ids"]) == (
            0,
            [],
            [],
        )


async def test_a_store_that_sends_the_shift_webhook_never_gets_a_second_close_from_polling(
    ingest_factory, unique_name
):
    day = generate_day(SEED, DAY)  # the simulator's own form: shift webhooks with totals
    webhooks = [d for d in day.deliveries if d.kind == "register_shift"]
    assert len(webhooks) == len(day.shifts)
    store, tenant = tokens(), unique_name("tenant")
    async with serve(create_app(day, store)) as iseller_url, ingest_factory() as ingest:
        await connect(ingest, tenant, iseller_url, store)
        report = await send(
            plan(day.deliveries, FaultOptions()), target=ingest.url, tenant=tenant, api_key=API_KEY
        )
        assert not report.failures
        run = await backfill_day(ingest, tenant)
        inbox = await ingest.get(f"/admin/tenants/{tenant}/inbox?limit=1000")
    assert run["status"] == "done" and run["shifts"] == len(day.shifts)
    assert run["shifts_without_close"] == 0
    shift_rows = [e for e in inbox if e["kind"] == "register_shift"]
    assert len(shift_rows) == len(day.shifts) and {e["source"] for e in shift_rows} == {"webhook"}


def span_trigger(tenant: str, shift: Shift) -> Envelope:
    """What the poster writes when a shift window's held facts cannot be checked or do not match."""
    trigger = SyncTriggered(
        trigger_id=f"{tenant}-{shift.register_shift_id}",
        kind=TriggerKind.RECONCILE,
        outlet_id=shift.outlet.outlet_id,
        fire_at=datetime(2026, 11, 29, 8, 0, tzinfo=UTC),  # days later
        span_start=shift.open_date,
        span_end=shift.closed_date,
    )
    return Envelope(
        id=trigger.trigger_id,
        type="sync.triggered",
        tenant_id=tenant,
        outlet_id=shift.outlet.outlet_id,
        occurred_at=trigger.fire_at,
        correlation_id=trigger.trigger_id,
        schema_="sync.triggered/1",
        payload=trigger.model_dump(mode="json"),
    )


def orders_of(day: StoreDay, shift: Shift) -> set[str]:
    """The shift's completed orders: its register's, closed inside its open…close."""
    return {
        oid
        for oid, o in day.orders.items()
        if o["status"] == "completed"
        and o["register_id"] == shift.register_id
        and shift.open_date <= _time(o["closed_date"]) <= shift.closed_date
    }


async def test_a_reconcile_for_a_shifts_span_pulls_the_orders_of_that_span_days_later(
    ingest_factory, kafka_bootstrap, unique_name
):
    day = generate_day(SEED, DAY, REALISTIC)
    shift = day.shifts[0]
    lost = orders_of(day, shift)
    assert lost
    # every webhook of the shift's orders was lost; the rest of the day arrived
    kept = [d for d in day.deliveries if d.payload.get("order_id") not in lost or d.kind != "order"]
    store, tenant = tokens(), unique_name("tenant")
    async with (
        serve(create_app(day, store)) as iseller_url,
        ingest_factory(consume_triggers=True) as ingest,
    ):
        await connect(ingest, tenant, iseller_url, store)
        report = await send(plan(kept, FaultOptions()), target=ingest.url, tenant=tenant, api_key=API_KEY)
        assert not report.failures
        producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap)
        await producer.start()
        try:
            await producer.send_and_wait(
                SYNC_TRIGGERS, span_trigger(tenant, shift).to_bytes(), key=tenant.encode()
            )
        finally:
            await producer.stop()
        for _ in range(300):
            runs = await ingest.get(f"/admin/tenants/{tenant}/pulls")
            if runs and runs[0]["status"] != "running":
                break
            await asyncio.sleep(0.2)
        inbox = await ingest.get(f"/admin/tenants/{tenant}/inbox?limit=1000")
    [run] = runs
    assert (run["mode"], run["status"], run["outlet_id"]) == ("span", "done", shift.outlet.outlet_id)
    assert _time(run["window_from"]) <= shift.open_date and _time(run["window_to"]) >= shift.closed_date
    pulled = {e["dedupe_key"] for e in inbox if e["source"] == "pull" and e["kind"] == "order"}
    assert {f"order:{oid}:completed" for oid in lost} <= pulled
    assert run["orders_new"] >= len(lost)


def _time(text: str) -> datetime:
    """An API or simulator time (the simulator writes UTC without an offset) as aware UTC."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
