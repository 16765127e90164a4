"""Tenants as ingest knows them: the store and its webhook secret (sealed at rest)."""

from __future__ import annotations

from datetime import UTC, datetime

from jembatan.platform.crypto import SecretBox
from jembatan.platform.db import Database

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
    async with db.session() as session:
        tenant = await session.get(Tenant, tenant_id)
    return box.open(tenant.api_key_sealed) if tenant else None
