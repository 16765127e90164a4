"""Pulling from iSeller: credentials sealed, OAuth refresh, paging, backfill with progress, same dedupe."""

import asyncio
import itertools
import random
from datetime import UTC, date, datetime, timedelta

import pytest
from ingest_fake_iseller import FakeIseller, completed_ids, store_day
from ingest_support import serve
from jembatan.ingest import cli
from jembatan.ingest.adapters.tables import IsellerConnection
from jembatan.ingest.domain.pull_plan import PullMode, Window, last_window, orders_query, split, store_days

pytestmark = pytest.mark.integration

DAY = date(2025, 7, 1)
END_OF_DAY = datetime(2025, 7, 1, 15, 0, tzinfo=UTC)  # 22:00 WIB


def test_store_days_are_calendar_days_of_the_store_in_utc():
    window = store_days(DAY, DAY, utc_offset_hours=7)
    assert (window.start, window.end) == (
        datetime(2025, 6, 30, 17, tzinfo=UTC),
        datetime(2025, 7, 1, 17, tzinfo=UTC),
    )


def test_a_range_is_split_into_windows_that_cover_it_exactly():
    parts = split(store_days(DAY, DAY, 7), hours=5)
    assert [p.end - p.start for p in parts] == [timedelta(hours=5)] * 4 + [timedelta(hours=4)]
    assert all(a.end == b.start for a, b in itertools.pairwise(parts))


def test_backfill_asks_by_created_date_and_reconcile_by_modified_date():
    window = Window(datetime(2025, 7, 1, 1, tzinfo=UTC), datetime(2025, 7, 1, 5, tzinfo=UTC))
    backfill = orders_query(PullMode.BACKFILL, window, lookback=timedelta(days=14))
    reconcile = orders_query(PullMode.RECONCILE, window, lookback=timedelta(days=14), outlet_id="o")
    assert backfill["created_after"] == "2025-07-01T01:00:00" and backfill["time_zone"] == 0
    assert "modified_after" not in backfill
    assert (reconcile["modified_after"], reconcile["modified_before"]) == (
        "2025-07-01T01:00:00",
        "2025-07-01T05:00:00",
    )
    assert reconcile["created_after"] == "2025-06-17T01:00:00" and reconcile["outlet_id"] == "o"


def test_the_reconcile_window_ends_at_the_tick():
    window = last_window(END_OF_DAY, minutes=90)
    assert (window.start, window.end) == (END_OF_DAY - timedelta(minutes=90), END_OF_DAY)


@pytest.fixture
async def store():
    fake = FakeIseller(token_seconds=3600)
    async with serve(fake.app()) as url:
        fake.url = url
        yield fake


async def connect(ingest, tenant, fake):
    await ingest.add_tenant(tenant)
    answer = await ingest.http.put(
        f"/admin/tenants/{tenant}/iseller-connection",
        json={
            "client_id": fake.client_id,
            "client_secret": fake.client_secret,
            "refresh_token": fake.refresh_token,
            "oauth_url": f"{fake.url}/oauth/token",
        },
        headers=ingest.admin,
    )
    assert answer.status_code == 204


async def test_credentials_are_sealed_at_rest_and_never_shown(ingest_factory, store, unique_name):
    tenant = unique_name("tenant")
    async with ingest_factory() as ingest:
        await connect(ingest, tenant, store)
        shown = await ingest.get(f"/admin/tenants/{tenant}/iseller-connection")
        async with ingest.db.session() as session:
            row = await session.get(IsellerConnection, tenant)
    assert shown["has_refresh_token"] is True and "client_secret" not in shown
    assert store.client_secret not in row.client_secret_sealed
    assert store.refresh_token not in (row.refresh_token_sealed or "")


async def test_a_backfill_from_the_cli_pulls_every_page_and_shows_progress(
    ingest_factory, store, unique_name, capsys
):
    tenant = unique_name("tenant")
    store_day(store, random.Random(7), orders=230, end=END_OF_DAY)
    async with ingest_factory(iseller_page_size=50) as ingest:
        await connect(ingest, tenant, store)
        argv = ["--url", ingest.url, "--token", "test-admin-token", "backfill", "--tenant", tenant]
        status = await asyncio.to_thread(cli.main, [*argv, "--from", "2025-07-01", "--to", "2025-07-01"])
        inbox = await ingest.get(f"/admin/tenants/{tenant}/inbox?limit=1000")
        products = await ingest.get(f"/admin/tenants/{tenant}/pulled/product")
        [run] = await ingest.get(f"/admin/tenants/{tenant}/pulls")
    lines = capsys.readouterr().out.splitlines()
    assert status == 0
    assert lines[-1].startswith(f"pull {run['id']} done: windows 6/6")
    assert len(lines) >= 2  # progress was shown while it ran
    assert run["orders_seen"] == run["orders_new"] == 230 == len([e for e in inbox if e["kind"] == "order"])
    assert {e["source"] for e in inbox} == {"pull"}
    assert (run["products"], run["outlets"], run["shifts"]) == (5, 1, 2)
    assert run["shifts_without_close"] == 2  # no register_shift webhook arrived: both learned by polling
    assert sorted(e["dedupe_key"] for e in inbox if e["kind"] == "register_shift") == [
        "register_shift:shift-0:closed",
        "register_shift:shift-1:closed",
    ]
    assert len(products) == 5


async def test_a_pulled_order_that_came_by_webhook_is_not_stored_twice(ingest_factory, store, unique_name):
    tenant = unique_name("tenant")
    deliveries = store_day(store, random.Random(8), orders=40, end=END_OF_DAY)
    async with ingest_factory() as ingest:
        await connect(ingest, tenant, store)
        for delivery in deliveries:
            assert (await ingest.webhook(tenant, delivery.kind, delivery.body)).status_code == 202
        before = await ingest.get(f"/admin/tenants/{tenant}/inbox?limit=1000")
        answer = await ingest.http.post(
            f"/admin/tenants/{tenant}/backfill",
            json={"from": "2025-07-01", "to": "2025-07-01"},
            headers=ingest.admin,
        )
        run = await wait_for_run(ingest, tenant, answer.json()["id"])
        after = await ingest.get(f"/admin/tenants/{tenant}/inbox?limit=1000")
    assert run["status"] == "done" and run["orders_seen"] == 40 and run["orders_new"] == 0
    assert [e for e in after if e["kind"] == "order"] == before  # the two shift closes are new
    assert len(completed_ids(store)) == sum(e["events"] for e in after if e["kind"] == "order")


async def test_an_expired_access_token_is_refreshed_and_the_rotated_token_kept(
    ingest_factory, store, unique_name
):
    tenant = unique_name("tenant")
    store_day(store, random.Random(9), orders=20, end=END_OF_DAY)
    async with ingest_factory() as ingest:
        await connect(ingest, tenant, store)
        first = await backfill_day(ingest, tenant)
        store.revoke_access_tokens()  # iSeller forgets the token before its expiry
        second = await backfill_day(ingest, tenant)
    assert (first["status"], second["status"]) == ("done", "done")
    assert store.calls["token"] == 2  # one grant per run: the second after the 401
    assert second["orders_new"] == 0


async def test_a_tenant_without_api_credentials_cannot_backfill(ingest_factory, unique_name):
    tenant = unique_name("tenant")
    async with ingest_factory() as ingest:
        await ingest.add_tenant(tenant)
        answer = await ingest.http.post(
            f"/admin/tenants/{tenant}/backfill",
            json={"from": "2025-07-01", "to": "2025-07-01"},
            headers=ingest.admin,
        )
    assert answer.status_code == 409


async def backfill_day(ingest, tenant):
    answer = await ingest.http.post(
        f"/admin/tenants/{tenant}/backfill",
        json={"from": "2025-07-01", "to": "2025-07-01"},
        headers=ingest.admin,
    )
    assert answer.status_code == 202, answer.text
    return await wait_for_run(ingest, tenant, answer.json()["id"])


async def wait_for_run(ingest, tenant, run_id, within=30.0):
    deadline = asyncio.get_running_loop().time() + within
    while True:
        run = await ingest.get(f"/admin/tenants/{tenant}/pulls/{run_id}")
        if run["status"] != "running":
            return run
        assert asyncio.get_running_loop().time() < deadline, run
        await asyncio.sleep(0.1)
