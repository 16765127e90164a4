"""Reconciliation: a store day's iSeller figures beside what Accurate holds, every gap with its fix.

Reads the poster's kept runs (`GET …/reconciliations`), runs a day now (`POST …/reconciliations`)
and re-syncs a day's windows (`POST …/resync`), always with the operator's own token."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from ..activity_view import day_bounds
from ..admin_apis import Refusal
from ..deps import ApisDep, CsrfChecked, TenantDep, TokenDep
from ..formatting import WIB
from ..pages import FORM_AGAIN, render
from ..reconciliation_view import choose_run, gaps, money, other_sections, recent_days

router = APIRouter(prefix="/t/{tenant_id}/reconciliation")


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        return None


async def _page(request: Request, tenant_id: str, token: str, apis: ApisDep, day: date | None,
                run: dict[str, Any] | None = None, status: int = 200, **extra: Any) -> Response:  # fmt: skip
    path = f"/admin/tenants/{tenant_id}/reconciliations"
    recent = await apis.call("poster", "GET", path, token)
    if day is None:  # the newest kept day, else yesterday (the daily run's day)
        day = _day(recent[0]["day"]) if recent else None
        day = day or datetime.now(WIB).date() - timedelta(days=1)
    if run is None:
        runs = await apis.call("poster", "GET", path, token, params={"day": day.isoformat()})
        run = dict(choose_run(runs, day.isoformat()) or {}) or None
    report = (run or {}).get("report") or {}
    outlets = await _outlet_names(
        apis, token, tenant_id, {w.get("outlet_id") for w in report.get("windows") or []}
    )
    return render(request, "reconciliation.html", status, active="reconciliation", tenant=tenant_id,
                  day=day.isoformat(), run=run, report=report, gaps=gaps(report.get("differences") or []),
                  others=other_sections(report), recent=recent_days(recent), amount=money, outlets=outlets, **extra)  # fmt: skip


async def _outlet_names(apis: ApisDep, token: str, tenant_id: str, outlet_ids: set[Any]) -> dict[str, str]:
    """Outlet id → "code · branch" from the outlets' mappings, as the merchant knows them."""
    names = {}
    for outlet_id in sorted(o for o in outlet_ids if o)[:30]:
        try:
            mapping = await apis.call(
                "mapper", "GET", f"/admin/tenants/{tenant_id}/outlets/{quote(outlet_id, safe='')}", token
            )
        except Refusal:  # not mapped (any more): the id is all there is
            continue
        snapshot = (mapping.get("snapshot") if isinstance(mapping, dict) else None) or {}
        names[outlet_id] = " · ".join(
            str(v) for v in (snapshot.get("outlet_code"), snapshot.get("branch_name")) if v
        )
    return names


@router.get("")
async def reconciliation_page(
    request: Request, tenant_id: TenantDep, token: TokenDep, apis: ApisDep
) -> Response:
    return await _page(request, tenant_id, token, apis, _day(request.query_params.get("day")))


@router.post("/run", dependencies=[CsrfChecked])
async def run_now(request: Request, tenant_id: TenantDep, token: TokenDep, apis: ApisDep,
                  day: Annotated[str, Form()]) -> Response:  # fmt: skip
    chosen = _day(day)
    if chosen is None:
        return await _page(request, tenant_id, token, apis, None, status=FORM_AGAIN, bad_day=True)
    try:
        run = await apis.call("poster", "POST", f"/admin/tenants/{tenant_id}/reconciliations", token,
                              json={"day": chosen.isoformat()})  # fmt: skip
    except Refusal as refusal:
        return await _page(request, tenant_id, token, apis, chosen, status=FORM_AGAIN, refusal=refusal)
    return await _page(request, tenant_id, token, apis, chosen, run=run, ran=True)


@router.post("/resync", dependencies=[CsrfChecked])
async def resync(request: Request, tenant_id: TenantDep, token: TokenDep, apis: ApisDep,
                 day: Annotated[str, Form()]) -> Response:  # fmt: skip
    """Re-plan the windows that closed on the day (WIB): only documents missing from the ledger are added."""
    chosen = _day(day)
    if chosen is None:
        return await _page(request, tenant_id, token, apis, None, status=FORM_AGAIN, bad_day=True)
    start, end = day_bounds(chosen)
    try:
        done = await apis.call("poster", "POST", f"/admin/tenants/{tenant_id}/resync", token,
                               json={"start": start.isoformat(), "end": end.isoformat()})  # fmt: skip
    except Refusal as refusal:
        return await _page(request, tenant_id, token, apis, chosen, status=FORM_AGAIN, refusal=refusal)
    return await _page(request, tenant_id, token, apis, chosen, resynced=done)
