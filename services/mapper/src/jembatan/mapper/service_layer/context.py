"""What the mapper's use cases share: the database, settings, the secret box and the re-driver."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from jembatan.accurate import AccurateClient
from jembatan.platform.crypto import SecretBox
from jembatan.platform.db import Database

from ..adapters.accurate_gateway import accurate_for
from ..adapters.tables import TenantRow
from ..config import MapperSettings
from .redrive import Redriver


@dataclass
class Mapper:
    db: Database
    settings: MapperSettings
    secrets: SecretBox
    redriver: Redriver

    @asynccontextmanager
    async def accurate(self, tenant_id: str) -> AsyncIterator[AccurateClient]:
        """An Accurate client for the tenant (raises NotConnected when it has no connection)."""
        async with self.db.session() as session:
            row = await session.get(TenantRow, tenant_id)
        async with accurate_for(row, self.settings, self.secrets) as client:
            yield client

    async def connected(self, tenant_id: str) -> bool:
        async with self.db.session() as session:
            row = await session.get(TenantRow, tenant_id)
        return bool(row and row.accurate_connected)
