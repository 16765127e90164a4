"""The one place a tenant is configured: save what changed, then publish the whole configuration.

Each change bumps the tenant's version and queues `tenant.configured/1` (every secret sealed) on
`tenant.config.v1` in the same transaction (the outbox), so what ingest stores and what the other
services project never disagree for long. Checking the credentials against Accurate and iSeller
happens before (`entrypoints/admin_tenant_config.py`), outside the transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from jembatan.contracts import Envelope
from jembatan.contracts.envelope import stable_id
from jembatan.contracts.tenant import IsellerPull, TenantConfigured
from jembatan.contracts.topics import TENANT_CONFIG
from jembatan.platform.crypto import SecretBox
from jembatan.platform.db import Database
from jembatan.platform.outbox import add_to_outbox
from sqlmodel.ext.asyncio.session import AsyncSession

from ..adapters.credentials import Credentials, fill_connection
from ..adapters.tables import IsellerConnection, Tenant, TenantConfiguration

SCHEMA = "tenant.configured/1"


class NotCreated(LookupError):
    """The tenant does not exist yet, and the change does not create it."""


@dataclass(frozen=True)
class Change:
    """What the operator gave; None keeps what is stored. `accurate` is already sealed."""

    store_name: str | None = None
    webhook_key: str | None = None
    pull: Credentials | None = None
    accurate: dict[str, Any] | None = None


async def configure(db: Database, box: SecretBox, tenant_id: str, change: Change) -> TenantConfigured:
    """Apply `change` and queue the new configuration; raises NotCreated for an unknown tenant
    unless the change gives its store name and webhook key."""
    async with db.session() as session:
        tenant = await session.get(Tenant, tenant_id, with_for_update=True)
        if tenant is None:
            if not (change.store_name and change.webhook_key):
                raise NotCreated(
                    f"create the tenant {tenant_id} first: its store name and iSeller webhook key"
                )
            tenant = Tenant(tenant_id=tenant_id, store_name=change.store_name, api_key_sealed="",
                            updated_at=datetime.now(UTC))  # fmt: skip
        if change.store_name:
            tenant.store_name = change.store_name
        if change.webhook_key:
            tenant.api_key_sealed = box.seal(change.webhook_key)
        tenant.updated_at = datetime.now(UTC)
        session.add(tenant)
        if change.pull is not None:
            session.add(fill_connection(await session.get(IsellerConnection, tenant_id), box, change.pull))
        config = await _config_row(session, tenant_id)
        if change.accurate is not None:
            config.accurate = change.accurate
            config.oauth_pending_sealed = None
        return await publish_in(session, tenant, config)


async def republish(db: Database, tenant_id: str) -> TenantConfigured | None:
    """Publish the stored configuration again as a new version (after a change made outside
    `configure`, e.g. the older per-part admin routes); None for an unknown tenant."""
    async with db.session() as session:
        tenant = await session.get(Tenant, tenant_id, with_for_update=True)
        if tenant is None:
            return None
        return await publish_in(session, tenant, await _config_row(session, tenant_id))


async def keep_pending(db: Database, box: SecretBox, tenant_id: str, pending: dict[str, Any]) -> None:
    """Keep OAuth tokens the merchant granted until they choose the database (sealed)."""
    async with db.session() as session:
        if await session.get(Tenant, tenant_id) is None:
            raise NotCreated(f"create the tenant {tenant_id} first: its store name and iSeller webhook key")
        config = await _config_row(session, tenant_id)
        config.oauth_pending_sealed = box.seal(json.dumps(pending, default=str))
        config.updated_at = datetime.now(UTC)
        session.add(config)


async def pending(db: Database, box: SecretBox, tenant_id: str) -> dict[str, Any] | None:
    async with db.session() as session:
        config = await session.get(TenantConfiguration, tenant_id)
    if config is None or not config.oauth_pending_sealed:
        return None
    found: dict[str, Any] = json.loads(box.open(config.oauth_pending_sealed))
    return found


async def current(db: Database, tenant_id: str) -> TenantConfigured | None:
    """The configuration as last published (None for an unknown tenant)."""
    async with db.session() as session:
        tenant = await session.get(Tenant, tenant_id)
        if tenant is None:
            return None
        config = await session.get(TenantConfiguration, tenant_id)
        connection = await session.get(IsellerConnection, tenant_id)
    return _record(
        tenant, connection, config or TenantConfiguration(tenant_id=tenant_id, updated_at=datetime.now(UTC))
    )


async def _config_row(session: AsyncSession, tenant_id: str) -> TenantConfiguration:
    found = await session.get(TenantConfiguration, tenant_id, with_for_update=True)
    return found or TenantConfiguration(tenant_id=tenant_id, version=0, updated_at=datetime.now(UTC))


async def publish_in(session: AsyncSession, tenant: Tenant, config: TenantConfiguration) -> TenantConfigured:
    config.version += 1
    config.updated_at = datetime.now(UTC)
    session.add(config)
    await session.flush()
    record = _record(tenant, await session.get(IsellerConnection, tenant.tenant_id), config)
    add_to_outbox(session, TENANT_CONFIG, _envelope(tenant.tenant_id, record))
    return record


def _record(
    tenant: Tenant, connection: IsellerConnection | None, config: TenantConfiguration
) -> TenantConfigured:
    pull = None
    if connection is not None:
        pull = IsellerPull(oauth_url=connection.oauth_url, client_id=connection.client_id,
                           client_secret_sealed=connection.client_secret_sealed,
                           refresh_token_sealed=connection.refresh_token_sealed,
                           resource_url=connection.resource_url)  # fmt: skip
    return TenantConfigured.model_validate({
        "version": max(config.version, 1), "store_name": tenant.store_name,
        "webhook_key_sealed": tenant.api_key_sealed or None, "iseller_pull": pull, "accurate": config.accurate})  # fmt: skip


def _envelope(tenant_id: str, record: TenantConfigured) -> Envelope:
    message_id = stable_id(tenant_id, f"tenant-config:{record.version}", SCHEMA)
    now = datetime.now(UTC)
    return Envelope(id=message_id, type="tenant.configured", tenant_id=tenant_id, occurred_at=now,
                    correlation_id=message_id, schema_=SCHEMA, payload=record.model_dump(mode="json"))  # fmt: skip
