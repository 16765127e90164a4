"""Activity: every document the poster made, with Accurate's own message; retry one, retry all failed.
Overview: today's counts per kind (posted / waiting / failed) and the parked count, each a link."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from ..activity_view import BUCKETS, KINDS, STATES, Filters, day_bounds, today_counts
from ..admin_apis import Refusal
from ..deps import ApisDep, CsrfChecked, TenantDep, TokenDep
from ..formatting import WIB
from ..pages import FORM_AGAIN, render

router = APIRouter(prefix="/t/{tenant_id}")
TODAY_LIMIT = 1000


async def _activity(request: Request, tenant_id: str, token: str, apis: ApisDep, filters: Filters,
                    status: int = 200, **extra: Any) -> Response:  # fmt: skip
    page = await apis.call("poster", "GET", "/admin/activity", token, params=filters.api_params(tenant_id))
    return render(request, "activity.html", status, active="activity", tenant=tenant_id, page=page, filters=filters,
                  kinds=KINDS, states=STATES, **extra)  # fmt: skip


@router.get("/activity")
async def activity_page(request: Request, tenant_id: TenantDep, token: TokenDep, apis: ApisDep) -> Response:
    return await _activity(request, tenant_id, token, apis, Filters.from_query(request.query_params))


@router.post("/activity/retry", dependencies=[CsrfChecked])
async def retry_one(
    request: Request, tenant_id: TenantDep, token: TokenDep, apis: ApisDep, document_key: Annotated[str, Form()]
) -> Response:
    filters = Filters.from_query(request.query_params)
    try:
        doc = await apis.call("poster", "POST", f"/admin/tenants/{tenant_id}/documents/{quote(document_key, safe='')}/retry", token)
    except Refusal as refusal:
        return await _activity(request, tenant_id, token, apis, filters, FORM_AGAIN, refusal=refusal)
    return await _activity(request, tenant_id, token, apis, filters, retried=[doc], refused=[])


@router.post("/activity/retry-failed", dependencies=[CsrfChecked])
async def retry_all(request: Request, tenant_id: TenantDep, token: TokenDep, apis: ApisDep) -> Response:
    filters = Filters.from_query(request.query_params)
    params = {k: v for k, v in {"kind": filters.kind, "outlet_id": filters.outlet_id}.items() if v}
    try:
        done = await apis.call("poster", "POST", f"/admin/tenants/{tenant_id}/documents/retry-failed", token, params=params)
    except Refusal as refusal:
        return await _activity(request, tenant_id, token, apis, filters, FORM_AGAIN, refusal=refusal)
    return await _activity(request, tenant_id, token, apis, filters, retried=done["retried"], refused=done["refused"])


@router.get("")
@router.get("/overview")
async def overview_page(request: Request, tenant_id: TenantDep, token: TokenDep, apis: ApisDep) -> Response:
    chosen = Filters.from_query(request.query_params).day  # another store day: ?day=YYYY-MM-DD
    today = date.fromisoformat(chosen) if chosen else datetime.now(WIB).date()
    since, until = day_bounds(today)
    page = await apis.call("poster", "GET", "/admin/activity", token, params={
        "tenant_id": tenant_id, "since": since.isoformat(), "until": until.isoformat(), "limit": TODAY_LIMIT})  # fmt: skip
    parked = await apis.call("mapper", "GET", f"/admin/tenants/{tenant_id}/parked", token)
    runs = await apis.call("poster", "GET", f"/admin/tenants/{tenant_id}/reconciliations", token)
    return render(request, "overview.html", active="overview", tenant=tenant_id, day=today.isoformat(),
                  last_run=runs[0] if runs else None,  # the last reconciliation's gaps
                  counts=today_counts(page["documents"]), buckets=BUCKETS, parked=len(parked),
                  partial=page["total"] > len(page["documents"]), filters=Filters(day=today.isoformat()))  # fmt: skip
