"""The window verbs over the poster's admin API: bearer auth, preview, post now, re-sync."""

import asyncio
from types import SimpleNamespace

import httpx
import pytest
from jembatan.contracts.ledger import SyncMode
from jembatan.platform.http import create_service_app, no_lifespan
from jembatan.poster.entrypoints import windows_admin
from window_db import documents, mark_all_posted, take
from window_facts import TENANT, at, outlet, sale

TOKEN = "test-admin-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
async def api(db):
    app = create_service_app("poster", admin_token=TOKEN, secret_key=b"k" * 32, lifespan=no_lifespan)
    app.include_router(windows_admin.router)
    wake = asyncio.Event()
    not_connected = SimpleNamespace(client=_no_accurate)  # re-sync cannot look Accurate up: re-plans only
    app.state.runtime = SimpleNamespace(db=db, worker=SimpleNamespace(wake=wake), gateway=not_connected)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://poster") as client:
        client.wake = wake  # type: ignore[attr-defined]
        yield client


async def _no_accurate(tenant_id: str) -> None:
    return None


async def test_window_verbs_need_the_admin_token(api):
    answer = await api.get(f"/admin/tenants/{TENANT}/windows/shift:S1/preview")
    assert answer.status_code == 401


async def test_preview_of_an_unknown_window_is_not_found(api):
    answer = await api.get(f"/admin/tenants/{TENANT}/windows/shift:nope/preview", headers=AUTH)
    assert answer.status_code == 404


async def test_preview_then_post_now_over_http(api, db):
    await take(db, sale("o1", at(1), outlet(SyncMode.SHIFT_CLOSE), shift="S1"))
    seen = (await api.get(f"/admin/tenants/{TENANT}/windows/shift:S1/preview", headers=AUTH)).json()
    assert seen["orders"] == 1 and seen["sales_total"] == "51500"
    assert seen["documents"] and {d["state"] for d in seen["documents"]} == {None}
    assert await documents(db) == {}

    posted = (await api.post(f"/admin/tenants/{TENANT}/windows/shift:S1/post", headers=AUTH)).json()
    assert posted["new_documents"] == len(await documents(db)) > 0
    assert api.wake.is_set()


async def test_resync_over_http_of_a_posted_day_reports_zero_new_documents(api, db):
    await take(db, sale("o1", at(1), outlet()))
    await mark_all_posted(db)
    body = {"start": at(-7).isoformat(), "end": at(17).isoformat()}
    answer = (await api.post(f"/admin/tenants/{TENANT}/resync", json=body, headers=AUTH)).json()
    assert answer == {"windows": 1, "new_documents": 0, "sent_again": []}
