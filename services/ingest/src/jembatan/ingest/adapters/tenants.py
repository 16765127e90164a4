"""Tenants as ingest knows them: the store and its webhook secret (sealed at rest)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

from jembatan.platform.crypto import SecretBox
from jembatan.platform.db import Database
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from .tables import Tenant


async def save_tenant(db: Database, box: SecretBox, tenant_id: str, store_name: str, api_key: str) -> None:
    async with db.session() as session:
        tenant = await session.get(Tenant, tenant_id) or Tenant(
            tenant_id=tenant_id, store_name=store_name, api_key_sealed="", updated_at=datetime.now(UTC)
        )
        tenant.store_name = store_name
        tenant.api_key_sealed = box.seal(api_key)
        tenant.updated_at = datetime.now(UTC)
        session.add(tenant)


async def webhook_key(db: Database, box: SecretBox, tenant_id: str) -> str | None:
    """The store API key that signs this tenant's webhooks, or None for an unknown tenant."""
    sealed = await db.transaction(lambda session: _sealed_key(session, tenant_id))
    return box.open(sealed) if sealed is not None else None


async def _sealed_key(session: AsyncSession, tenant_id: str) -> str | None:
    return (await session.exec(select(Tenant.api_key_sealed).where(Tenant.tenant_id == tenant_id))).first()


class WebhookKeys:
    """The tenants' webhook keys, read and unsealed once and then kept in memory.

    A key is forgotten when this process saves the tenant, and at the latest `ttl` seconds after it
    was read (another replica may have saved it). A delivery that does not verify against a kept key
    asks for the stored one again (`fresh=True`), so a rotated key is picked up at its first use.
    Unknown tenants are not kept: a flood of made-up tenant ids cannot fill the memory."""

    def __init__(self, db: Database, box: SecretBox, *, ttl: float = 30.0, size: int = 10_000,
                 clock: Callable[[], float] = time.monotonic) -> None:  # fmt: skip
        self.db, self.box, self.ttl, self.size, self.clock = db, box, ttl, size, clock
        self._kept: dict[str, tuple[float, str]] = {}

    async def get(self, tenant_id: str, *, fresh: bool = False) -> str | None:
        kept = self._kept.get(tenant_id)
        if kept is not None and not fresh and self.clock() - kept[0] < self.ttl:
            return kept[1]
        key = await webhook_key(self.db, self.box, tenant_id)
        if key is None:
            self._kept.pop(tenant_id, None)
            return None
        if len(self._kept) >= self.size:
            self._kept.pop(next(iter(self._kept)))
        self._kept[tenant_id] = (self.clock(), key)
        return key

    def forget(self, tenant_id: str) -> None:
        self._kept.pop(tenant_id, None)
