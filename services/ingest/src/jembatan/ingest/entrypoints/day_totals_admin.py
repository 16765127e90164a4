"""iSeller's day totals against the held orders, on ingest's admin API (bearer token)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException
from jembatan.platform.errors import ErrorReply
from jembatan.platform.http import AdminOnly
from jembatan.platform.params import Key
from pydantic import BaseModel, Field

from ..adapters import day_checks
from ..adapters.day_checks import IsellerDayCheck
from ..adapters.iseller_api import IsellerApiError
from ..service_layer.day_totals import NoConnection, check_day
from .deps import Runtime, runtime_of

router = APIRouter(prefix="/admin/tenants/{tenant_id}/iseller-day-totals", tags=["reconciliation"],
                   dependencies=[AdminOnly])  # fmt: skip


class DayIn(BaseModel):
    day: date = Field(ge=date(2000, 1, 1), le=date(2999, 12, 31))  # the Asia/Jakarta day


class CheckOut(BaseModel):
    id: int
    day: date
    trigger: str
    status: str
    difference_count: int  # outlets whose day differs
    report: dict[str, Any]  # outlets: both sides per measure; differences: each with amount and action
    checked_at: datetime

    @classmethod
    def of(cls, check: IsellerDayCheck) -> CheckOut:
        return cls.model_validate(check, from_attributes=True)


ISELLER_FAILED: dict[int | str, dict[str, Any]] = {
    502: {"model": ErrorReply, "description": "iSeller could not be reached, or refused the summary"}
}


@router.post("", response_model=CheckOut, responses=ISELLER_FAILED)
async def check_now(
    tenant_id: Key, body: DayIn, runtime: Annotated[Runtime, Depends(runtime_of)]
) -> CheckOut:
    """Ask iSeller for the day's totals per outlet and hold them against the orders ingest holds."""
    try:
        return CheckOut.of(await check_day(runtime.puller, tenant_id, body.day))
    except NoConnection as missing:
        raise HTTPException(409, str(missing)) from None
    except IsellerApiError as refused:
        raise HTTPException(502, f"iSeller refused the summary: {refused}") from None


@router.get("", response_model=list[CheckOut])
async def kept_checks(
    tenant_id: Key, runtime: Annotated[Runtime, Depends(runtime_of)], day: date | None = None
) -> list[CheckOut]:
    """Kept checks, newest first (of one day if `day` is given)."""
    return [CheckOut.of(c) for c in await day_checks.kept(runtime.db, tenant_id, day)]
