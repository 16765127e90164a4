"""The product catalogue: loading it, the validation report, and the import into Accurate."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from jembatan.accurate.documents.masters import ItemType
from jembatan.contracts.iseller import Product
from sqlmodel import select

from ..adapters import accurate_gateway, catalogue_store
from ..adapters.master_cache import records
from ..adapters.tables import OutletMappingRow
from ..domain.item_import import batches, import_plan, ppn_tax_code
from ..domain.mapping import OutletMapping
from ..domain.products import ValidationReport, display_name, validate_products
from .context import Mapper
from .redrive import redrive_parked

Progress = Callable[[int, int], Awaitable[None]]


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # SKU → why nothing was created
    refused: dict[str, str] = field(default_factory=dict)  # SKU → Accurate's message
    facts_made: int = 0


async def load_catalogue(mapper: Mapper, tenant_id: str, products: Sequence[Product]) -> tuple[int, int]:
    """Replace the tenant's iSeller catalogue; returns (products stored, parked events that became facts)."""
    async with mapper.db.session() as session:
        stored = await catalogue_store.replace_products(session, tenant_id, products)
    return stored, await redrive_parked(mapper.db, tenant_id)


async def validation_report(mapper: Mapper, tenant_id: str) -> ValidationReport:
    """Verdicts for the stored catalogue; "in Accurate" = mapped SKUs plus cached Accurate items."""
    async with mapper.db.session() as session:
        products = await catalogue_store.products(session, tenant_id)
        known = set(await catalogue_store.item_numbers(session, tenant_id))
        known |= {r["no"] for r in await records(session, tenant_id, "item") if isinstance(r.get("no"), str)}
    return validate_products(products, known)


async def import_products(mapper: Mapper, tenant_id: str, progress: Progress | None = None) -> ImportReport:
    """Create the missing items through `item/bulk-save.do`; never an item twice.

    Each batch first asks Accurate which codes it already has; those are recorded and skipped."""
    async with mapper.db.session() as session:
        products = await catalogue_store.products(session, tenant_id)
        mapped = await catalogue_store.item_numbers(session, tenant_id)
        rows = (
            await session.exec(select(OutletMappingRow).where(OutletMappingRow.tenant_id == tenant_id))
        ).all()
    tax_code = ppn_tax_code(OutletMapping.model_validate(row.mapping) for row in rows)
    report, names = ImportReport(), {p.sku.strip(): display_name(p) for p in products if p.sku}
    untracked = ItemType(mapper.settings.untracked_item_type)
    plan = import_plan(products, validate_products(products, set(mapped)), untracked, tax_code)
    for sku in sorted(set(mapped) & set(names)):
        report.skipped[sku] = "already mapped to an Accurate item"
    async with mapper.accurate(tenant_id) as client:
        for n, batch in enumerate(batches(plan)):
            there = await accurate_gateway.existing_items(client, [i.no or "" for i in batch])
            todo = []
            for item in batch:
                blocked = [c.item_no for c in item.detail_group or [] if c.item_no in report.refused]
                if item.no in there:
                    report.skipped[item.no or ""] = "already in Accurate"
                elif blocked:
                    report.refused[item.no or ""] = f"ingredient {', '.join(blocked)} was refused"
                else:
                    todo.append(item)
            results = await accurate_gateway.create_items(client, todo) if todo else []
            for item, result in zip(todo, results, strict=True):
                if result.ok:
                    report.created.append(item.no or "")
                else:
                    report.refused[item.no or ""] = "; ".join(result.error.messages) if result.error else "?"
            created = {i.no or "": i.no or "" for i, r in zip(todo, results, strict=True) if r.ok}
            async with mapper.db.session() as session:
                await catalogue_store.record_items(session, tenant_id, there, "found", names)
                await catalogue_store.record_items(session, tenant_id, created, "imported", names)
            if progress:
                await progress(min(len(plan), (n + 1) * 100), len(plan))
    report.facts_made = await redrive_parked(mapper.db, tenant_id)
    return report
