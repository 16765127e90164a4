"""Refreshing the Accurate master-data cache: on demand, before a mapping is checked, and on a schedule."""

from __future__ import annotations

import asyncio
import logging

from sqlmodel import col, select

from ..adapters import accurate_gateway, master_cache
from ..adapters.tables import TenantRow
from .context import Mapper

log = logging.getLogger(__name__)
ALL_KINDS = tuple(accurate_gateway.MASTER_KINDS)


async def refresh(mapper: Mapper, tenant_id: str, kinds: tuple[str, ...] = ALL_KINDS) -> dict[str, int]:
    """Fetch what changed since each kind's watermark; returns how many records came per kind."""
    counts = {}
    async with mapper.accurate(tenant_id) as client:
        for kind in kinds:
            async with mapper.db.session() as session:
                since = await master_cache.watermark(session, tenant_id, kind)
            rows = await accurate_gateway.list_masters(client, kind, since)
            async with mapper.db.session() as session:
                counts[kind] = await master_cache.store(session, tenant_id, kind, rows)
    return counts


async def refresh_forever(mapper: Mapper) -> None:
    """Refresh every connected tenant's cache every `master_refresh_seconds`."""
    while True:
        await asyncio.sleep(mapper.settings.master_refresh_seconds)
        async with mapper.db.session() as session:
            query = select(TenantRow.tenant_id).where(col(TenantRow.accurate_token).is_not(None))
            tenants = list((await session.exec(query)).all())
        for tenant_id in tenants:
            try:
                await refresh(mapper, tenant_id)
            except Exception as exc:  # the next tick tries again
                log.warning("master-data refresh failed", extra={"tenant_id": tenant_id, "error": repr(exc)})
