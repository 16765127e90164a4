"""Ingest's part of "where is my order?": every delivery that names an iSeller id, how often it
came, whether it was read or parked (why), and the ids of the events it became (the mapper's join)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends
from jembatan.contracts import stable_id
from jembatan.platform.http import AdminOnly
from jembatan.platform.params import Key
from pydantic import BaseModel
from sqlmodel import col, or_, select

from ..adapters.repeats import RepeatedDelivery
from ..adapters.tables import InboxEntry, InboxStatus
from ..domain.intake import Accepted, admit, envelopes_for
from .deps import Runtime, runtime_of

router = APIRouter(prefix="/admin/tenants/{tenant_id}/journey", tags=["journey"], dependencies=[AdminOnly])


class Delivery(BaseModel):
    inbox_id: int
    kind: str
    dedupe_key: str  # <kind>:<iSeller id>:<state>
    source: str  # webhook | pull
    status: str  # accepted | parked
    reason: str | None
    first_received_at: datetime
    deliveries: int  # the first and every repeat answered "duplicate"
    last_received_at: datetime
    correlation_id: str | None  # carried by every event (and fact) this delivery became
    event_ids: list[str]  # the pos events' ids: the mapper's consumer keys


@router.get("/{iseller_id}", response_model=list[Delivery])
async def journey(
    tenant_id: Key, iseller_id: Key, runtime: Annotated[Runtime, Depends(runtime_of)]
) -> list[Delivery]:
    """Deliveries whose key names the id, and parked deliveries whose body contains it."""
    pattern = "%:" + iseller_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + ":%"
    in_body = col(InboxEntry.body).op("LIKE")(sa.literal(b"%" + iseller_id.encode() + b"%", sa.LargeBinary))
    query = (
        select(InboxEntry, RepeatedDelivery)
        .join(
            RepeatedDelivery,
            sa.and_(
                col(RepeatedDelivery.tenant_id) == col(InboxEntry.tenant_id),
                col(RepeatedDelivery.dedupe_key) == col(InboxEntry.dedupe_key),
            ),
            isouter=True,
        )
        .where(
            InboxEntry.tenant_id == tenant_id,
            or_(
                col(InboxEntry.dedupe_key).like(pattern, escape="\\"),
                sa.and_(col(InboxEntry.status) == InboxStatus.PARKED, in_body),
            ),
        )
        .order_by(col(InboxEntry.received_at))
    )
    async with runtime.db.session() as session:
        rows = (await session.exec(query)).all()
    return [_delivery(tenant_id, entry, repeat) for entry, repeat in rows]


def _delivery(tenant_id: str, entry: InboxEntry, repeat: RepeatedDelivery | None) -> Delivery:
    decision = admit(entry.kind, entry.body)
    accepted = isinstance(decision, Accepted) and entry.status == InboxStatus.ACCEPTED
    events = envelopes_for(tenant_id, decision, entry.received_at) if isinstance(decision, Accepted) else []
    assert entry.id is not None
    return Delivery(
        inbox_id=entry.id, kind=entry.kind, dedupe_key=entry.dedupe_key, source=entry.source, status=entry.status,
        reason=entry.reason, first_received_at=entry.received_at, deliveries=1 + (repeat.repeats if repeat else 0),
        last_received_at=repeat.last_received_at if repeat else entry.received_at,
        correlation_id=stable_id(tenant_id, entry.dedupe_key) if accepted else None,
        event_ids=[e.id for e in events] if accepted else [],
    )  # fmt: skip
