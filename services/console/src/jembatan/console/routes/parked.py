"""Parked: what could not be mapped (the mapper) or read (ingest), with the reason and where to fix it."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ..deps import ApisDep, CsrfChecked, TenantDep, TokenDep
from ..pages import render

router = APIRouter(prefix="/t/{tenant_id}/parked")


def fixing_page(reason: str) -> tuple[str, str] | None:
    """(path under the tenant, menu key) of the page whose setting fixes a parked reason.

    The mapper's reasons name what is missing ("outlet X is not mapped", "outlet X has no … account",
    "product SKU … is not in Accurate yet"); a reason naming an outlet links to its mapping form."""
    outlet = re.search(r"\boutlet (\S+) (?:is|has) ", reason)
    if outlet:
        return f"outlets/{outlet.group(1)}", "nav.outlets"
    text = reason.lower()
    if "outlet" in text or "account" in text or "payment" in text:
        return "outlets", "nav.outlets"
    if "sku" in text or "product" in text or "item" in text:
        return "products", "nav.products"
    if "accurate" in text and "connect" in text:
        return "connect", "nav.connect"
    return None


async def _page(request: Request, tenant_id: str, token: str, apis: ApisDep, **extra: Any) -> Response:
    events = await apis.call("mapper", "GET", f"/admin/tenants/{tenant_id}/parked", token)
    deliveries = await apis.call("ingest", "GET", f"/admin/tenants/{tenant_id}/parked", token)
    rows = [(event, fixing_page(event["reason"])) for event in events]
    return render(request, "parked.html", active="parked", tenant=tenant_id, rows=rows, deliveries=deliveries, **extra)


@router.get("")
async def parked_page(request: Request, tenant_id: TenantDep, token: TokenDep, apis: ApisDep) -> Response:
    return await _page(request, tenant_id, token, apis)


@router.post("/redrive", dependencies=[CsrfChecked])
async def redrive(request: Request, tenant_id: TenantDep, token: TokenDep, apis: ApisDep) -> Response:
    outcome = await apis.call("mapper", "POST", f"/admin/tenants/{tenant_id}/parked/redrive", token)
    return await _page(request, tenant_id, token, apis, redriven=outcome["facts_made"])
