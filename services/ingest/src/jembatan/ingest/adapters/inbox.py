"""Storing a delivery: inbox row and outbox rows in one transaction, exactly once per dedupe key."""

from __future__ import annotations

from datetime import datetime

from jembatan.contracts import Envelope
from jembatan.contracts.topics import POS_EVENTS
from jembatan.platform.db import Database
from jembatan.platform.outbox import add_to_outbox
from sqlalchemy import bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY, BYTEA, VARCHAR
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from ..domain.intake import Accepted, Unparseable, envelopes_for
from .repeats import count_repeat
from .tables import InboxEntry, InboxStatus


async def store_delivery(
    db: Database,
    tenant_id: str,
    kind: str,
    raw: bytes,
    decision: Accepted | Unparseable,
    received_at: datetime,
    source: str = "webhook",
) -> bool:
    """Store the delivery and its events in one transaction; False when its dedupe key was already
    stored (`INSERT ... ON CONFLICT DO NOTHING`, so concurrent twins are safe too)."""
    envelopes = envelopes_for(tenant_id, decision, received_at) if isinstance(decision, Accepted) else []
    values = {
        "tenant_id": tenant_id,
        "kind": kind,
        "dedupe_key": decision.dedupe_key,
        "source": source,
        "received_at": received_at,
        "body": raw,
        "status": str(InboxStatus.ACCEPTED if isinstance(decision, Accepted) else InboxStatus.PARKED),
        "reason": decision.reason if isinstance(decision, Unparseable) else None,
        "events": len(envelopes),
    }
    if db.is_postgres:
        return await db.transaction(lambda session: _store_in_one_statement(session, values, envelopes))
    statement = (
        sqlite_insert(InboxEntry)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["tenant_id", "dedupe_key"])
        .returning(col(InboxEntry.id))
    )
    async with db.session() as session:
        if (await session.execute(statement)).scalar_one_or_none() is None:
            await count_repeat(session, db.is_postgres, tenant_id, decision.dedupe_key, received_at)
            return False
        for envelope in envelopes:
            add_to_outbox(session, POS_EVENTS, envelope)
    return True


# The inbox row and its outbox rows in one statement: on PostgreSQL a webhook costs BEGIN, this,
# COMMIT — three round trips. A repeat inserts no inbox row, so the outbox insert selects nothing.
_STORE = text(
    """
    WITH entry AS (
        INSERT INTO inbox (tenant_id, kind, dedupe_key, source, received_at, body, status, reason, events)
        VALUES (:tenant_id, :kind, :dedupe_key, :source, :received_at, :body, :status, :reason, :events)
        ON CONFLICT (tenant_id, dedupe_key) DO NOTHING
        RETURNING id
    ), queued AS (
        INSERT INTO outbox (topic, key, message_id, body, created_at)
        SELECT :topic, :tenant_id, event.message_id, event.body, :received_at
        FROM entry, unnest(:message_ids, :bodies) WITH ORDINALITY AS event(message_id, body, n)
        ORDER BY event.n
        RETURNING 1
    )
    SELECT id FROM entry
    """
).bindparams(
    bindparam("message_ids", type_=ARRAY(VARCHAR)),
    bindparam("bodies", type_=ARRAY(BYTEA)),
)


async def _store_in_one_statement(
    session: AsyncSession, values: dict[str, object], envelopes: list[Envelope]
) -> bool:
    parameters = {
        **values,
        "topic": POS_EVENTS,
        "message_ids": [envelope.id for envelope in envelopes],
        "bodies": [envelope.to_bytes() for envelope in envelopes],
    }
    connection = await session.connection()
    if (await connection.execute(_STORE, parameters)).scalar_one_or_none() is not None:
        return True
    # a repeat: counted for "where is my order?" (how often iSeller delivered it)
    tenant_id, dedupe_key, received_at = values["tenant_id"], values["dedupe_key"], values["received_at"]
    assert isinstance(tenant_id, str) and isinstance(dedupe_key, str) and isinstance(received_at, datetime)
    await count_repeat(session, True, tenant_id, dedupe_key, received_at)
    return False


async def replace_decision(
    db: Database, entry_id: int, decision: Accepted | Unparseable, now: datetime
) -> InboxEntry:
    """Apply a fresh reading of a stored delivery (replay). Its events get the same stable ids
    as before, so a replay of something already relayed is a no-op downstream."""
    async with db.session() as session:
        entry = await session.get(InboxEntry, entry_id)
        assert entry is not None
        if isinstance(decision, Unparseable):
            entry.reason = decision.reason
            return entry
        twin = (
            await session.exec(
                select(InboxEntry).where(
                    InboxEntry.tenant_id == entry.tenant_id,
                    InboxEntry.dedupe_key == decision.dedupe_key,
                    InboxEntry.id != entry_id,
                )
            )
        ).first()
        if twin is None:
            entry.dedupe_key = decision.dedupe_key
        entry.status = InboxStatus.ACCEPTED
        entry.reason = None if twin is None else f"same delivery as inbox entry {twin.id}"
        envelopes = envelopes_for(entry.tenant_id, decision, entry.received_at)
        entry.events = len(envelopes)
        for envelope in envelopes:
            add_to_outbox(session, POS_EVENTS, envelope)
        session.add(entry)
        return entry
