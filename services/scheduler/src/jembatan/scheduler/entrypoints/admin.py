"""The scheduler's admin API (bearer token): posting hours per outlet."""

from __future__ import annotations

from fastapi import APIRouter, Request
from jembatan.platform.db import Database
from jembatan.platform.http import AdminOnly
from jembatan.platform.params import Key
from pydantic import BaseModel, Field
from sqlmodel import select

from ..adapters.tables import Schedule

router = APIRouter(prefix="/admin", tags=["admin"], dependencies=[AdminOnly])


class ScheduleIn(BaseModel):
    hours: list[int] = Field(default_factory=list, description="Jakarta hours 0-23 at which to post")


class ScheduleOut(ScheduleIn):
    outlet_id: str


@router.put("/tenants/{tenant_id}/schedules/{outlet_id}", status_code=204)
async def put_schedule(tenant_id: Key, outlet_id: Key, body: ScheduleIn, request: Request) -> None:
    db: Database = request.app.state.db
    hours = sorted({h for h in body.hours if 0 <= h <= 23})
    async with db.session() as session:
        existing = await session.get(Schedule, (tenant_id, outlet_id))
        schedule = existing or Schedule(tenant_id=tenant_id, outlet_id=outlet_id)
        schedule.hours = hours
        session.add(schedule)


@router.get("/tenants/{tenant_id}/schedules")
async def list_schedules(tenant_id: Key, request: Request) -> list[ScheduleOut]:
    db: Database = request.app.state.db
    async with db.session() as session:
        rows = (await session.exec(select(Schedule).where(Schedule.tenant_id == tenant_id))).all()
    return [ScheduleOut(outlet_id=r.outlet_id, hours=r.hours) for r in rows]
