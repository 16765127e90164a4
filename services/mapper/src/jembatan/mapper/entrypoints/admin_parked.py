"""Admin routes for parked events: list them with their reasons, re-drive on demand."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from jembatan.platform.http import AdminOnly
from jembatan.platform.params import Key
from pydantic import BaseModel

from ..adapters import repository
from ..service_layer.redrive import redrive_parked
from .deps import MapperDep

router = APIRouter(prefix="/admin", tags=["admin"], dependencies=[AdminOnly])


class ParkedOut(BaseModel):
    id: int
    message_id: str
    schema_name: str
    reason: str
    parked_at: datetime


class Redriven(BaseModel):
    facts_made: int


@router.get("/tenants/{tenant_id}/parked")
async def list_parked(tenant_id: Key, mapper: MapperDep) -> list[ParkedOut]:
    async with mapper.db.session() as session:
        rows = await repository.unresolved(session, tenant_id)
    return [ParkedOut.model_validate(r, from_attributes=True) for r in rows]


@router.post("/tenants/{tenant_id}/parked/redrive")
async def redrive(tenant_id: Key, mapper: MapperDep) -> Redriven:
    return Redriven(facts_made=await redrive_parked(mapper.db, tenant_id))
