"""The pull meets what the webhook edge meets: odd records from iSeller's API are parked or
skipped, never the end of the whole pull (real HTTP, real PostgreSQL, a fake iSeller API)."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime

import pytest
from ingest_fake_iseller import FakeIseller, store_day
from ingest_support import order, serve

pytestmark = pytest.mark.integration

END_OF_DAY = datetime(2025, 7, 1, 16, 59, tzinfo=UTC)


@pytest.fixture
async def store():
    fake = FakeIseller(token_seconds=3600)
    async with serve(fake.app()) as url:
        fake.url = url
        yield fake


async def test_a_backfill_parks_odd_orders_and_skips_unkeyable_products(
    ingest_factory, store, unique_name
) -> None:
    tenant = unique_name("toko")
    store_day(store, random.Random(3), orders=5, end=END_OF_DAY)
    long_id = "o" * 5000
    store.orders[long_id] = order(
        long_id,
        order_date="2025-07-01 09:59:00",
        closed_date="2025-07-01 10:00:00",
        modified_date="2025-07-01 10:00:00",
    )
    store.products += [{"product_id": "p" * 500, "name": "long"}, {"product_id": "p-\u0000", "name": "nul"}]
    async with ingest_factory() as ingest:
        await ingest.add_tenant(tenant)
        answer = await ingest.http.put(
            f"/admin/tenants/{tenant}/iseller-connection",
            json={
                "client_id": store.client_id,
                "client_secret": store.client_secret,
                "refresh_token": store.refresh_token,
                "oauth_url": f"{store.url}/oauth/token",
            },
            headers=ingest.admin,
        )
        assert answer.status_code == 204
        started = await ingest.http.post(
            f"/admin/tenants/{tenant}/backfill",
            json={"from": "2025-07-01", "to": "2025-07-01"},
            headers=ingest.admin,
        )
        run = started.json()
        while run["status"] == "running":
            await asyncio.sleep(0.2)
            run = await ingest.get(f"/admin/tenants/{tenant}/pulls/{run['id']}")
        parked = await ingest.get(f"/admin/tenants/{tenant}/parked")
    assert run["status"] == "done", run["error"]
    assert run["orders_parked"] == 1 and len(parked) == 1
    assert run["products"] == 5  # the two unkeyable products were skipped, the pull went on
