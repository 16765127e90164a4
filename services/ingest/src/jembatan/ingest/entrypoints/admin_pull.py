"""Ingest's admin API for the pull (bearer token): iSeller API connection, backfill, reconcile, status."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException
from jembatan.platform.http import AdminOnly
from pydantic import AwareDatetime, BaseModel, Field

from ..adapters import pull_runs, pulled
from ..adapters.credentials import Credentials, load_connection, save_connection
from ..domain.pull_plan import PullMode, Window, last_window, store_days
from ..service_layer.configuring import republish
from .deps import Runtime, runtime_of
from .params import Id, Limit, Name, RowId, Secret, Url

router = APIRouter(prefix="/admin/tenants/{tenant_id}", tags=["pull"], dependencies=[AdminOnly])
RuntimeDep = Annotated[Runtime, Depends(runtime_of)]
PulledKind = Literal["product", "outlet", "register_shift"]
MAX_BACKFILL_DAYS = 366


class ConnectionIn(BaseModel):
    client_id: Name
    client_secret: Secret
    refresh_token: Secret | None = None
    resource_url: Url | None = None  # learnt from the token answer when not given
    oauth_url: Url | None = None  # defaults to JEMBATAN_ISELLER_OAUTH_URL


class ConnectionOut(BaseModel):
    """What an operator may see: never a secret."""

    client_id: str
    oauth_url: str
    resource_url: str | None
    has_refresh_token: bool
    access_expires_at: datetime | None


class BackfillIn(BaseModel):
    from_: date = Field(alias="from")
    to: date
    outlet_id: Id | None = None


class ReconcileIn(BaseModel):
    tick: AwareDatetime | None = None  # the window ends here; now by default
    outlet_id: Id | None = None


class PullOut(BaseModel):
    id: int
    tenant_id: str
    mode: str
    window_from: datetime
    window_to: datetime
    outlet_id: str | None
    status: str
    windows_total: int
    windows_done: int
    pages: int
    orders_seen: int
    orders_new: int
    orders_parked: int
    products: int
    outlets: int
    shifts: int
    shifts_without_close: int
    error: str | None
    started_at: datetime
    finished_at: datetime | None


@router.put("/iseller-connection", status_code=204)
async def put_connection(tenant_id: str, body: ConnectionIn, runtime: RuntimeDep) -> None:
    creds = Credentials(
        tenant_id=tenant_id,
        oauth_url=body.oauth_url or runtime.settings.iseller_oauth_url,
        client_id=body.client_id,
        client_secret=body.client_secret,
        refresh_token=body.refresh_token,
        access_token=None,
        access_expires_at=None,
        resource_url=body.resource_url,
    )
    await save_connection(runtime.db, runtime.secrets, creds)
    if await republish(runtime.db, tenant_id):  # not checked with iSeller: PUT .../configuration checks
        runtime.relay.nudge()


@router.get("/iseller-connection")
async def get_connection(tenant_id: str, runtime: RuntimeDep) -> ConnectionOut:
    creds = await load_connection(runtime.db, runtime.secrets, tenant_id)
    if creds is None:
        raise HTTPException(404, "no iSeller API connection for this tenant")
    return ConnectionOut(
        client_id=creds.client_id,
        oauth_url=creds.oauth_url,
        resource_url=creds.resource_url,
        has_refresh_token=bool(creds.refresh_token),
        access_expires_at=creds.access_expires_at,
    )


@router.post("/backfill", status_code=202)
async def backfill(tenant_id: str, body: BackfillIn, runtime: RuntimeDep) -> PullOut:
    """Pull the store days `from..to` (inclusive) in the background; poll `/pulls/{id}` for progress."""
    if (body.to - body.from_).days >= MAX_BACKFILL_DAYS:
        raise HTTPException(422, f"backfill at most {MAX_BACKFILL_DAYS} store days per run")
    try:
        window = store_days(body.from_, body.to, runtime.settings.store_utc_offset_hours)
    except (ValueError, OverflowError) as exc:
        raise HTTPException(422, str(exc)) from None
    return await _start(runtime, tenant_id, PullMode.BACKFILL, window, body.outlet_id)


@router.post("/reconcile", status_code=202)
async def reconcile(tenant_id: str, body: ReconcileIn, runtime: RuntimeDep) -> PullOut:
    """Pull the last window now (what a scheduler `reconcile` trigger does)."""
    tick = body.tick or datetime.now(UTC)
    try:
        window = last_window(tick, runtime.settings.reconcile_window_minutes)
    except (ValueError, OverflowError) as exc:
        raise HTTPException(422, f"no reconcile window ends at {tick.isoformat()}: {exc}") from None
    return await _start(runtime, tenant_id, PullMode.RECONCILE, window, body.outlet_id)


@router.get("/pulls")
async def list_pulls(tenant_id: str, runtime: RuntimeDep, limit: Limit = 20) -> list[PullOut]:
    runs = await pull_runs.list_runs(runtime.db, tenant_id, limit)
    return [PullOut.model_validate(run, from_attributes=True) for run in runs]


@router.get("/pulls/{run_id}")
async def get_pull(tenant_id: str, run_id: RowId, runtime: RuntimeDep) -> PullOut:
    run = await pull_runs.get_run(runtime.db, tenant_id, run_id)
    if run is None:
        raise HTTPException(404, "no such pull run")
    return PullOut.model_validate(run, from_attributes=True)


@router.get("/pulled/{kind}")
async def list_pulled(tenant_id: str, kind: PulledKind, runtime: RuntimeDep, limit: Limit = 500) -> list[Any]:
    """The latest pulled copies of `product`, `outlet` or `register_shift` records."""
    rows = await pulled.list_pulled(runtime.db, tenant_id, kind, limit)
    return [json.loads(row.body) for row in rows]


async def _start(
    runtime: Runtime, tenant_id: str, mode: PullMode, window: Window, outlet: str | None
) -> PullOut:
    if await load_connection(runtime.db, runtime.secrets, tenant_id) is None:
        raise HTTPException(409, "connect the tenant's iSeller API first (PUT .../iseller-connection)")
    run = await pull_runs.start_run(runtime.db, tenant_id, mode, window, outlet_id=outlet)
    assert run.id is not None
    runtime.start_pull(runtime.puller.run(run.id))
    return PullOut.model_validate(run, from_attributes=True)
