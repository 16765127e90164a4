"""The activity log and the retry verbs through the poster's admin API, on PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from engine_sandbox import order_documents, plan
from jembatan.platform.outbox import OutboxMessage
from jembatan.poster.adapters.tables import Posting
from jembatan.poster.bootstrap import MIGRATIONS, build_app
from jembatan.poster.config import PosterSettings
from jembatan.poster.domain.posting import State
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

pytestmark = pytest.mark.integration
AUTH = {"Authorization": "Bearer dev-admin-token"}
TENANT = "toko-satu"


class RebuildsWithItem:
    """A planner whose mapping is now fixed: the window's documents get a real body again."""

    def __init__(self) -> None:
        self.windows: list[tuple[str, str]] = []

    async def replan(self, session: AsyncSession, tenant_id: str, window_id: str) -> None:
        self.windows.append((tenant_id, window_id))
        rows = (await session.exec(select(Posting).where(Posting.window_id == window_id))).all()
        for row in rows:
            if row.state != State.POSTED:
                row.body = json.dumps({"number": row.number, "detailItem": [{"itemNo": "KOPI"}]})
                session.add(row)


@pytest.fixture
async def poster(postgres_url: str, unique_name: Any) -> AsyncIterator[httpx.AsyncClient]:
    app = build_app(PosterSettings(database_url=postgres_url, db_schema=unique_name("poster")))
    runtime = app.state.runtime
    await runtime.db.migrate(MIGRATIONS)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://poster", headers=AUTH
    ) as client:
        client.runtime = runtime  # type: ignore[attr-defined]
        yield client
    await runtime.db.dispose()


async def fail(
    client: httpx.AsyncClient, number: str, *, body: str = "{}", message: str = "akun 4-1000 belum dipetakan"
) -> None:
    async with client.runtime.db.session() as session:  # type: ignore[attr-defined]
        row = (await session.exec(select(Posting).where(Posting.number == number))).one()
        row.state, row.body, row.message, row.attempts = State.FAILED, body, message, 3
        session.add(row)


async def seed(client: httpx.AsyncClient, orders: int = 3) -> None:
    await plan(client.runtime.db, [d for i in range(orders) for d in order_documents(TENANT, i)])  # type: ignore[attr-defined]


async def test_the_log_shows_each_document_with_where_it_came_from(poster: httpx.AsyncClient) -> None:
    await seed(poster, 1)
    reply = (await poster.get("/admin/activity", params={"tenant_id": TENANT, "kind": "receipt"})).json()
    assert reply["total"] == 1
    (receipt,) = reply["documents"]
    assert (receipt["number"], receipt["outlet_id"], receipt["window_id"], receipt["source_ids"]) == (
        "SR-000000", "outlet-ho", "order:order-0", ["order-0"]
    )  # fmt: skip
    assert receipt["state"] == "planned" and receipt["next_attempt_at"] is None


async def test_the_log_filters_by_business_time_range(poster: httpx.AsyncClient) -> None:
    await seed(poster, 3)  # orders at 08:00:00, :01, :02 Jakarta time
    reply = await poster.get(
        "/admin/activity",
        params={"since": "2026-11-25T08:00:01+07:00", "until": "2026-11-25T08:00:02+07:00"},
    )
    assert {d["source_ids"][0] for d in reply.json()["documents"]} == {"order-1"}


async def test_the_log_pages_without_gaps_or_repeats(poster: httpx.AsyncClient) -> None:
    await seed(poster, 3)
    pages = [
        (await poster.get("/admin/activity", params={"limit": 4, "offset": offset})).json()["documents"]
        for offset in (0, 4)
    ]
    keys = [d["document_key"] for page in pages for d in page]
    assert len(keys) == 6 and len(set(keys)) == 6


@pytest.mark.parametrize(
    "params",
    [{"limit": 0}, {"limit": 1001}, {"offset": -1}, {"state": "lost"}, {"since": "2026-11-25T08:00:00"}],
)
async def test_the_log_refuses_out_of_bounds_queries(
    poster: httpx.AsyncClient, params: dict[str, Any]
) -> None:
    assert (await poster.get("/admin/activity", params=params)).status_code == 422


async def test_the_log_needs_the_admin_token(poster: httpx.AsyncClient) -> None:
    assert (await poster.get("/admin/activity", headers={"Authorization": "Bearer wrong"})).status_code == 401


async def test_retry_rebuilds_the_window_before_planning_the_document_again(
    poster: httpx.AsyncClient,
) -> None:
    replanner = poster.runtime.replanner = RebuildsWithItem()  # type: ignore[attr-defined]
    await seed(poster, 1)
    await fail(poster, "SI-000000")
    reply = await poster.post(f"/admin/tenants/{TENANT}/documents/{TENANT}:order-0:invoice/retry")
    assert reply.status_code == 200
    assert replanner.windows == [(TENANT, "order:order-0")]
    assert (reply.json()["state"], reply.json()["attempts"]) == ("planned", 0)
    async with poster.runtime.db.session() as session:  # type: ignore[attr-defined]
        row = await session.get(Posting, f"{TENANT}:order-0:invoice")
    assert row is not None and "KOPI" in row.body


async def test_retry_of_a_document_that_still_cannot_be_built_keeps_it_failed(
    poster: httpx.AsyncClient,
) -> None:
    await seed(poster, 1)
    await fail(poster, "SI-000000")  # the planner has nothing better: the body stays empty
    reply = await poster.post(f"/admin/tenants/{TENANT}/documents/{TENANT}:order-0:invoice/retry")
    assert reply.status_code == 409
    assert "akun 4-1000 belum dipetakan" in reply.json()["detail"]


async def test_retry_all_failed_retries_only_what_the_filter_names(poster: httpx.AsyncClient) -> None:
    poster.runtime.replanner = RebuildsWithItem()  # type: ignore[attr-defined]
    await seed(poster, 2)
    await fail(poster, "SI-000000")
    await fail(poster, "SR-000001")
    reply = (
        await poster.post(f"/admin/tenants/{TENANT}/documents/retry-failed", params={"kind": "order sync"})
    ).json()
    assert [d["number"] for d in reply["retried"]] == ["SI-000000"]
    listing = (await poster.get("/admin/activity", params={"state": "failed"})).json()
    assert [d["number"] for d in listing["documents"]] == ["SR-000001"]


async def test_a_retry_is_published_on_the_results_topic(poster: httpx.AsyncClient) -> None:
    poster.runtime.replanner = RebuildsWithItem()  # type: ignore[attr-defined]
    await seed(poster, 1)
    await fail(poster, "SI-000000")
    await poster.post(f"/admin/tenants/{TENANT}/documents/{TENANT}:order-0:invoice/retry")
    async with poster.runtime.db.session() as session:  # type: ignore[attr-defined]
        messages = (
            await session.exec(select(OutboxMessage).where(col(OutboxMessage.topic) == "sync.results.v1"))
        ).all()
    assert len(messages) == 1
