"""Pulled master data (products, outlets, register shifts) and what the inbox already holds."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from jembatan.platform.db import Database
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from .tables import InboxEntry, PulledRecord


async def keep_latest(db: Database, tenant_id: str, kind: str, items: Iterable[tuple[str, bytes]]) -> int:
    """Upsert (source id, raw JSON) pairs of `kind`; returns how many were given."""
    items = list(items)
    if not items:
        return 0
    async with db.session() as session:
        return await keep_latest_in(session, tenant_id, kind, items, datetime.now(UTC))


async def keep_latest_in(
    session: AsyncSession, tenant_id: str, kind: str, items: list[tuple[str, bytes]], now: datetime
) -> int:
    """`keep_latest` inside the caller's transaction."""
    ids = [source_id for source_id, _ in items]
    query = select(PulledRecord).where(
        PulledRecord.tenant_id == tenant_id,
        PulledRecord.kind == kind,
        col(PulledRecord.source_id).in_(ids),
    )
    existing = {row.source_id: row for row in (await session.exec(query)).all()}
    for source_id, body in items:
        row = existing.get(source_id) or PulledRecord(
            tenant_id=tenant_id, kind=kind, source_id=source_id, body=body, pulled_at=now
        )
        row.body, row.pulled_at = body, now
        session.add(row)
    return len(items)


async def known_keys(db: Database, tenant_id: str, keys: Iterable[str]) -> set[str]:
    """The dedupe keys among `keys` the inbox already holds for the tenant."""
    keys = list(keys)
    if not keys:
        return set()
    async with db.session() as session:
        query = select(InboxEntry.dedupe_key).where(
            InboxEntry.tenant_id == tenant_id, col(InboxEntry.dedupe_key).in_(keys)
        )
        return set((await session.exec(query)).all())


async def list_pulled(db: Database, tenant_id: str, kind: str, limit: int = 500) -> list[PulledRecord]:
    async with db.session() as session:
        query = select(PulledRecord).where(PulledRecord.tenant_id == tenant_id, PulledRecord.kind == kind)
        return list((await session.exec(query.order_by(col(PulledRecord.id)).limit(limit))).all())
