"""The poster's readiness check "Accurate reachable per tenant": one light read per connected
tenant, remembered for a while so that probes do not spend the tenant's request budget."""

from __future__ import annotations

import asyncio
import time

from jembatan.accurate import AccurateClient
from jembatan.platform.db import Database
from sqlmodel import select

from .accurate_gateway import AccurateGateway
from .tables import AccurateConnection


class AccurateReachability:
    def __init__(self, db: Database, gateway: AccurateGateway, *, remember_seconds: float = 60.0) -> None:
        self.db, self.gateway, self.remember = db, gateway, remember_seconds
        self._known: dict[str, tuple[float, str | None]] = {}

    async def __call__(self) -> str | None:
        """None when every connected tenant's Accurate answered; else "tenant: reason; …"."""
        async with self.db.session() as session:
            tenants = sorted((await session.exec(select(AccurateConnection.tenant_id))).all())
        reasons = await asyncio.gather(*(self._reason(t) for t in tenants))
        failing = [f"{t}: {r}" for t, r in zip(tenants, reasons, strict=True) if r]
        return "; ".join(failing)[:300] if failing else None

    async def _reason(self, tenant_id: str) -> str | None:
        now = time.monotonic()
        known = self._known.get(tenant_id)
        if known and now - known[0] < self.remember:
            return known[1]
        client = await self.gateway.client(tenant_id)
        reason = None if client is None else await _probe(client)
        self._known[tenant_id] = (now, reason)
        return reason


PROBE_SECONDS = 2.0


async def _probe(client: AccurateClient) -> str | None:
    """One account row: the cheapest read that proves host, credentials and database all work."""
    try:
        await asyncio.wait_for(client.list("glaccount", ["no"], None, 1, 1), PROBE_SECONDS)
    except TimeoutError:
        return f"no answer within {PROBE_SECONDS:g}s"
    except Exception as error:  # the reason is the point of a readiness check
        return f"{type(error).__name__}: {error}"[:200]
    return None
