"""`tenant.master_data_pulled/1` → the mapper: the outlets and products ingest pulled from iSeller.

Products are added to (or replace, by product id) the tenant's iSeller catalogue, which product
validation, the import and the mapping of orders read; outlets are kept for the pickers. A page
never removes what another page brought: `PUT /admin/tenants/{id}/products` replaces the whole
catalogue when that is what is wanted."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from jembatan.contracts.iseller import Product
from jembatan.contracts.iseller.pull import Outlet
from jembatan.contracts.tenant import MasterDataPulled
from pydantic import ValidationError
from sqlmodel.ext.asyncio.session import AsyncSession

from ..adapters.tables import IsellerOutlet, IsellerProduct
from ..domain.products import product_kind

log = logging.getLogger(__name__)


async def keep(session: AsyncSession, tenant_id: str, pulled: MasterDataPulled) -> int:
    """Keep every readable record of the page; returns how many were kept."""
    kept, now = 0, datetime.now(UTC)
    for item in pulled.items:
        try:
            if pulled.kind == "product":
                p = Product.model_validate(item)
                await session.merge(IsellerProduct(
                    tenant_id=tenant_id, product_id=p.product_id, sku=(p.sku or "").strip() or None, name=p.name,
                    kind=product_kind(p), price=p.price, product=p.model_dump(mode="json"), loaded_at=now))  # fmt: skip
            else:
                o = Outlet.model_validate(item)
                await session.merge(IsellerOutlet(tenant_id=tenant_id, outlet_id=o.outlet_id, outlet_code=o.outlet_code,
                                                  outlet_name=o.outlet_name, loaded_at=now))  # fmt: skip
        except ValidationError as exc:  # one odd record does not lose the page
            log.warning("pulled record not kept", extra={"kind": pulled.kind, "error": str(exc)[:200]})
            continue
        kept += 1
    return kept
