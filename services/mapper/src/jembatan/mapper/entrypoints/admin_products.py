"""Admin routes for products: load the iSeller catalogue, the validation report, the import."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import asdict

from fastapi import APIRouter, HTTPException
from fastapi.responses import StreamingResponse
from jembatan.contracts.iseller import Product
from jembatan.platform.http import AdminOnly
from jembatan.platform.params import Credential, Key, WebUrl
from pydantic import BaseModel

from ..adapters import catalogue_store
from ..adapters.iseller_products import PullFailed, pull_products
from ..service_layer.products import import_products, load_catalogue, validation_report
from ..service_layer.redrive import redrive_parked
from .deps import MapperDep
from .refusals import UPSTREAM

router = APIRouter(prefix="/admin/tenants/{tenant_id}", tags=["admin"], dependencies=[AdminOnly])


class CatalogueEntry(BaseModel):
    sku: str
    item_no: str
    name: str = ""


class Loaded(BaseModel):
    products: int
    facts_made: int


class PullRequest(BaseModel):
    base_url: WebUrl
    access_token: Credential


@router.put("/products")
async def put_products(tenant_id: Key, products: list[Product], mapper: MapperDep) -> Loaded:
    """Replace the tenant's iSeller catalogue with GetProducts `StoreProduct` objects."""
    stored, made = await load_catalogue(mapper, tenant_id, products)
    return Loaded(products=stored, facts_made=made)


@router.post("/products/pull", responses=UPSTREAM)
async def pull(tenant_id: Key, body: PullRequest, mapper: MapperDep) -> Loaded:
    """Load the catalogue from iSeller's pull API (GetProducts) with an access token."""
    try:
        products = await pull_products(body.base_url, body.access_token)
    except PullFailed as exc:
        raise HTTPException(502, str(exc)) from None
    stored, made = await load_catalogue(mapper, tenant_id, products)
    return Loaded(products=stored, facts_made=made)


@router.get("/products/validation")
async def validation(tenant_id: Key, mapper: MapperDep) -> dict[str, object]:
    """Counts and lists: no SKU, duplicate SKUs, SKUs Accurate would refuse, in Accurate, to import."""
    report = await validation_report(mapper, tenant_id)
    return {"counts": report.counts(), "duplicate_skus": report.duplicate_skus,
            "products": [asdict(v) for v in report.verdicts]}  # fmt: skip


@router.post("/products/import")
async def import_(tenant_id: Key, mapper: MapperDep) -> StreamingResponse:
    """Import the missing items; streams NDJSON progress lines, then `{"report": ...}`."""
    if not await mapper.connected(tenant_id):
        raise HTTPException(409, "connect the tenant to Accurate first (API token and signature secret)")
    lines: asyncio.Queue[str | None] = asyncio.Queue()

    async def progress(done: int, total: int) -> None:
        await lines.put(json.dumps({"done": done, "total": total}) + "\n")

    async def work() -> None:
        try:
            report = await import_products(mapper, tenant_id, progress)
            await lines.put(json.dumps({"report": asdict(report)}) + "\n")
        except Exception as exc:
            await lines.put(json.dumps({"error": str(exc)}) + "\n")
        finally:
            await lines.put(None)

    async def stream() -> AsyncIterator[str]:
        task = asyncio.create_task(work())
        while (line := await lines.get()) is not None:
            yield line
        await task

    return StreamingResponse(stream(), media_type="application/x-ndjson")


@router.put("/catalogue")
async def put_catalogue(tenant_id: Key, entries: list[CatalogueEntry], mapper: MapperDep) -> Loaded:
    """Map SKUs to existing Accurate item numbers by hand."""
    async with mapper.db.session() as session:
        items = {e.sku: e.item_no for e in entries}
        await catalogue_store.record_items(
            session, tenant_id, items, "manual", {e.sku: e.name for e in entries}
        )
    return Loaded(products=len(entries), facts_made=await redrive_parked(mapper.db, tenant_id))
