"""A leader lease in the database: only its holder fires triggers; a dead holder's lease runs out
and the next replica to ask takes it over."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from jembatan.platform.db import Database
from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from .tables import LeaderLease

LEASE = "scheduler"


@dataclass(frozen=True)
class LeaseState:
    held: bool  # by the replica that asked
    expires_at: datetime  # when the current holder's lease runs out unless renewed


async def hold_lease(
    db: Database, holder: str, now: datetime, ttl: timedelta, name: str = LEASE
) -> LeaseState:
    """Take or renew the lease for `holder` until now + ttl, unless another replica holds it."""
    async with db.session() as session:
        result = await session.execute(
            update(LeaderLease)
            .where(col(LeaderLease.name) == name)
            .where(or_(col(LeaderLease.holder) == holder, col(LeaderLease.expires_at) <= now))
            .values(holder=holder, expires_at=now + ttl)
        )
        if result.rowcount:  # type: ignore[attr-defined]
            return LeaseState(held=True, expires_at=now + ttl)
        current = await session.get(LeaderLease, name)
        if current is not None:
            return LeaseState(held=False, expires_at=current.expires_at)
    try:
        async with db.session() as session:
            session.add(LeaderLease(name=name, holder=holder, expires_at=now + ttl))
    except IntegrityError:  # another replica created it first
        return LeaseState(held=False, expires_at=now + ttl)
    return LeaseState(held=True, expires_at=now + ttl)


async def still_holds(session: AsyncSession, holder: str, now: datetime, name: str = LEASE) -> bool:
    """Inside the firing transaction: the lease row locked, and `holder` still holding it (a replica
    that paused past its lease must not fire beside its successor)."""
    query = select(LeaderLease).where(col(LeaderLease.name) == name).with_for_update()
    lease = (await session.exec(query)).first()
    return lease is not None and lease.holder == holder and lease.expires_at > now
