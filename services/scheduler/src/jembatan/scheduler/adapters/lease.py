"""A leader lease in the database: only its holder fires triggers."""

from __future__ import annotations

from datetime import datetime, timedelta

from jembatan.platform.db import Database
from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col

from .tables import LeaderLease


async def hold_lease(
    db: Database, holder: str, now: datetime, ttl: timedelta, name: str = "scheduler"
) -> bool:
    """Take or renew the lease; True when `holder` holds it until now + ttl."""
    async with db.session() as session:
        result = await session.execute(
            update(LeaderLease)
            .where(col(LeaderLease.name) == name)
            .where(or_(col(LeaderLease.holder) == holder, col(LeaderLease.expires_at) < now))
            .values(holder=holder, expires_at=now + ttl)
        )
        if result.rowcount:  # type: ignore[attr-defined]
            return True
        if await session.get(LeaderLease, name) is not None:
            return False
    try:
        async with db.session() as session:
            session.add(LeaderLease(name=name, holder=holder, expires_at=now + ttl))
    except IntegrityError:
        return False
    return True
