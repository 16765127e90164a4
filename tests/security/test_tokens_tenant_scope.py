"""A tenant operator token on real services (real HTTP, real PostgreSQL): ingest issues it, and
neither ingest nor the scheduler lets it read or change another tenant."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import httpx
import pytest
from ingest_support import ADMIN_TOKEN, order, serve
from jembatan.devstack.broker import TANSU_HEARTBEAT_INTERVAL_MS, TANSU_SESSION_TIMEOUT_MS
from jembatan.scheduler.bootstrap import build_app as build_scheduler
from jembatan.scheduler.config import SchedulerSettings

pytestmark = pytest.mark.integration


@contextlib.asynccontextmanager
async def scheduler(postgres_url: str, kafka_bootstrap: str, schema: str) -> AsyncIterator[httpx.AsyncClient]:
    settings = SchedulerSettings(
        environment="development",
        database_url=postgres_url,
        db_schema=schema,
        kafka_bootstrap=kafka_bootstrap,
        kafka_session_timeout_ms=TANSU_SESSION_TIMEOUT_MS,
        kafka_heartbeat_interval_ms=TANSU_HEARTBEAT_INTERVAL_MS,
        admin_token=ADMIN_TOKEN,
    )
    async with serve(build_scheduler(settings)) as url, httpx.AsyncClient(base_url=url, timeout=30) as http:
        yield http


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_a_tenant_token_cannot_read_or_change_another_tenant_on_ingest(
    ingest_factory, unique_name
) -> None:
    mine, theirs = unique_name("toko-a"), unique_name("toko-b")
    async with ingest_factory() as ingest:
        await ingest.add_tenant(mine)
        await ingest.add_tenant(theirs, api_key="their-key")
        issued = await ingest.http.post(
            "/admin/operator-tokens", json={"tenant_id": mine}, headers=ingest.admin
        )
        token = bearer(issued.json()["token"])

        assert (await ingest.http.get(f"/admin/tenants/{mine}/inbox", headers=token)).status_code == 200
        assert (await ingest.http.get(f"/admin/tenants/{theirs}/inbox", headers=token)).status_code == 403
        assert (await ingest.http.get(f"/admin/tenants/{theirs}/pulls", headers=token)).status_code == 403
        takeover = await ingest.http.put(
            f"/admin/tenants/{theirs}", json={"store_name": "mine now", "api_key": "my-key"}, headers=token
        )
        assert takeover.status_code == 403
        # their webhook key is untouched: their deliveries still authenticate with it
        answer = await ingest.webhook(theirs, "order", order("o-theirs"), api_key="their-key")
        assert answer.status_code == 202


async def test_a_token_issued_by_ingest_is_scoped_the_same_on_the_scheduler(
    ingest_factory, postgres_url, kafka_bootstrap, unique_name
) -> None:
    mine, theirs = unique_name("toko-a"), unique_name("toko-b")
    async with (
        ingest_factory() as ingest,
        scheduler(postgres_url, kafka_bootstrap, unique_name("sched")) as sched,
    ):
        issued = await ingest.http.post(
            "/admin/operator-tokens", json={"tenant_id": mine}, headers=ingest.admin
        )
        token = bearer(issued.json()["token"])
        assert (
            await sched.put(
                f"/admin/tenants/{theirs}/schedules/o1", json={"hours": [12]}, headers=bearer(ADMIN_TOKEN)
            )
        ).status_code == 204

        assert (
            await sched.put(f"/admin/tenants/{mine}/schedules/o1", json={"hours": [18]}, headers=token)
        ).status_code == 204
        mine_listed = (await sched.get(f"/admin/tenants/{mine}/schedules", headers=token)).json()
        assert {"outlet_id": "o1", "kind": "posting", "hours": [18]} in mine_listed
        assert (await sched.get(f"/admin/tenants/{theirs}/schedules", headers=token)).status_code == 403
        changed = await sched.put(f"/admin/tenants/{theirs}/schedules/o1", json={"hours": [3]}, headers=token)
        assert changed.status_code == 403
        unchanged = await sched.get(f"/admin/tenants/{theirs}/schedules", headers=bearer(ADMIN_TOKEN))
        assert {"outlet_id": "o1", "kind": "posting", "hours": [12]} in unchanged.json()
