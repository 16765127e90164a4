"""The poster's part of "where is my order?": the facts it holds for an iSeller id, the windows
they are in, and the documents they became (states, Accurate numbers and ids, refusals)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from fastapi import APIRouter
from jembatan.platform.http import AdminOnly
from jembatan.platform.params import Key
from pydantic import BaseModel
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import col, select

from ..adapters.tables import Posting
from ..adapters.window_tables import HeldFact
from .deps import RuntimeDep

router = APIRouter(prefix="/admin/tenants/{tenant_id}/journey", tags=["journey"], dependencies=[AdminOnly])

FACT_KINDS = (
    "order",
    "refund",
    "shift",
    "transfer",
    "payout",
    "customer",
    "customer-payment",
    "adjustment",
    "count",
)


class HeldOut(BaseModel):
    fact_key: str
    schema_name: str
    envelope_id: str  # the mapper's fact id: joins to the mapper's part
    window_id: str | None
    late: bool
    received_at: datetime


class DocumentOut(BaseModel):
    document_key: str
    document_type: str
    number: str
    state: str
    accurate_id: int | None
    message: str | None
    attempts: int
    window_id: str | None
    updated_at: datetime
    kind: str | None = None  # the activity kind (order sync, receipt, …): Activity's filter
    outlet_id: str | None = None
    occurred_at: datetime | None = None  # business time: the day Activity lists it under


class PosterJourney(BaseModel):
    facts: list[HeldOut]
    documents: list[DocumentOut]


@router.get("/{iseller_id}", response_model=PosterJourney)
async def journey(tenant_id: Key, iseller_id: Key, runtime: RuntimeDep) -> PosterJourney:
    """What the poster holds and posted for one iSeller id (order, refund, shift, transfer, payout, customer)."""
    keys = [f"{kind}:{iseller_id}" for kind in FACT_KINDS]
    async with runtime.db.session() as session:
        held = (
            await session.exec(
                select(HeldFact).where(HeldFact.tenant_id == tenant_id, col(HeldFact.fact_key).in_(keys))
            )
        ).all()
        postings = (
            await session.exec(
                select(Posting)
                .where(Posting.tenant_id == tenant_id, _lists(runtime.db.is_postgres, iseller_id))
                .order_by(col(Posting.created_at))
            )
        ).all()
    return PosterJourney(
        facts=[HeldOut.model_validate(h, from_attributes=True) for h in held],
        documents=[DocumentOut.model_validate(p, from_attributes=True) for p in postings],
    )


def _lists(postgres: bool, iseller_id: str) -> sa.ColumnElement[bool]:
    """`source_ids` holds the id (a JSON containment test on PostgreSQL; a text match elsewhere)."""
    column = col(Posting.source_ids)
    if postgres:
        return sa.cast(column, JSONB).contains([iseller_id])
    return sa.cast(column, sa.String).contains(f'"{iseller_id}"')
