"""Reconciliation on the poster's admin API (bearer token): run a day now, read kept results."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, HTTPException
from jembatan.platform.http import AdminOnly
from jembatan.platform.params import Key
from pydantic import BaseModel, Field

from ..adapters.reconciliation_tables import ReconciliationRun
from ..service_layer.reconciling import kept_runs, reconcile_day
from .deps import BooksReadbackDep, RuntimeDep

router = APIRouter(prefix="/admin/tenants/{tenant_id}/reconciliations", tags=["reconciliation"],
                   dependencies=[AdminOnly])  # fmt: skip


class RunRequest(BaseModel):
    day: date = Field(ge=date(2000, 1, 1), le=date(2999, 12, 31))  # the Asia/Jakarta day to reconcile


class RunOut(BaseModel):
    run_id: str
    day: date
    ran_at: datetime
    trigger: str
    status: str  # done, not_connected (no Accurate connection), requested, running, failed
    difference_count: int
    report: dict[str, Any]

    @classmethod
    def of(cls, run: ReconciliationRun) -> RunOut:
        return cls.model_validate(run, from_attributes=True)


@router.post("", response_model=RunOut)
async def run_now(
    tenant_id: Key, body: RunRequest, runtime: RuntimeDep,
    readback: BooksReadbackDep,
) -> RunOut:  # fmt: skip
    """Reconcile the day now: iSeller's totals beside Accurate's documents, every difference listed."""
    run = await reconcile_day(runtime.db, readback, tenant_id, body.day)
    if run.status == "not_connected":
        raise HTTPException(409, f"tenant {tenant_id} has not connected Accurate: nothing to read back")
    return RunOut.of(run)


@router.get("", response_model=list[RunOut])
async def kept(tenant_id: Key, runtime: RuntimeDep, day: date | None = None) -> list[RunOut]:
    """Kept results, newest first (of one day if `day` is given)."""
    return [RunOut.of(r) for r in await kept_runs(runtime.db, tenant_id, day)]
