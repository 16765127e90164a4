"""The scheduler's admin API (bearer token): every schedule of a tenant, read and changed.

`PUT /admin/tenants/{tenant}/schedules/{outlet}` sets an outlet's posting hours;
`PUT /admin/tenants/{tenant}/schedules/{outlet}/{kind}` sets any kind (`*` is the tenant as a whole).
Hours are Jakarta hours 0–23, each once; anything else is a 422 saying what is wrong.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, status
from jembatan.platform.http import AdminOnly
from jembatan.platform.params import Key
from pydantic import BaseModel, Field, field_validator
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from ..adapters.tables import Timetable
from ..domain.schedules import (
    WHOLE_TENANT,
    ScheduleKind,
    check_hours,
    check_outlet,
    outlet_defaults,
    tenant_defaults,
)
from .deps import DatabaseDep

router = APIRouter(prefix="/admin", tags=["admin"], dependencies=[AdminOnly])

OutletId = Annotated[
    str,
    Path(
        min_length=1,
        max_length=100,
        pattern=r"^[^\x00-\x1f\x7f]+$",
        description='an iSeller outlet id, or "*" for the tenant',
    ),
]
TenantId = Key


class ScheduleIn(BaseModel):
    hours: list[int] = Field(default_factory=list, description="Jakarta hours 0-23, each once")

    @field_validator("hours")
    @classmethod
    def _valid_hours(cls, hours: list[int]) -> list[int]:
        return check_hours(hours)


class ScheduleOut(BaseModel):
    outlet_id: str
    kind: ScheduleKind
    hours: list[int]


@router.put("/tenants/{tenant_id}/schedules/{outlet_id}", status_code=204)
async def put_posting_hours(
    tenant_id: TenantId, outlet_id: OutletId, body: ScheduleIn, db: DatabaseDep
) -> None:
    """An outlet's posting hours (the outlets whose sync mode is "scheduled hours")."""
    await put_schedule(tenant_id, outlet_id, ScheduleKind.POSTING, body, db)


@router.put("/tenants/{tenant_id}/schedules/{outlet_id}/{kind}", status_code=204)
async def put_schedule(
    tenant_id: TenantId, outlet_id: OutletId, kind: ScheduleKind, body: ScheduleIn, db: DatabaseDep
) -> None:
    try:
        check_outlet(kind, outlet_id)
    except ValueError as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(error)) from error
    async with db.session() as session:
        await _ensure(session, tenant_id, WHOLE_TENANT, tenant_defaults())
        if outlet_id != WHOLE_TENANT:
            await _ensure(session, tenant_id, outlet_id, outlet_defaults())
        row = await session.get(Timetable, (tenant_id, outlet_id, kind.value))
        row = row or Timetable(tenant_id=tenant_id, outlet_id=outlet_id, kind=kind.value)
        row.hours = body.hours
        session.add(row)


@router.get("/tenants/{tenant_id}/schedules")
async def list_schedules(tenant_id: TenantId, db: DatabaseDep) -> list[ScheduleOut]:
    async with db.session() as session:
        rows = (
            await session.exec(
                select(Timetable)
                .where(col(Timetable.tenant_id) == tenant_id)
                .order_by(col(Timetable.outlet_id), col(Timetable.kind))
            )
        ).all()
    return [ScheduleOut(outlet_id=r.outlet_id, kind=ScheduleKind(r.kind), hours=r.hours) for r in rows]


async def _ensure(
    session: AsyncSession, tenant_id: str, outlet_id: str, defaults: dict[ScheduleKind, list[int]]
) -> None:
    for kind, hours in defaults.items():
        if await session.get(Timetable, (tenant_id, outlet_id, kind.value)) is None:
            session.add(Timetable(tenant_id=tenant_id, outlet_id=outlet_id, kind=kind.value, hours=hours))
