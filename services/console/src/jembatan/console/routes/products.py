"""Products: validation as the add-on does it (counts, each opening its list) and the import with live progress."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from ..deps import ApisDep, CsrfChecked, TenantDep, TokenDep
from ..imports import ImportRuns
from ..pages import render

router = APIRouter(prefix="/t/{tenant_id}/products")
PROBLEMS = ("no_sku", "duplicate_sku", "invalid_sku", "blocked")


def _runs(request: Request) -> ImportRuns:
    runs: ImportRuns = request.app.state.imports
    return runs


@router.get("")
async def products_page(request: Request, tenant_id: TenantDep, token: TokenDep, apis: ApisDep) -> Response:
    report = await apis.call("mapper", "GET", f"/admin/tenants/{tenant_id}/products/validation", token)
    problems = [p for p in report["products"] if p["verdict"] in PROBLEMS]
    return render(request, "products.html", active="products", tenant=tenant_id, report=report,
                  problems=problems, progress=_runs(request).progress.get(tenant_id))  # fmt: skip


@router.post("/import", dependencies=[CsrfChecked])
async def start_import(request: Request, tenant_id: TenantDep, token: TokenDep, apis: ApisDep) -> Response:
    progress = _runs(request).start(apis, tenant_id, token)
    if not request.headers.get("hx-request"):  # a plain form post (no JavaScript): show the whole page
        return RedirectResponse(f"/t/{tenant_id}/products", status_code=303)
    return render(request, "_import_progress.html", tenant=tenant_id, progress=progress)


@router.get("/import")
async def import_progress(request: Request, tenant_id: TenantDep, _: TokenDep) -> Response:
    """The progress fragment htmx polls while the import runs."""
    return render(request, "_import_progress.html", tenant=tenant_id, progress=_runs(request).progress.get(tenant_id))
