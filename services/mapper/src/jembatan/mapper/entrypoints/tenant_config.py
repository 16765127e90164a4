"""`tenant.config.v1` → the mapper (its own consumer group), and the version it holds (admin API)."""

from __future__ import annotations

from fastapi import APIRouter
from jembatan.contracts import Envelope
from jembatan.contracts.tenant import TenantConfigured
from jembatan.platform.http import AdminOnly
from jembatan.platform.params import Key
from pydantic import BaseModel
from sqlmodel.ext.asyncio.session import AsyncSession

from ..adapters.tables import TenantRow
from ..service_layer.tenant_projection import project
from .deps import MapperDep

CONSUMER_NAME = "mapper.tenant-config"
router = APIRouter(prefix="/admin", tags=["tenant configuration"], dependencies=[AdminOnly])


class ProjectedOut(BaseModel):
    version: int | None  # None: nothing received from tenant.config.v1 for this tenant
    accurate_connected: bool


async def handle(session: AsyncSession, envelope: Envelope) -> None:
    if envelope.schema_ == "tenant.configured/1":
        await project(session, envelope.tenant_id, TenantConfigured.model_validate(envelope.payload))


@router.get("/tenants/{tenant_id}/configuration")
async def projected(tenant_id: Key, mapper: MapperDep) -> ProjectedOut:
    """Which version of the tenant's configuration the mapper holds (no secret)."""
    async with mapper.db.session() as session:
        row = await session.get(TenantRow, tenant_id)
    return ProjectedOut(
        version=row.config_version if row else None, accurate_connected=bool(row and row.accurate_connected)
    )
