"""The poster's admin API (bearer token): the Accurate connection, the activity log, retries."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query
from jembatan.platform.db import take_turns
from jembatan.platform.http import AdminOnly
from jembatan.platform.params import Credential, Key, WebUrl
from pydantic import BaseModel
from sqlmodel import col, select

from ..adapters.posting_ledger import SqlPostingLedger
from ..adapters.tables import AccurateConnection, Posting, connection_lock
from ..domain.drafts import ActivityKind
from ..domain.posting import State
from ..service_layer.activity import ActivityFilter, CannotRetry, activity, retry_document, retry_failed
from .deps import RuntimeDep

router = APIRouter(prefix="/admin", tags=["admin"], dependencies=[AdminOnly])

MAX_PAGE = 1000


DocumentKey = Annotated[str, Path(min_length=1, max_length=300, pattern=r"^[^\x00-\x1f\x7f]+$")]


class ConnectionIn(BaseModel):
    account_url: WebUrl = "https://account.accurate.id"
    api_token: Credential
    signature_secret: Credential


class DocumentOut(BaseModel):
    document_key: str
    document_type: str
    number: str
    state: str
    accurate_id: int | None
    message: str | None
    attempts: int
    depends_on: str | None
    source_ids: list[str]
    occurred_at: datetime
    updated_at: datetime
    kind: str
    outlet_id: str | None
    window_id: str | None
    fact_ids: list[str]
    next_attempt_at: datetime | None


class ActivityOut(BaseModel):
    total: int
    limit: int
    offset: int
    documents: list[DocumentOut]


class Refusal(BaseModel):
    document_key: str
    reason: str


class RetryOut(BaseModel):
    retried: list[DocumentOut]
    refused: list[Refusal]


def _out(document: Posting) -> DocumentOut:
    return DocumentOut.model_validate(document, from_attributes=True)


def activity_filter(
    tenant_id: str | None = None,
    outlet_id: str | None = None,
    kind: ActivityKind | None = None,
    state: State | None = None,
    since: datetime | None = Query(None, description="business time from (inclusive, ISO 8601 with zone)"),
    until: datetime | None = Query(None, description="business time to (exclusive)"),
) -> ActivityFilter:
    for bound in (since, until):
        if bound is not None and bound.tzinfo is None:
            raise HTTPException(422, "since/until need a time zone (e.g. 2026-11-25T00:00:00+07:00)")
    if since is not None and until is not None and until <= since:
        raise HTTPException(422, "until must be after since")
    return ActivityFilter(
        tenant_id,
        outlet_id,
        kind.value if kind else None,
        state.value if state else None,
        since.astimezone(UTC) if since else None,
        until.astimezone(UTC) if until else None,
    )


Filter = Annotated[ActivityFilter, Depends(activity_filter)]


@router.put("/tenants/{tenant_id}/accurate", status_code=204)
async def connect_accurate(tenant_id: Key, body: ConnectionIn, runtime: RuntimeDep) -> None:
    """Connect a tenant's Accurate database with an API token (secrets sealed at rest)."""
    async with runtime.db.session() as session:
        await take_turns(session, connection_lock(tenant_id))
        await session.merge(
            AccurateConnection(
                tenant_id=tenant_id,
                account_url=body.account_url,
                token_sealed=runtime.secrets.seal(body.api_token),
                signature_secret_sealed=runtime.secrets.seal(body.signature_secret),
                updated_at=datetime.now(UTC),
            )
        )
    await runtime.gateway.forget(tenant_id)
    await SqlPostingLedger(runtime.db).resume(tenant_id)
    runtime.worker.failures.pop(tenant_id, None)
    runtime.worker.wake.set()


@router.get("/activity")
async def activity_log(
    runtime: RuntimeDep,
    where: Filter,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> ActivityOut:
    """Every document: kind, outlet, window, source ids, state, attempts, next attempt, Accurate's
    number, id and message; filtered by tenant, outlet, kind, state and business-time range."""
    async with runtime.db.session() as session:
        page = await activity(session, where, limit=limit, offset=offset)
    return ActivityOut(
        total=page.total, limit=limit, offset=offset, documents=[_out(d) for d in page.documents]
    )


@router.get("/tenants/{tenant_id}/documents")
async def list_documents(
    tenant_id: Key,
    runtime: RuntimeDep,
    state: State | None = None,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 200,
) -> list[DocumentOut]:
    query = select(Posting).where(Posting.tenant_id == tenant_id)
    if state:
        query = query.where(Posting.state == state.value)
    async with runtime.db.session() as session:
        rows = (await session.exec(query.order_by(col(Posting.created_at).desc()).limit(limit))).all()
    return [_out(r) for r in rows]


@router.post("/tenants/{tenant_id}/documents/retry-failed")
async def retry_all_failed(tenant_id: Key, runtime: RuntimeDep, where: Filter) -> RetryOut:
    """Retry every failed document of the tenant (optionally only those matching the filter)."""
    scoped = ActivityFilter(tenant_id, where.outlet_id, where.kind, None, where.since, where.until)
    async with runtime.db.session() as session:
        retried, refused = await retry_failed(session, scoped, runtime.replanner)
    runtime.worker.wake.set()
    return RetryOut(
        retried=[_out(d) for d in retried],
        refused=[Refusal(document_key=d.document_key, reason=reason) for d, reason in refused],
    )


@router.post("/tenants/{tenant_id}/documents/{document_key}/retry")
async def retry(tenant_id: Key, document_key: DocumentKey, runtime: RuntimeDep) -> DocumentOut:
    """Send a failed document again, rebuilt from its facts (after the merchant fixed the cause)."""
    async with runtime.db.session() as session:
        doc = await session.get(Posting, document_key)
        if doc is None or doc.tenant_id != tenant_id:
            raise HTTPException(404, "no such document")
        try:
            await retry_document(session, doc, runtime.replanner)
        except CannotRetry as exc:
            raise HTTPException(409, str(exc)) from exc
    runtime.worker.wake.set()
    return _out(doc)
