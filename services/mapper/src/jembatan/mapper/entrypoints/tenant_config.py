"""`tenant.config.v1` and `tenant.master-data.v1` → the mapper (its own consumer group); the version it
holds and the outlets it knows (admin API)."""

from __future__ import annotations

from fastapi import APIRouter
from jembatan.contracts import Envelope
from jembatan.contracts.tenant import MasterDataPulled, TenantConfigured
from jembatan.platform.consumer import Handler
from jembatan.platform.http import AdminOnly
from jembatan.platform.params import Key
from pydantic import BaseModel
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from ..adapters.tables import IsellerOutlet, TenantRow
from ..service_layer.context import Mapper
from ..service_layer.pulled_master_data import keep
from ..service_layer.tenant_projection import project
from .deps import MapperDep

CONSUMER_NAME = "mapper.tenant-config"
router = APIRouter(prefix="/admin", tags=["tenant configuration"], dependencies=[AdminOnly])


class ProjectedOut(BaseModel):
    version: int | None  # None: nothing received from tenant.config.v1 for this tenant
    accurate_connected: bool


def config_handler(mapper: Mapper) -> Handler:
    async def handle(session: AsyncSession, envelope: Envelope) -> None:
        if envelope.schema_ == "tenant.configured/1":
            await project(session, envelope.tenant_id, TenantConfigured.model_validate(envelope.payload))
        elif envelope.schema_ == "tenant.master_data_pulled/1":
            pulled = MasterDataPulled.model_validate(envelope.payload)
            if await keep(session, envelope.tenant_id, pulled) and pulled.kind == "product":
                mapper.redriver.poke(envelope.tenant_id)  # an order may have waited for its product

    return handle


class OutletOut(BaseModel):
    outlet_id: str
    outlet_code: str | None
    outlet_name: str


@router.get("/tenants/{tenant_id}/iseller-outlets")
async def iseller_outlets(tenant_id: Key, mapper: MapperDep) -> list[OutletOut]:
    """The tenant's iSeller outlets as ingest last pulled them (for pickers)."""
    async with mapper.db.session() as session:
        query = (
            select(IsellerOutlet)
            .where(IsellerOutlet.tenant_id == tenant_id)
            .order_by(col(IsellerOutlet.outlet_id))
        )
        rows = (await session.exec(query)).all()
    return [OutletOut.model_validate(r, from_attributes=True) for r in rows]


@router.get("/tenants/{tenant_id}/configuration")
async def projected(tenant_id: Key, mapper: MapperDep) -> ProjectedOut:
    """Which version of the tenant's configuration the mapper holds (no secret)."""
    async with mapper.db.session() as session:
        row = await session.get(TenantRow, tenant_id)
    return ProjectedOut(
        version=row.config_version if row else None, accurate_connected=bool(row and row.accurate_connected)
    )
