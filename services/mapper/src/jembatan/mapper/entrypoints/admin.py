"""The mapper's admin API (bearer token): outlet mappings, the catalogue, parked events."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Request
from jembatan.platform.db import Database
from jembatan.platform.http import AdminOnly
from pydantic import BaseModel

from ..adapters import repository
from ..adapters.tables import CatalogueItem, OutletMappingRow
from ..domain.mapping import OutletMapping
from ..service_layer.redrive import redrive_parked

router = APIRouter(prefix="/admin", tags=["admin"], dependencies=[AdminOnly])


class CatalogueEntry(BaseModel):
    sku: str
    item_no: str
    name: str = ""


class ParkedOut(BaseModel):
    id: int
    message_id: str
    schema_name: str
    reason: str
    parked_at: datetime


class Redriven(BaseModel):
    facts_made: int


def _db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


@router.put("/tenants/{tenant_id}/outlets/{outlet_id}")
async def put_outlet(tenant_id: str, outlet_id: str, mapping: OutletMapping, request: Request) -> Redriven:
    """Save an outlet's mapping, then re-drive what was parked waiting for it."""
    async with _db(request).session() as session:
        row = await session.get(OutletMappingRow, (tenant_id, outlet_id))
        row = row or OutletMappingRow(
            tenant_id=tenant_id, outlet_id=outlet_id, mapping={}, updated_at=datetime.now(UTC)
        )
        row.mapping, row.updated_at = mapping.model_dump(mode="json"), datetime.now(UTC)
        session.add(row)
    return Redriven(facts_made=await redrive_parked(_db(request), tenant_id))


@router.put("/tenants/{tenant_id}/catalogue")
async def put_catalogue(tenant_id: str, entries: list[CatalogueEntry], request: Request) -> Redriven:
    async with _db(request).session() as session:
        for entry in entries:
            session.add(await session.merge(CatalogueItem(tenant_id=tenant_id, **entry.model_dump())))
    return Redriven(facts_made=await redrive_parked(_db(request), tenant_id))


@router.get("/tenants/{tenant_id}/parked")
async def list_parked(tenant_id: str, request: Request) -> list[ParkedOut]:
    async with _db(request).session() as session:
        rows = await repository.unresolved(session, tenant_id)
    return [ParkedOut.model_validate(r, from_attributes=True) for r in rows]


@router.post("/tenants/{tenant_id}/parked/redrive")
async def redrive(tenant_id: str, request: Request) -> Redriven:
    return Redriven(facts_made=await redrive_parked(_db(request), tenant_id))
