"""Storing a delivery: inbox row and outbox rows in one transaction, exactly once per dedupe key."""

from __future__ import annotations

from datetime import datetime

from jembatan.contracts.topics import POS_EVENTS
from jembatan.platform.db import Database
from jembatan.platform.outbox import add_to_outbox
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from ..domain.intake import Accepted, Unparseable, envelopes_for
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
    """Store the delivery; returns False when the same dedupe key was already stored."""
    entry = InboxEntry(
        tenant_id=tenant_id,
        kind=kind,
        dedupe_key=decision.dedupe_key,
        source=source,
        received_at=received_at,
        body=raw,
        status=InboxStatus.ACCEPTED if isinstance(decision, Accepted) else InboxStatus.PARKED,
        reason=decision.reason if isinstance(decision, Unparseable) else None,
    )
    if await _already_stored(db, tenant_id, decision.dedupe_key):
        return False
    try:
        async with db.session() as session:
            session.add(entry)
            if isinstance(decision, Accepted):
                envelopes = envelopes_for(tenant_id, decision, received_at)
                entry.events = len(envelopes)
                for envelope in envelopes:
                    add_to_outbox(session, POS_EVENTS, envelope)
    except IntegrityError:  # a concurrent twin won the race
        return False
    return True


async def _already_stored(db: Database, tenant_id: str, key: str) -> bool:
    async with db.session() as session:
        query = select(InboxEntry.id).where(InboxEntry.tenant_id == tenant_id, InboxEntry.dedupe_key == key)
        return (await session.exec(query)).first() is not None


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
