"""The outbox seen by an operator: what waits, what the broker refused (and sending it again).

Every service gets this router from `ServiceCore`; `recount_before_scrape` recounts the outbox just
before Prometheus reads `/metrics` (the `/metrics` route awaits it: no middleware on every request), so `jembatan_outbox_pending` is true at every scrape, whatever the relay
is doing (backing off from a dead broker included).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query
from pydantic import BaseModel
from sqlmodel import col, func, select

from .http import AdminOnly
from .outbox import OutboxDeadLetter, OutboxMessage, OutboxRelay

log = logging.getLogger(__name__)

RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]


class OutboxState(BaseModel):
    pending: int
    dead_letters: int


class DeadLetter(BaseModel):
    id: int
    topic: str
    key: str
    message_id: str
    bytes: int
    reason: str
    created_at: datetime
    dead_at: datetime


def outbox_router(relay: OutboxRelay) -> APIRouter:
    router = APIRouter(prefix="/admin/outbox", tags=["outbox"], dependencies=[AdminOnly])

    @router.get("")
    async def state() -> OutboxState:
        """How many messages wait to be relayed, and how many the broker refused."""
        pending = await relay.pending()
        async with relay.db.session() as session:
            dead = int((await session.exec(select(func.count()).select_from(OutboxDeadLetter))).one())
        return OutboxState(pending=pending, dead_letters=dead)

    @router.get("/dead-letters")
    async def dead_letters(
        limit: Annotated[int, Query(ge=1, le=500)] = 100,
        after_id: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
        tenant_id: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
    ) -> list[DeadLetter]:
        """Messages the broker refused for good, oldest first, with the broker's reason (the
        message key is the tenant id: `tenant_id` shows one tenant's)."""
        async with relay.db.session() as session:
            query = (
                select(OutboxDeadLetter)
                .where(col(OutboxDeadLetter.id) > after_id)
                .order_by(col(OutboxDeadLetter.id))
                .limit(limit)
            )
            if tenant_id is not None:
                query = query.where(col(OutboxDeadLetter.key) == tenant_id)
            rows = (await session.exec(query)).all()
        return [
            DeadLetter(
                id=r.id or 0, topic=r.topic, key=r.key, message_id=r.message_id, bytes=len(r.body),
                reason=r.reason, created_at=r.created_at, dead_at=r.dead_at,
            )
            for r in rows
        ]  # fmt: skip

    @router.post("/dead-letters/{dead_letter_id}/resend", status_code=202)
    async def resend(dead_letter_id: RowId) -> OutboxState:
        """Put a refused message back in the outbox (after the broker's limit was raised, say)."""
        async with relay.db.session() as session:
            row = await session.get(OutboxDeadLetter, dead_letter_id)
            if row is None:
                raise HTTPException(404, "no such dead letter")
            session.add(
                OutboxMessage(
                    topic=row.topic, key=row.key, message_id=row.message_id, body=row.body,
                    created_at=datetime.now(UTC),
                )
            )  # fmt: skip
            await session.delete(row)
        relay.nudge()
        return await state()

    return router


def recount_before_scrape(relay: OutboxRelay) -> Callable[[], Awaitable[None]]:
    """What `/metrics` awaits before it answers: the outbox recounted (the scrape still answers when
    the database is in trouble; that is logged)."""

    async def recount() -> None:
        try:
            await relay.pending()
        except Exception as exc:
            log.warning("could not count the outbox for a scrape", extra={"error": str(exc)})

    return recount
