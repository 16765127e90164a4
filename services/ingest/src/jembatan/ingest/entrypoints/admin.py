"""Ingest's admin API (bearer token): tenants, the inbox, parked deliveries, replay."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, HTTPException, Request
from jembatan.platform.http import AdminOnly
from pydantic import BaseModel
from sqlmodel import col, select

from ..adapters.inbox import replace_decision
from ..adapters.tables import InboxEntry, InboxStatus
from ..adapters.tenants import save_tenant
from ..domain.intake import admit
from .deps import Runtime

router = APIRouter(prefix="/admin", tags=["admin"], dependencies=[AdminOnly])


class TenantIn(BaseModel):
    store_name: str
    api_key: str


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


@router.put("/tenants/{tenant_id}", status_code=204)
async def put_tenant(tenant_id: str, body: TenantIn, request: Request) -> None:
    runtime: Runtime = request.app.state.runtime
    await save_tenant(runtime.db, runtime.secrets, tenant_id, body.store_name, body.api_key)


@router.get("/tenants/{tenant_id}/inbox")
async def list_inbox(
    tenant_id: str, request: Request, status: str | None = None, limit: int = 100
) -> list[InboxOut]:
    runtime: Runtime = request.app.state.runtime
    query = select(InboxEntry).where(InboxEntry.tenant_id == tenant_id)
    if status:
        query = query.where(InboxEntry.status == status)
    async with runtime.db.session() as session:
        rows = (await session.exec(query.order_by(col(InboxEntry.id).desc()).limit(limit))).all()
    return [InboxOut.model_validate(row, from_attributes=True) for row in rows]


@router.get("/tenants/{tenant_id}/parked")
async def list_parked(tenant_id: str, request: Request) -> list[InboxOut]:
    return await list_inbox(tenant_id, request, status=InboxStatus.PARKED)


@router.post("/tenants/{tenant_id}/inbox/{entry_id}/replay")
async def replay(tenant_id: str, entry_id: int, request: Request) -> InboxOut:
    """Read a stored delivery again (e.g. after an upgrade taught us its shape)."""
    runtime: Runtime = request.app.state.runtime
    async with runtime.db.session() as session:
        entry = await session.get(InboxEntry, entry_id)
    if entry is None or entry.tenant_id != tenant_id:
        raise HTTPException(404, "no such inbox entry")
    updated = await replace_decision(runtime.db, entry_id, admit(entry.kind, entry.body), datetime.now(UTC))
    runtime.relay.wake.set()
    return InboxOut.model_validate(updated, from_attributes=True)
