"""Reading what the scheduler put in its outbox."""

from __future__ import annotations

from typing import Any

from jembatan.contracts import Envelope
from jembatan.platform.db import Database
from jembatan.platform.outbox import OutboxMessage
from sqlmodel import col, select


async def emitted_triggers(db: Database) -> list[dict[str, Any]]:
    """The payloads of every trigger in the outbox, oldest first."""
    async with db.session() as session:
        rows = (await session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id)))).all()
    envelopes = [Envelope.from_bytes(r.body) for r in rows]
    return [{**e.payload, "tenant": e.tenant_id} for e in envelopes]
