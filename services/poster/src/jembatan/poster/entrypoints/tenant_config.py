"""`tenant.config.v1` → the poster's Accurate connection (its own consumer group), and the version it
holds (admin API). Once the new connection is committed the tenant's cached client is dropped and
documents waiting on the old one are tried again."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from jembatan.contracts import Envelope
from jembatan.contracts.tenant import AccurateApiToken, TenantConfigured
from jembatan.platform.consumer import Handler
from jembatan.platform.db import take_turns
from jembatan.platform.http import AdminOnly
from jembatan.platform.params import Key
from pydantic import BaseModel
from sqlalchemy import event
from sqlmodel.ext.asyncio.session import AsyncSession

from ..adapters.tables import AccurateConnection, connection_lock
from .deps import Runtime

CONSUMER_NAME = "poster.tenant-config"
router = APIRouter(prefix="/admin", tags=["tenant configuration"], dependencies=[AdminOnly])


class ProjectedOut(BaseModel):
    version: int | None  # None: nothing received from tenant.config.v1 (or connected directly)
    accurate_connected: bool


def config_handler(connected: Callable[[str], Coroutine[Any, Any, None]]) -> Handler:
    """Project each record; `connected(tenant)` runs after the commit of a changed connection."""
    tasks: set[asyncio.Task[Any]] = set()

    async def handle(session: AsyncSession, envelope: Envelope) -> None:
        if envelope.schema_ != "tenant.configured/1":
            return
        if await project(session, envelope.tenant_id, TenantConfigured.model_validate(envelope.payload)):
            tenant = envelope.tenant_id

            def after_commit(_: Any) -> None:
                task = asyncio.get_running_loop().create_task(connected(tenant))
                tasks.add(task)
                task.add_done_callback(tasks.discard)

            event.listen(session.sync_session, "after_commit", after_commit, once=True)

    return handle


async def project(session: AsyncSession, tenant_id: str, record: TenantConfigured) -> bool:
    """Keep the record's Accurate connection unless a newer version is kept; True when it changed.
    A record without one leaves a connection given directly (`PUT .../accurate`) alone."""
    if record.accurate is None:
        return False
    await take_turns(session, connection_lock(tenant_id))
    row = await session.get(AccurateConnection, tenant_id)
    if row and row.config_version is not None and row.config_version >= record.version:
        return False
    a = record.accurate
    row = row or AccurateConnection(tenant_id=tenant_id, account_url=a.account_url, token_sealed="",
                                    signature_secret_sealed="", updated_at=datetime.now(UTC))  # fmt: skip
    row.account_url = a.account_url
    if isinstance(a, AccurateApiToken):
        row.token_sealed, row.signature_secret_sealed, row.oauth = (
            a.api_token_sealed,
            a.signature_secret_sealed,
            None,
        )
    else:
        row.token_sealed, row.signature_secret_sealed, row.oauth = "", "", a.model_dump(mode="json")
    row.config_version, row.updated_at = record.version, datetime.now(UTC)
    session.add(row)
    return True


@router.get("/tenants/{tenant_id}/configuration")
async def projected(tenant_id: Key, request: Request) -> ProjectedOut:
    """Which version of the tenant's configuration the poster holds (no secret)."""
    runtime: Runtime = request.app.state.runtime
    async with runtime.db.session() as session:
        row = await session.get(AccurateConnection, tenant_id)
    return ProjectedOut(version=row.config_version if row else None, accurate_connected=row is not None)
