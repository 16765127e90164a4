"""Replay stored deliveries: read the raw bytes again (after an upgrade, or to re-drive downstream).

Replaying is always safe: a delivery's events keep their stable ids, so a replay of something
already relayed is a repeat downstream (DESIGN.md §3.4).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from jembatan.platform.db import Database
from sqlmodel import col, select

from ..adapters.inbox import replace_decision
from ..adapters.tables import InboxEntry, InboxStatus
from ..domain.intake import admit


@dataclass
class ReplayReport:
    replayed: int = 0
    accepted: int = 0
    still_parked: int = 0


async def replay_entry(db: Database, entry: InboxEntry) -> InboxEntry:
    assert entry.id is not None
    return await replace_decision(db, entry.id, admit(entry.kind, entry.body), datetime.now(UTC))


async def replay_range(
    db: Database, tenant_id: str, start: datetime, end: datetime, *, parked_only: bool = True
) -> ReplayReport:
    """Replay the tenant's deliveries received in `[start, end)` (only the parked ones by default)."""
    query = select(InboxEntry).where(
        InboxEntry.tenant_id == tenant_id,
        col(InboxEntry.received_at) >= start,
        col(InboxEntry.received_at) < end,
    )
    if parked_only:
        query = query.where(InboxEntry.status == InboxStatus.PARKED)
    async with db.session() as session:
        entries = (await session.exec(query.order_by(col(InboxEntry.id)))).all()
    report = ReplayReport()
    for entry in entries:
        updated = await replay_entry(db, entry)
        report.replayed += 1
        if updated.status == InboxStatus.ACCEPTED:
            report.accepted += 1
        else:
            report.still_parked += 1
    return report
