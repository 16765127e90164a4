"""Outlets and channels: the outlets iSeller knows, each mapped or not, and the mapping form."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import RedirectResponse, Response

from ..admin_apis import AdminApis, Refusal
from ..deps import ApisDep, CsrfChecked, TenantDep, TokenDep
from ..formatting import WIB
from ..mapping_form import ACCOUNT_FIELDS, Pickers, blank_mapping, mapping_from_form, payment_rows, pickers
from ..pages import FORM_AGAIN, render

router = APIRouter(prefix="/t/{tenant_id}/outlets")
OUTLET_ID = r"^[A-Za-z0-9._-]{1,80}$"
OutletId = Annotated[str, Path(pattern=OUTLET_ID)]


async def saved_mapping(apis: AdminApis, token: str, tenant_id: str, outlet_id: str) -> dict[str, Any] | None:
    try:
        mapping: dict[str, Any] = await apis.call("mapper", "GET", f"/admin/tenants/{tenant_id}/outlets/{outlet_id}", token)
    except Refusal as refusal:
        if refusal.status == 404:
            return None
        raise
    return mapping


async def latest_pull(apis: AdminApis, token: str, tenant_id: str) -> dict[str, Any] | None:
    runs: list[dict[str, Any]] = await apis.call("ingest", "GET", f"/admin/tenants/{tenant_id}/pulls", token,
                                                 params={"limit": 1})  # fmt: skip
    return runs[0] if runs else None


async def _page(request: Request, tenant_id: str, token: str, apis: AdminApis, **extra: Any) -> Response:
    outlets = await apis.call("ingest", "GET", f"/admin/tenants/{tenant_id}/pulled/outlet", token)
    mappings = await asyncio.gather(*(saved_mapping(apis, token, tenant_id, o["outlet_id"]) for o in outlets))
    rows = [(outlet, mapping) for outlet, mapping in zip(outlets, mappings, strict=True)]
    extra.setdefault("pull", await latest_pull(apis, token, tenant_id))
    return render(request, "outlets.html", active="outlets", tenant=tenant_id, rows=rows, **extra)


@router.get("")
async def outlets_page(request: Request, tenant_id: TenantDep, token: TokenDep, apis: ApisDep) -> Response:
    return await _page(request, tenant_id, token, apis)


@router.post("/pull", dependencies=[CsrfChecked])
async def fetch_from_iseller(request: Request, tenant_id: TenantDep, token: TokenDep, apis: ApisDep) -> Response:
    """A backfill of today's store day (WIB): ingest pulls the outlets and products with it."""
    today = datetime.now(WIB).date().isoformat()
    try:
        await apis.call("ingest", "POST", f"/admin/tenants/{tenant_id}/backfill", token,
                              json={"from": today, "to": today})  # fmt: skip
    except Refusal as refusal:
        return await _page(request, tenant_id, token, apis, pull_refusal=refusal)
    return RedirectResponse(f"/t/{tenant_id}/outlets", status_code=303)  # the outlets page follows the run


@router.get("/pull")
async def pull_progress(request: Request, tenant_id: TenantDep, token: TokenDep, apis: ApisDep) -> Response:
    """The pull's status fragment htmx polls; when the run has ended, the whole page reloads."""
    if not request.headers.get("hx-request"):  # a person opened this address: show the page
        return RedirectResponse(f"/t/{tenant_id}/outlets", status_code=303)
    pull = await latest_pull(apis, token, tenant_id)
    response = render(request, "_pull_status.html", tenant=tenant_id, pull=pull)
    if pull is None or pull["status"] != "running":
        response.headers["HX-Refresh"] = "true"
    return response


@router.post("/open", dependencies=[CsrfChecked])
async def open_outlet(tenant_id: TenantDep, _: TokenDep, outlet_id: Annotated[str, Form()]) -> Response:
    return RedirectResponse(f"/t/{tenant_id}/outlets/{outlet_id.strip()}", status_code=303)


async def master_data(apis: AdminApis, token: str, tenant_id: str) -> Pickers | None:
    """The pickers' choices from the mapper's cache of Accurate; None when nothing is cached yet."""
    try:
        master: dict[str, Any] = await apis.call("mapper", "GET", f"/admin/tenants/{tenant_id}/master-data", token)
    except Refusal as refusal:
        if refusal.status == 404:  # a mapper without the master-data API
            return None
        raise
    return pickers(master)


async def _form_page(request: Request, tenant_id: str, outlet_id: str, mapping: dict[str, Any], apis: AdminApis,
                     token: str, status: int = 200, **extra: Any) -> Response:  # fmt: skip
    return render(request, "outlet_mapping.html", status, active="outlets", tenant=tenant_id, outlet_id=outlet_id,
                  mapping=mapping, snapshot=mapping.get("snapshot", {}), payments=payment_rows(mapping),
                  account_fields=ACCOUNT_FIELDS, pickers=await master_data(apis, token, tenant_id), **extra)  # fmt: skip


@router.get("/{outlet_id}")
async def mapping_page(request: Request, tenant_id: TenantDep, outlet_id: OutletId, token: TokenDep, apis: ApisDep) -> Response:
    mapping = await saved_mapping(apis, token, tenant_id, outlet_id) or blank_mapping(outlet_id)
    return await _form_page(request, tenant_id, outlet_id, mapping, apis, token)


@router.post("/{outlet_id}", dependencies=[CsrfChecked])
async def save_mapping(request: Request, tenant_id: TenantDep, outlet_id: OutletId, token: TokenDep, apis: ApisDep) -> Response:
    form = await request.form()
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    kinds, numbers = form.getlist("payment_type"), form.getlist("payment_account")
    payments = [(str(k), str(n)) for k, n in zip(kinds, numbers, strict=False)]
    saved = await saved_mapping(apis, token, tenant_id, outlet_id) or blank_mapping(outlet_id)
    mapping = mapping_from_form(saved, fields, payments)
    try:
        outcome = await apis.call("mapper", "PUT", f"/admin/tenants/{tenant_id}/outlets/{outlet_id}", token,
                                  json=mapping, params={"create_missing": str(fields.get("create_missing") == "on").lower()})  # fmt: skip
    except Refusal as refusal:
        return await _form_page(request, tenant_id, outlet_id, mapping, apis, token, FORM_AGAIN, refusal=refusal)
    return await _form_page(request, tenant_id, outlet_id, mapping, apis, token, outcome=outcome)
