"""Ingest's admin API (bearer token): tenants, the inbox, parked deliveries, replay."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException
from jembatan.platform.http import AdminOnly
from pydantic import AwareDatetime, BaseModel
from sqlmodel import col, select

from ..adapters.tables import InboxEntry, InboxStatus
from ..service_layer.configuring import Change, configure
from ..service_layer.replay import ReplayReport, replay_entry, replay_range
from .deps import Runtime, runtime_of
from .params import Limit, Name, RowId, Secret

router = APIRouter(prefix="/admin", tags=["admin"], dependencies=[AdminOnly])
RuntimeDep = Annotated[Runtime, Depends(runtime_of)]


class TenantIn(BaseModel):
    store_name: Name
    api_key: Secret


class InboxOut(BaseModel):
    id: int
    tenant_id: str
    kind: str
    dedupe_key: str
    source: str
    received_at: datetime
    status: str
    reason: str | None
    events: int


class ReplayRange(BaseModel):
    received_from: AwareDatetime
    received_to: AwareDatetime
    parked_only: bool = True


@router.put("/tenants/{tenant_id}", status_code=204)
async def put_tenant(tenant_id: str, body: TenantIn, runtime: RuntimeDep) -> None:
    """Create the tenant or change its store name and webhook key (published like every change;
    `PUT .../configuration` is the one place that also takes the other parts)."""
    await configure(
        runtime.db, runtime.secrets, tenant_id, Change(store_name=body.store_name, webhook_key=body.api_key)
    )
    runtime.keys.forget(tenant_id)
    runtime.relay.nudge()


@router.get("/tenants/{tenant_id}/inbox")
async def list_inbox(
    tenant_id: str, runtime: RuntimeDep, status: InboxStatus | None = None, limit: Limit = 100
) -> list[InboxOut]:
    query = select(InboxEntry).where(InboxEntry.tenant_id == tenant_id)
    if status:
        query = query.where(InboxEntry.status == status)
    async with runtime.db.session() as session:
        rows = (await session.exec(query.order_by(col(InboxEntry.id).desc()).limit(limit))).all()
    return [InboxOut.model_validate(row, from_attributes=True) for row in rows]


@router.get("/tenants/{tenant_id}/parked")
async def list_parked(tenant_id: str, runtime: RuntimeDep, limit: Limit = 100) -> list[InboxOut]:
    return await list_inbox(tenant_id, runtime, status=InboxStatus.PARKED, limit=limit)


@router.post("/tenants/{tenant_id}/inbox/{entry_id}/replay")
async def replay(tenant_id: str, entry_id: RowId, runtime: RuntimeDep) -> InboxOut:
    """Read a stored delivery again (e.g. after an upgrade taught us its shape)."""
    async with runtime.db.session() as session:
        entry = await session.get(InboxEntry, entry_id)
    if entry is None or entry.tenant_id != tenant_id:
        raise HTTPException(404, "no such inbox entry")
    updated = await replay_entry(runtime.db, entry)
    runtime.relay.nudge()
    return InboxOut.model_validate(updated, from_attributes=True)


@router.post("/tenants/{tenant_id}/replay")
async def replay_received(tenant_id: str, body: ReplayRange, runtime: RuntimeDep) -> ReplayReport:
    """Replay what was received in a date range (parked deliveries only, unless told otherwise)."""
    if body.received_to <= body.received_from:
        raise HTTPException(422, "received_to must be after received_from")
    report = await replay_range(
        runtime.db, tenant_id, body.received_from, body.received_to, parked_only=body.parked_only
    )
    runtime.relay.nudge()
    return report
