"""The tenant's iSeller products and SKU → Accurate item numbers, and the catalogue view built from them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime
from decimal import Decimal

from jembatan.contracts.iseller import Product
from sqlmodel import col, delete, select
from sqlmodel.ext.asyncio.session import AsyncSession

from ..domain.catalogue import Catalogue, KnownProduct
from ..domain.products import product_kind
from .tables import CatalogueItem, IsellerProduct


async def replace_products(session: AsyncSession, tenant_id: str, products: Iterable[Product]) -> int:
    """Make `products` the tenant's whole iSeller catalogue; returns how many were stored.

    A product listed twice (pages that shifted during a pull) is stored once, as last listed."""
    await session.exec(delete(IsellerProduct).where(col(IsellerProduct.tenant_id) == tenant_id))
    now, count = datetime.now(UTC), 0
    for p in {p.product_id: p for p in products}.values():
        session.add(
            IsellerProduct(
                tenant_id=tenant_id, product_id=p.product_id, sku=(p.sku or "").strip() or None,
                name=p.name, kind=product_kind(p), price=p.price,
                product=p.model_dump(mode="json"), loaded_at=now,
            )
        )  # fmt: skip
        count += 1
    return count


async def products(session: AsyncSession, tenant_id: str) -> list[Product]:
    query = select(IsellerProduct).where(IsellerProduct.tenant_id == tenant_id)
    rows = (await session.exec(query.order_by(col(IsellerProduct.product_id)))).all()
    return [Product.model_validate(r.product) for r in rows]


async def item_numbers(
    session: AsyncSession, tenant_id: str, skus: Iterable[str] | None = None
) -> dict[str, str]:
    """SKU → Accurate item number (all of the tenant's when `skus` is None)."""
    query = select(CatalogueItem).where(CatalogueItem.tenant_id == tenant_id)
    if skus is not None:
        wanted = sorted({s for s in skus if s})
        if not wanted:
            return {}
        query = query.where(col(CatalogueItem.sku).in_(wanted))
    return {row.sku: row.item_no for row in (await session.exec(query)).all()}


async def record_items(
    session: AsyncSession, tenant_id: str, items: dict[str, str], source: str, names: dict[str, str]
) -> None:
    for sku, item_no in items.items():
        row = CatalogueItem(
            tenant_id=tenant_id, sku=sku, item_no=item_no, name=names.get(sku, ""), source=source
        )
        await session.merge(row)


async def catalogue_for(session: AsyncSession, tenant_id: str, skus: Iterable[str]) -> Catalogue:
    """What is known about `skus` (and the components of combosets among them)."""
    wanted = {s for s in skus if s}
    rows = await _product_rows(session, tenant_id, wanted)
    slots = {s for r in rows if r.kind == "comboset" for s, _ in _bundle_slots(r)}
    if slots - wanted:
        wanted |= slots
        rows += await _product_rows(session, tenant_id, slots - {r.sku for r in rows})
    numbers = await item_numbers(session, tenant_id, wanted)
    uses = Counter(r.sku for r in rows)
    known: dict[str, KnownProduct] = {}
    for r in rows:
        if r.sku and r.sku not in known:
            known[r.sku] = KnownProduct(
                sku=r.sku, item_no=numbers.get(r.sku), name=r.name, kind=r.kind, price=r.price,
                products_using_sku=uses[r.sku], components=tuple(_bundle_slots(r)),
            )  # fmt: skip
    for sku, item_no in numbers.items():
        known.setdefault(sku, KnownProduct(sku=sku, item_no=item_no))
    return Catalogue(known)


async def _product_rows(session: AsyncSession, tenant_id: str, skus: set[str]) -> list[IsellerProduct]:
    if not skus:
        return []
    query = select(IsellerProduct).where(
        IsellerProduct.tenant_id == tenant_id, col(IsellerProduct.sku).in_(sorted(skus))
    )
    return list((await session.exec(query)).all())


def _bundle_slots(row: IsellerProduct) -> list[tuple[str, Decimal]]:
    product = Product.model_validate(row.product)
    return [((b.sku or "").strip(), b.quantity) for b in product.bundles if (b.sku or "").strip()]
