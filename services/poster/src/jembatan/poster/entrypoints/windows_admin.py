"""The window verbs of the poster's admin API (bearer token): list windows, preview one (posting
nothing), post one now, and re-sync a date range (plans only what is missing)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, HTTPException
from jembatan.accurate import AccurateError
from jembatan.platform.errors import ErrorReply
from jembatan.platform.http import AdminOnly
from pydantic import BaseModel, Field

from ..service_layer import window_verbs
from ..service_layer.resync_lost import send_again_lost
from .deps import RuntimeDep

router = APIRouter(prefix="/admin/tenants/{tenant_id}", tags=["windows"], dependencies=[AdminOnly])


class WindowOut(BaseModel):
    window_id: str
    outlet_id: str | None
    mode: str
    register_id: str | None
    opened_at: datetime
    closed_at: datetime
    state: str
    due_at: datetime | None
    discrepancy: str | None
    planned_at: datetime | None


class DocumentPreview(BaseModel):
    document_key: str
    document_type: str
    kind: str
    number: str
    state: str | None = Field(description="its state in the ledger, or null when not planned yet")
    depends_on: str | None
    source_ids: list[str]
    body: dict[str, Any]


class PreviewOut(BaseModel):
    window: WindowOut
    orders: int
    sales_total: Decimal
    refunds: int
    refunds_total: Decimal
    document_totals: dict[str, Decimal]
    documents: list[DocumentPreview]
    refused_because: str | None
    facts: list[str]


class PlannedOut(BaseModel):
    window_id: str
    new_documents: int


class ResyncIn(BaseModel):
    start: datetime = Field(description="aware instant; windows closed at or after it")
    end: datetime = Field(description="aware instant; windows closed before it")


class ResyncOut(BaseModel):
    windows: int
    new_documents: int = Field(description="documents sent: new to the ledger, plus those sent again")
    sent_again: list[str] = Field(
        default_factory=list, description="numbers posted before that Accurate no longer holds: sent again"
    )


@router.get("/windows")
async def list_windows(
    tenant_id: str,
    runtime: RuntimeDep,
    state: str | None = None,
    outlet_id: str | None = None,
    limit: int = 200,
) -> list[WindowOut]:
    async with runtime.db.session() as session:
        rows = await window_verbs.list_windows(session, tenant_id, state, outlet_id, limit)
    return [WindowOut.model_validate(r, from_attributes=True) for r in rows]


@router.get("/windows/{window_id:path}/preview")
async def preview(tenant_id: str, window_id: str, runtime: RuntimeDep) -> PreviewOut:
    """The documents and totals this window would post now; nothing is written or sent."""
    async with runtime.db.session() as session:
        seen = await window_verbs.preview_window(session, tenant_id, window_id)
    if seen is None:
        raise HTTPException(404, "no such window")
    return PreviewOut(
        window=WindowOut.model_validate(seen.window, from_attributes=True),
        orders=seen.orders,
        sales_total=seen.sales_total,
        refunds=seen.refunds,
        refunds_total=seen.refunds_total,
        document_totals=seen.document_totals,
        documents=[
            DocumentPreview(
                document_key=d.key,
                document_type=d.document_type,
                kind=d.kind,
                number=d.number,
                state=seen.states.get(d.key),
                depends_on=d.depends_on,
                source_ids=d.source_ids,
                body=d.body,
            )
            for d in seen.documents
        ],
        refused_because=seen.refused_because,
        facts=seen.fact_keys,
    )


@router.post("/windows/{window_id:path}/post")
async def post_now(tenant_id: str, window_id: str, runtime: RuntimeDep) -> PlannedOut:
    """Post a window now, without waiting for its shift close or scheduled hour."""
    async with runtime.db.session() as session:
        new = await window_verbs.post_window_now(session, tenant_id, window_id)
    if new is None:
        raise HTTPException(404, "no such window")
    runtime.worker.wake.set()
    return PlannedOut(window_id=window_id, new_documents=new)


# The re-sync reads Accurate back: 502 when Accurate could not be read (the windows were re-planned).
ACCURATE_FAILED: dict[int | str, dict[str, Any]] = {
    502: {"model": ErrorReply, "description": "Accurate could not be read back: the windows were re-planned, try again"}
}


@router.post("/resync", responses=ACCURATE_FAILED)
async def resync(tenant_id: str, body: ResyncIn, runtime: RuntimeDep) -> ResyncOut:
    """Re-plan the windows closed in [start, end): documents missing from the ledger are added, and
    posted documents Accurate no longer holds (looked up by number) are sent again."""
    if body.start.tzinfo is None or body.end.tzinfo is None:
        raise HTTPException(422, "start and end need a time zone")
    async with runtime.db.session() as session:
        windows, new = await window_verbs.resync(session, tenant_id, body.start, body.end)
    accurate = await runtime.gateway.client(tenant_id)
    try:
        again = (
            await send_again_lost(runtime.db, accurate, tenant_id, body.start, body.end) if accurate else []
        )
    except AccurateError as error:
        raise HTTPException(
            502, f"re-planned {windows} windows; Accurate could not be read back: {error}"
        ) from error
    if new or again:
        runtime.worker.wake.set()
    return ResyncOut(windows=windows, new_documents=new + len(again), sent_again=again)
