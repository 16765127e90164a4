"""The poster's admin API (bearer token): the Accurate connection, documents, retry."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, Request
from jembatan.platform.http import AdminOnly
from jembatan.platform.params import Credential, Key, WebUrl
from pydantic import BaseModel
from sqlmodel import col, select

from ..adapters.tables import AccurateConnection, Posting
from ..domain.posting import State, transition
from .deps import Runtime

router = APIRouter(prefix="/admin", tags=["admin"], dependencies=[AdminOnly])


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


def _runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


@router.put("/tenants/{tenant_id}/accurate", status_code=204)
async def connect_accurate(tenant_id: Key, body: ConnectionIn, request: Request) -> None:
    """Connect a tenant's Accurate database with an API token (secrets sealed at rest)."""
    runtime = _runtime(request)
    async with runtime.db.session() as session:
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
    runtime.worker.wake.set()


@router.get("/tenants/{tenant_id}/documents")
async def list_documents(
    tenant_id: Key,
    request: Request,
    state: State | None = None,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 200,
) -> list[DocumentOut]:
    query = select(Posting).where(Posting.tenant_id == tenant_id)
    if state:
        query = query.where(Posting.state == state)
    async with _runtime(request).db.session() as session:
        rows = (await session.exec(query.order_by(col(Posting.created_at).desc()).limit(limit))).all()
    return [DocumentOut.model_validate(r, from_attributes=True) for r in rows]


@router.post("/tenants/{tenant_id}/documents/{document_key}/retry")
async def retry(tenant_id: Key, document_key: DocumentKey, request: Request) -> DocumentOut:
    """Send a failed document again (after the merchant fixed what Accurate complained about)."""
    runtime = _runtime(request)
    async with runtime.db.session() as session:
        doc = await session.get(Posting, document_key)
        if doc is None or doc.tenant_id != tenant_id:
            raise HTTPException(404, "no such document")
        if doc.state != State.FAILED:
            raise HTTPException(409, f"only failed documents can be retried; this one is {doc.state}")
        doc.state = transition(State.FAILED, State.PLANNED)
        doc.updated_at = datetime.now(UTC)
        session.add(doc)
    runtime.worker.wake.set()
    return DocumentOut.model_validate(doc, from_attributes=True)
