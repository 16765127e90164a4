"""Tenants: create one (ingest's webhook key + the mapper's settings) or open one by its id."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from ..admin_apis import AdminApis, Refusal
from ..deps import ApisDep, CsrfChecked, SessionDep, TokenDep, valid_tenant_id
from ..pages import FORM_AGAIN, render

router = APIRouter()


async def all_tenants(apis: AdminApis, token: str) -> list[dict[str, Any]] | None:
    """Every tenant the mapper knows; None when the token may not list them (a tenant token)."""
    try:
        rows: list[dict[str, Any]] = await apis.call("mapper", "GET", "/admin/tenants", token)
    except Refusal as refusal:
        if refusal.status in (401, 403):
            return None
        raise
    return rows


async def _page(request: Request, apis: AdminApis, token: str, status: int = 200, **extra: Any) -> Response:
    return render(request, "tenants.html", status, active="tenants", tenants=await all_tenants(apis, token), **extra)


@router.get("/tenants")
async def tenants_page(request: Request, token: TokenDep, apis: ApisDep) -> Response:
    return await _page(request, apis, token)


@router.post("/tenants", dependencies=[CsrfChecked])
async def create_tenant(
    request: Request,
    session: SessionDep,
    token: TokenDep,
    apis: ApisDep,
    tenant_id: Annotated[str, Form()],
    store_name: Annotated[str, Form()],
    webhook_key: Annotated[str, Form()],
) -> Response:
    """Created once, in ingest's one place; the mapper and the poster receive it on tenant.config.v1."""
    tenant_id = tenant_id.strip()
    form = {"tenant_id": tenant_id, "store_name": store_name}
    if not valid_tenant_id(tenant_id):
        return await _page(request, apis, token, FORM_AGAIN, form=form, error_key="tenants.bad_id")
    try:
        await apis.call("ingest", "PUT", f"/admin/tenants/{tenant_id}/configuration", token,
                        json={"store_name": store_name, "webhook_key": webhook_key})  # fmt: skip
    except Refusal as refusal:
        return await _page(request, apis, token, FORM_AGAIN, form=form, refusal=refusal)
    session.remember_tenant(tenant_id)
    return RedirectResponse(f"/t/{tenant_id}/connect", status_code=303)


@router.post("/tenants/open", dependencies=[CsrfChecked])
async def open_tenant(
    request: Request, session: SessionDep, token: TokenDep, apis: ApisDep, tenant_id: Annotated[str, Form()]
) -> Response:
    tenant_id = tenant_id.strip()
    if not valid_tenant_id(tenant_id):
        return await _page(request, apis, token, FORM_AGAIN, error_key="tenants.bad_id")
    session.remember_tenant(tenant_id)
    return RedirectResponse(f"/t/{tenant_id}/connect", status_code=303)
