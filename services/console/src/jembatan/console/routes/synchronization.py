"""Synchronization: the scheduled posting hours per outlet (the scheduler's API); the rest is coming."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from ..admin_apis import Refusal
from ..deps import ApisDep, CsrfChecked, TenantDep, TokenDep
from ..pages import FORM_AGAIN, render

router = APIRouter(prefix="/t/{tenant_id}/synchronization")


def parse_hours(text: str) -> list[int] | None:
    """`"9, 13 21"` → [9, 13, 21]; None when anything is not an hour 0–23."""
    parts = [p for p in re.split(r"[\s,;]+", text.strip()) if p]
    if not all(p.isdigit() and 0 <= int(p) <= 23 for p in parts):
        return None
    return sorted({int(p) for p in parts})


async def _page(request: Request, tenant_id: str, token: str, apis: ApisDep, status: int = 200, **extra: Any) -> Response:
    schedules = await apis.call("scheduler", "GET", f"/admin/tenants/{tenant_id}/schedules", token)
    return render(request, "synchronization.html", status, active="synchronization", tenant=tenant_id,
                  schedules=schedules, **extra)  # fmt: skip


@router.get("")
async def sync_page(request: Request, tenant_id: TenantDep, token: TokenDep, apis: ApisDep) -> Response:
    return await _page(request, tenant_id, token, apis)


@router.post("", dependencies=[CsrfChecked])
async def save_hours(
    request: Request,
    tenant_id: TenantDep,
    token: TokenDep,
    apis: ApisDep,
    outlet_id: Annotated[str, Form()],
    hours: Annotated[str, Form()] = "",
) -> Response:
    parsed = parse_hours(hours)
    if parsed is None or not outlet_id.strip():
        return await _page(request, tenant_id, token, apis, FORM_AGAIN, error_key="sync.bad_hours", form_hours=hours)
    try:
        await apis.call("scheduler", "PUT", f"/admin/tenants/{tenant_id}/schedules/{outlet_id.strip()}", token,
                        json={"hours": parsed})  # fmt: skip
    except Refusal as refusal:
        return await _page(request, tenant_id, token, apis, FORM_AGAIN, refusal=refusal, form_hours=hours)
    return await _page(request, tenant_id, token, apis, saved=True)
