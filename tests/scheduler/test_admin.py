"""The schedules on the admin API: read and changed, and bad ones refused with a readable 422."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from jembatan.platform.db import Database
from jembatan.platform.operator_tokens import OperatorKeys
from jembatan.scheduler.entrypoints import admin

pytestmark = pytest.mark.integration

TOKEN = "test-admin-token"


@pytest.fixture
async def client(scheduler_db: Database) -> AsyncIterator[httpx.AsyncClient]:
    app = FastAPI()
    app.state.db = scheduler_db
    app.state.operator_keys = OperatorKeys(TOKEN, b"k" * 32)
    app.include_router(admin.router)
    transport = httpx.ASGITransport(app=app)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    async with httpx.AsyncClient(transport=transport, base_url="http://scheduler", headers=headers) as c:
        yield c


async def test_an_hour_past_23_is_refused_with_a_reason_and_nothing_is_stored(client):
    response = await client.put("/admin/tenants/t1/schedules/outlet-ho", json={"hours": [25]})
    assert response.status_code == 422
    assert "0-23" in response.text and "25" in response.text
    assert (await client.get("/admin/tenants/t1/schedules")).json() == []


async def test_a_repeated_hour_is_refused_with_a_reason(client):
    response = await client.put("/admin/tenants/t1/schedules/outlet-ho", json={"hours": [12, 12]})
    assert response.status_code == 422
    assert "repeated: 12" in response.text


async def test_the_daily_reconciliation_cannot_be_set_for_one_outlet(client):
    url = "/admin/tenants/t1/schedules/outlet-ho/daily_reconciliation"
    response = await client.put(url, json={"hours": [3]})
    assert response.status_code == 422
    assert "tenant as a whole" in response.text


async def test_an_unknown_kind_of_schedule_is_refused(client):
    response = await client.put("/admin/tenants/t1/schedules/outlet-ho/lunch", json={"hours": [3]})
    assert response.status_code == 422


async def test_posting_hours_set_are_read_back_beside_the_tenant_defaults(client):
    assert (
        await client.put("/admin/tenants/t1/schedules/outlet-ho", json={"hours": [18, 12]})
    ).status_code == 204
    url = "/admin/tenants/t1/schedules/outlet-ho/transfers"
    assert (await client.put(url, json={"hours": [22]})).status_code == 204
    schedules = {
        (s["outlet_id"], s["kind"]): s["hours"]
        for s in (await client.get("/admin/tenants/t1/schedules")).json()
    }
    assert schedules == {
        ("*", "daily_reconciliation"): [2],
        ("*", "reconciliation_pull"): list(range(24)),
        ("outlet-ho", "housekeeping"): list(range(24)),
        ("outlet-ho", "posting"): [12, 18],
        ("outlet-ho", "transfers"): [22],
    }


async def test_changing_a_schedule_replaces_its_hours(client):
    url = "/admin/tenants/t1/schedules/*/daily_reconciliation"
    await client.put(url, json={"hours": [1]})
    await client.put(url, json={"hours": [4]})
    schedules = (await client.get("/admin/tenants/t1/schedules")).json()
    assert [s["hours"] for s in schedules if s["kind"] == "daily_reconciliation"] == [[4]]
