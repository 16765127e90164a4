"""Pages whose admin APIs do not exist yet: an honest panel, never made-up figures."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from ..deps import TenantDep, TokenDep
from ..menu import COMING
from ..pages import render

router = APIRouter()


@router.get("/t/{tenant_id}")
@router.get("/t/{tenant_id}/{page}")
async def coming_page(request: Request, tenant_id: TenantDep, _: TokenDep, page: str = "overview") -> Response:
    item = COMING.get(page)
    if item is None:
        raise HTTPException(404)
    return render(request, "coming.html", active=page, tenant=tenant_id, item=item)
