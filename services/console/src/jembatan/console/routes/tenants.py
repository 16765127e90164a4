"""Tenants: create one (ingest's webhook key + the mapper's settings) or open one by its id."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from ..admin_apis import Refusal
from ..deps import ApisDep, CsrfChecked, SessionDep, TokenDep, valid_tenant_id
from ..pages import FORM_AGAIN, render

router = APIRouter()


@router.get("/tenants")
async def tenants_page(request: Request, _: TokenDep) -> Response:
    return render(request, "tenants.html", active="tenants")


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
    """Today a tenant lives in two services: ingest (webhook key) and the mapper (settings)."""
    tenant_id = tenant_id.strip()
    form = {"tenant_id": tenant_id, "store_name": store_name}
    if not valid_tenant_id(tenant_id):
        return render(request, "tenants.html", FORM_AGAIN, active="tenants", form=form, error_key="tenants.bad_id")
    try:
        await apis.call("ingest", "PUT", f"/admin/tenants/{tenant_id}", token,
                        json={"store_name": store_name, "api_key": webhook_key})  # fmt: skip
        await apis.call("mapper", "PUT", f"/admin/tenants/{tenant_id}", token,
                        json={"settings": {"store_name": store_name}})  # fmt: skip
    except Refusal as refusal:
        return render(request, "tenants.html", FORM_AGAIN, active="tenants", form=form, refusal=refusal)
    session.remember_tenant(tenant_id)
    return RedirectResponse(f"/t/{tenant_id}/connect", status_code=303)


@router.post("/tenants/open", dependencies=[CsrfChecked])
async def open_tenant(request: Request, session: SessionDep, _: TokenDep, tenant_id: Annotated[str, Form()]) -> Response:
    tenant_id = tenant_id.strip()
    if not valid_tenant_id(tenant_id):
        return render(request, "tenants.html", FORM_AGAIN, active="tenants", error_key="tenants.bad_id")
    session.remember_tenant(tenant_id)
    return RedirectResponse(f"/t/{tenant_id}/connect", status_code=303)
