"""Synchronization: per outlet the sync mode, scheduled hours and transfer switch (the mapper's
mapping and the scheduler's hours), the windows not posted yet with a preview, and "Post now"."""

from __future__ import annotations

import asyncio
import re
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from ..admin_apis import AdminApis, Refusal
from ..deps import ApisDep, CsrfChecked, TenantDep, TokenDep
from ..pages import FORM_AGAIN, render
from .outlets import saved_mapping

router = APIRouter(prefix="/t/{tenant_id}/synchronization")
SYNC_MODES = ("real_time", "shift_close", "scheduled")
TRANSFER_MODES = ("real_time", "scheduled")
UNPOSTED = ("open", "waiting", "reconciling")
WHOLE_TENANT = "*"  # the scheduler's name for the tenant as a whole


def parse_hours(text: str) -> list[int] | None:
    """`"9, 13 21"` → [9, 13, 21]; None when anything is not an hour 0–23."""
    parts = [p for p in re.split(r"[\s,;]+", text.strip()) if p]
    if not all(p.isdigit() and 0 <= int(p) <= 23 for p in parts):
        return None
    return sorted({int(p) for p in parts})


def window_path(tenant_id: str, window_id: str, verb: str) -> str:
    return f"/admin/tenants/{tenant_id}/windows/{quote(window_id, safe=':')}/{verb}"


async def _unposted_windows(apis: AdminApis, token: str, tenant_id: str) -> list[dict[str, Any]]:
    lists = await asyncio.gather(*(apis.call("poster", "GET", f"/admin/tenants/{tenant_id}/windows", token,
                                             params={"state": s}) for s in UNPOSTED))  # fmt: skip
    return sorted((w for rows in lists for w in rows), key=lambda w: w["closed_at"])


async def _page(request: Request, tenant_id: str, token: str, apis: AdminApis, status: int = 200, **extra: Any) -> Response:
    schedules, pulled, windows = await asyncio.gather(
        apis.call("scheduler", "GET", f"/admin/tenants/{tenant_id}/schedules", token),
        apis.call("ingest", "GET", f"/admin/tenants/{tenant_id}/pulled/outlet", token),
        _unposted_windows(apis, token, tenant_id),
    )
    hours = {s["outlet_id"]: s["hours"] for s in schedules if s.get("kind", "posting") == "posting"}
    outlet_ids = sorted(({o["outlet_id"] for o in pulled} | set(hours) | {w["outlet_id"] for w in windows if w["outlet_id"]})
                        - {WHOLE_TENANT})  # fmt: skip
    mappings = await asyncio.gather(*(saved_mapping(apis, token, tenant_id, o) for o in outlet_ids))
    outlets = [(o, (m or {}).get("snapshot"), hours.get(o, [])) for o, m in zip(outlet_ids, mappings, strict=True)]
    chosen = request.query_params.get("window") or (windows[0]["window_id"] if windows else None)
    preview = None
    if chosen:
        try:
            preview = await apis.call("poster", "GET", window_path(tenant_id, chosen, "preview"), token)
        except Refusal as refusal:
            if refusal.status != 404:
                raise
    return render(request, "synchronization.html", status, active="synchronization", tenant=tenant_id,
                  outlets=outlets, windows=windows, preview=preview, sync_modes=SYNC_MODES,
                  transfer_modes=TRANSFER_MODES, schedules=schedules, **extra)  # fmt: skip


@router.get("")
async def sync_page(request: Request, tenant_id: TenantDep, token: TokenDep, apis: ApisDep) -> Response:
    return await _page(request, tenant_id, token, apis)


@router.post("/outlets/{outlet_id}", dependencies=[CsrfChecked])
async def save_outlet_sync(
    request: Request,
    tenant_id: TenantDep,
    outlet_id: str,
    token: TokenDep,
    apis: ApisDep,
    sync_mode: Annotated[str, Form()],
    transfer_sync: Annotated[str, Form()] = "real_time",
    hours: Annotated[str, Form()] = "",
) -> Response:
    """Sync mode, transfer switch and hours live in the outlet's mapping; the hours also in the scheduler."""
    parsed = parse_hours(hours)
    if parsed is None or sync_mode not in SYNC_MODES or transfer_sync not in TRANSFER_MODES:
        return await _page(request, tenant_id, token, apis, FORM_AGAIN, error_key="sync.bad_hours", error_outlet=outlet_id)
    if "scheduled" in (sync_mode, transfer_sync) and not parsed:
        return await _page(request, tenant_id, token, apis, FORM_AGAIN, error_key="sync.hours_needed", error_outlet=outlet_id)
    mapping = await saved_mapping(apis, token, tenant_id, outlet_id)
    if mapping is None:
        return await _page(request, tenant_id, token, apis, FORM_AGAIN, error_key="sync.map_first", error_outlet=outlet_id)
    snapshot = mapping["snapshot"]
    snapshot |= {"sync_mode": sync_mode, "transfer_sync": transfer_sync, "scheduled_hours": parsed}
    try:
        await apis.call("mapper", "PUT", f"/admin/tenants/{tenant_id}/outlets/{outlet_id}", token, json=mapping)
        await apis.call("scheduler", "PUT", f"/admin/tenants/{tenant_id}/schedules/{outlet_id}", token,
                        json={"hours": parsed if sync_mode == "scheduled" else []})  # fmt: skip
        await apis.call("scheduler", "PUT", f"/admin/tenants/{tenant_id}/schedules/{outlet_id}/transfers", token,
                        json={"hours": parsed if transfer_sync == "scheduled" else []})  # fmt: skip
    except Refusal as refusal:
        return await _page(request, tenant_id, token, apis, FORM_AGAIN, refusal=refusal, error_outlet=outlet_id)
    return await _page(request, tenant_id, token, apis, saved_outlet=outlet_id)


@router.post("", dependencies=[CsrfChecked])
async def save_hours(
    request: Request,
    tenant_id: TenantDep,
    token: TokenDep,
    apis: ApisDep,
    outlet_id: Annotated[str, Form()],
    hours: Annotated[str, Form()] = "",
) -> Response:
    """Hours for an outlet not mapped yet (the scheduler only)."""
    parsed = parse_hours(hours)
    if parsed is None or not outlet_id.strip():
        return await _page(request, tenant_id, token, apis, FORM_AGAIN, error_key="sync.bad_hours", form_hours=hours)
    try:
        await apis.call("scheduler", "PUT", f"/admin/tenants/{tenant_id}/schedules/{outlet_id.strip()}", token,
                        json={"hours": parsed})  # fmt: skip
    except Refusal as refusal:
        return await _page(request, tenant_id, token, apis, FORM_AGAIN, refusal=refusal, form_hours=hours)
    return await _page(request, tenant_id, token, apis, saved=True)


@router.post("/post-now", dependencies=[CsrfChecked])
async def post_now(request: Request, tenant_id: TenantDep, token: TokenDep, apis: ApisDep,
                   window_id: Annotated[str, Form()]) -> Response:  # fmt: skip
    try:
        done = await apis.call("poster", "POST", window_path(tenant_id, window_id, "post"), token)
    except Refusal as refusal:
        return await _page(request, tenant_id, token, apis, FORM_AGAIN, refusal=refusal)
    return await _page(request, tenant_id, token, apis, posted=done)
