"""Re-driving parked events: after a mapping or catalogue change, and on demand."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime

from jembatan.contracts import Envelope
from jembatan.platform.db import Database
from sqlmodel import select

from ..adapters import repository
from ..adapters.tables import ParkedEvent
from .handlers import map_event

log = logging.getLogger(__name__)


async def redrive_parked(db: Database, tenant_id: str) -> int:
    """Try every unresolved parked event of a tenant again, oldest first; returns how many became facts.

    Each event is re-mapped in its own transaction with its parked row locked (PostgreSQL), and the
    fact id is derived from the event id, so concurrent or repeated re-drives make one fact."""
    async with db.session() as session:
        ids = [row.id for row in await repository.unresolved(session, tenant_id)]
    made = 0
    for parked_id in ids:
        async with db.session() as session:
            query = select(ParkedEvent).where(ParkedEvent.id == parked_id)
            if db.is_postgres:
                query = query.with_for_update()
            fresh = (await session.exec(query)).first()
            if fresh is None or fresh.resolved_at is not None:
                continue
            if await map_event(session, Envelope.from_bytes(fresh.envelope)):
                fresh.resolved_at = datetime.now(UTC)
                session.add(fresh)
                made += 1
    return made


class Redriver:
    """A background loop that re-drives a tenant's parked events when something may have fixed them."""

    def __init__(self, db: Database, interval: float = 300.0) -> None:
        self.db = db
        self.interval = interval
        self._due: set[str] = set()
        self._wake = asyncio.Event()

    def poke(self, tenant_id: str) -> None:
        """Ask for a re-drive of `tenant_id` soon (e.g. a new customer may unblock a payment)."""
        self._due.add(tenant_id)
        self._wake.set()

    async def run(self) -> None:
        """Re-drive poked tenants at once, and every tenant with parked events every `interval`."""
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self.interval)
            self._wake.clear()
            due, self._due = self._due, set()
            if not due:
                async with self.db.session() as session:
                    due = set(await repository.tenants_with_parked(session))
            for tenant_id in sorted(due):
                try:
                    await redrive_parked(self.db, tenant_id)
                except Exception as exc:  # the next poke or tick tries again
                    log.warning("re-drive failed", extra={"tenant_id": tenant_id, "error": repr(exc)})
