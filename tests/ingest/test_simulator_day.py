"""A simulator store day with 5 % of its webhooks lost ends, after one reconcile trigger, with every
completed order in `pos.events.v1` exactly once. The lost orders come back through the iSeller
simulator's pull API (OAuth client credentials, GetOrders paging)."""

import asyncio
import time
from collections import Counter
from datetime import UTC, date, datetime

import pytest
from aiokafka import AIOKafkaProducer
from ingest_support import API_KEY, read_events, serve
from jembatan.contracts import Envelope
from jembatan.contracts.sync import SyncTriggered, TriggerKind
from jembatan.contracts.topics import SYNC_TRIGGERS
from jembatan.sandbox.iseller.config import sized
from jembatan.sandbox.iseller.day import generate_day
from jembatan.sandbox.iseller.delivery import FaultOptions, plan, send
from jembatan.sandbox.iseller.oauth import TokenStore
from jembatan.sandbox.iseller.pull_api import create_app

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ORDERS = 300
DROP_RATE = 0.05
DAY = date(2026, 11, 25)
TICK = datetime(2026, 11, 26, 0, 0, tzinfo=UTC)  # 07:00 in Jakarta, after the store day closed


COMPLETED = "pos.order_completed/1"


def completed_in(events: list[Envelope]) -> set[str]:
    return {e.payload["order_id"] for e in events if e.schema_ == COMPLETED}


def reconcile_trigger(tenant: str, tick: datetime) -> Envelope:
    """What the scheduler emits on `sync.triggers.v1` for a reconcile tick."""
    trigger = SyncTriggered(trigger_id=f"{tenant}-reconcile", kind=TriggerKind.RECONCILE, fire_at=tick)
    return Envelope(
        id=trigger.trigger_id,
        type="sync.triggered",
        tenant_id=tenant,
        occurred_at=tick,
        correlation_id=trigger.trigger_id,
        schema_="sync.triggered/1",
        payload=trigger.model_dump(mode="json"),
    )


async def test_a_day_with_dropped_webhooks_is_complete_exactly_once_after_a_reconcile_pull(
    ingest_factory, kafka_bootstrap, unique_name
):
    day = generate_day(2025, DAY, sized(ORDERS))
    delivery_plan = plan(day.deliveries, FaultOptions(drop_rate=DROP_RATE, seed=2025))
    tokens = TokenStore(client_id="test-client", client_secret="test-secret")
    tick = TICK
    tenant = unique_name("tenant")
    async with (
        serve(create_app(day, tokens)) as iseller_url,
        ingest_factory(consume_triggers=True, reconcile_window_minutes=48 * 60) as ingest,
    ):
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
        assert answer.status_code in (200, 204), answer.text
        report = await send(delivery_plan, target=ingest.url, tenant=tenant, api_key=API_KEY)
        assert not report.failures and set(report.statuses) <= {200, 202}, report.statuses

        producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap)
        await producer.start()
        started = time.perf_counter()
        trigger = reconcile_trigger(tenant, tick)
        for _ in range(2):  # delivered twice (at-least-once): reconciled once
            await producer.send_and_wait(SYNC_TRIGGERS, trigger.to_bytes(), key=tenant.encode())
        await producer.stop()

        expected = {oid for oid, order in day.orders.items() if order["status"] == "completed"}
        for _ in range(100):
            runs = await ingest.get(f"/admin/tenants/{tenant}/pulls")
            if runs and runs[0]["status"] != "running":
                break
            await asyncio.sleep(0.2)
        events = await read_events(
            kafka_bootstrap,
            unique_name("g"),
            tenant,
            lambda got: completed_in(got) >= expected,
            within=90,
        )
        caught_up = time.perf_counter() - started
        await asyncio.sleep(2)  # anything relayed twice would arrive by now
        events += await read_events(kafka_bootstrap, unique_name("g2"), tenant, lambda _: True, within=5)
        runs = await ingest.get(f"/admin/tenants/{tenant}/pulls")

    all_events = await read_events(
        kafka_bootstrap, unique_name("g3"), tenant, lambda got: completed_in(got) >= expected, within=30
    )
    per_order = Counter(e.payload["order_id"] for e in all_events if e.schema_ == COMPLETED)
    assert set(per_order) == expected
    assert set(per_order.values()) == {1}
    [run] = runs
    sent_completed = {
        s.delivery.payload["order_id"]
        for s in delivery_plan.sends
        if s.delivery.kind == "order" and s.delivery.payload["status"] == "completed"
    }
    missing = expected - sent_completed
    assert run["status"] == "done" and run["orders_new"] >= len(missing) > 0
    print(
        f"\n{len(day.orders)} orders, {len(day.deliveries)} webhooks, {len(delivery_plan.dropped)} dropped, "
        f"{len(missing)} completed orders missing; reconcile pulled {run['orders_seen']} orders "
        f"({run['orders_new']} new) and all {len(expected)} were on pos.events.v1 {caught_up:.1f}s after the trigger"
    )
