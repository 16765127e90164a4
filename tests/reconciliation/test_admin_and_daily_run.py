"""Reconciliation over the poster's admin API, and the daily run the scheduler's trigger asks for."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import httpx
import pytest
from jembatan.contracts import Envelope
from jembatan.contracts.sync import SyncTriggered, TriggerKind
from jembatan.platform.http import create_service_app, no_lifespan
from jembatan.poster.entrypoints import reconciliation_admin
from jembatan.poster.entrypoints.triggers import triggers_handler
from jembatan.poster.service_layer.reconciling import ReconciliationRunner, kept_runs
from sandbox_day import DAY, post_the_day
from window_db import GRACE
from window_facts import TENANT

TOKEN = "test-admin-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
async def api(db, readback):
    app = create_service_app("poster", admin_token=TOKEN, secret_key=b"k" * 32, lifespan=no_lifespan)
    app.include_router(reconciliation_admin.router)
    app.state.runtime = SimpleNamespace(db=db)
    app.state.books_readback = readback
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://poster") as client:
        yield client


async def test_reconciliation_needs_the_admin_token(api):
    assert (await api.get(f"/admin/tenants/{TENANT}/reconciliations")).status_code == 401


async def test_run_a_day_now_then_read_the_kept_result(api, db, accurate):
    await post_the_day(db, accurate)
    ran = await api.post(
        f"/admin/tenants/{TENANT}/reconciliations", json={"day": DAY.isoformat()}, headers=AUTH
    )
    assert ran.status_code == 200, ran.text
    assert ran.json()["status"] == "done" and ran.json()["difference_count"] == 0
    kept = (await api.get(f"/admin/tenants/{TENANT}/reconciliations?day={DAY}", headers=AUTH)).json()
    assert [r["run_id"] for r in kept] == [ran.json()["run_id"]]


async def test_a_tenant_without_accurate_gets_a_readable_refusal(api):
    ran = await api.post("/admin/tenants/nobody/reconciliations", json={"day": DAY.isoformat()}, headers=AUTH)
    assert ran.status_code == 409 and "has not connected Accurate" in ran.text


def daily_trigger(trigger_id: str = "daily-2026-11-26") -> Envelope:
    fired = datetime(2026, 11, 25, 19, 0, tzinfo=UTC)  # 02:00 on 26 November in Jakarta
    trigger = SyncTriggered(
        trigger_id=trigger_id, kind=TriggerKind.DAILY_RECONCILIATION, outlet_id="*", fire_at=fired
    )
    return Envelope(id=trigger_id, type="sync.triggered", schema="sync.triggered/1", tenant_id=TENANT, occurred_at=fired,
                    correlation_id=trigger_id, payload=trigger.model_dump(mode="json"))  # fmt: skip


async def test_the_daily_trigger_reconciles_yesterday_once_even_when_redelivered(db, accurate, readback):
    await post_the_day(db, accurate)
    woken: list[bool] = []
    handle = triggers_handler(GRACE, lambda: None, lambda: woken.append(True))
    for _ in range(2):  # the same trigger delivered twice
        async with db.session() as session:
            await handle(session, daily_trigger())
    assert woken == [True]
    runner = ReconciliationRunner(db, readback)
    assert await runner.run_one() and not await runner.run_one()
    [run] = await kept_runs(db, TENANT)
    assert (run.day, run.trigger, run.status, run.difference_count) == (
        DAY,
        "daily_reconciliation",
        "done",
        0,
    )
