"""The mapper's part of "where is my order?": for the pos events ingest made of a delivery (their
ids are the join), whether each was mapped to a ledger fact or parked, and why."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from jembatan.contracts import stable_id
from jembatan.contracts.ledger import LEDGER_SCHEMAS
from jembatan.platform.consumer import ProcessedMessage
from jembatan.platform.http import AdminOnly
from jembatan.platform.outbox import OutboxMessage
from jembatan.platform.params import Key
from pydantic import BaseModel, StringConstraints
from sqlmodel import col, select

from ..adapters.tables import ParkedEvent
from .deps import MapperDep

EventId = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]+$")]

router = APIRouter(prefix="/admin/tenants/{tenant_id}/journey", tags=["journey"], dependencies=[AdminOnly])


class EventOutcome(BaseModel):
    event_id: str
    outcome: str  # mapped | parked | not seen | nothing to post
    handled_at: datetime | None
    reason: str | None  # why it is (or was) parked
    parked_at: datetime | None
    resolved_at: datetime | None  # a parked event re-driven after its mapping was fixed
    fact_ids: list[str]  # the ledger facts it became: the poster's held facts carry these ids


@router.get("", response_model=list[EventOutcome])
async def journey(
    tenant_id: Key, mapper: MapperDep, event_id: Annotated[list[EventId], Query(max_length=50)]
) -> list[EventOutcome]:
    """What became of each given pos event (ids from ingest's part of the journey)."""
    db = mapper.db
    candidates = {stable_id(e, schema): e for e in event_id for schema in LEDGER_SCHEMAS}
    async with db.session() as session:
        handled = {
            m.message_id: m.processed_at
            for m in (
                await session.exec(
                    select(ProcessedMessage).where(col(ProcessedMessage.message_id).in_(event_id))
                )
            )
        }
        parked = {
            p.message_id: p
            for p in (
                await session.exec(
                    select(ParkedEvent).where(
                        ParkedEvent.tenant_id == tenant_id, col(ParkedEvent.message_id).in_(event_id)
                    )
                )
            )
        }
        facts = (
            await session.exec(
                select(OutboxMessage.message_id).where(col(OutboxMessage.message_id).in_(candidates))
            )
        ).all()
    made: dict[str, list[str]] = {}
    for fact_id in facts:
        made.setdefault(candidates[fact_id], []).append(fact_id)
    return [_outcome(e, handled.get(e), parked.get(e), made.get(e, [])) for e in event_id]


def _outcome(
    event_id: str, handled: datetime | None, parked: ParkedEvent | None, facts: list[str]
) -> EventOutcome:
    if parked is not None and parked.resolved_at is None:
        outcome = "parked"
    elif facts:
        outcome = "mapped"
    else:
        outcome = "nothing to post" if handled else "not seen"
    return EventOutcome(
        event_id=event_id, outcome=outcome, handled_at=handled, reason=parked.reason if parked else None,
        parked_at=parked.parked_at if parked else None, resolved_at=parked.resolved_at if parked else None,
        fact_ids=facts,
    )  # fmt: skip
