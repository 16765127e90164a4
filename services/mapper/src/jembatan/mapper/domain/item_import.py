"""Which Accurate items an import creates, in which order (ACCOUNTING.md §2) — pure.

Tracked products → INVENTORY; untracked → NON_INVENTORY (or SERVICE, the tenant's choice);
composites → GROUP items whose components are their ingredients; combosets are not items.
Plain items come first, so a GROUP's components exist when it is created.
"""

from __future__ import annotations

from collections.abc import Sequence

from jembatan.accurate.documents.masters import GroupComponent, Item, ItemType
from jembatan.contracts.iseller import Product

from .products import ValidationReport, Verdict, clean_sku, display_name, product_kind

DEFAULT_UNIT = "PCS"


def item_for(product: Product, untracked: ItemType = ItemType.NON_INVENTORY) -> Item:
    """The Accurate item a product becomes; `no` is its SKU."""
    sku = clean_sku(product)
    unit = (product.unit_of_measurement or DEFAULT_UNIT).strip()[:20] or DEFAULT_UNIT
    common = {"no": sku, "name": display_name(product)[:100], "unit1_name": unit, "unit_price": product.price}
    if product_kind(product) == "composite" or product.ingredients:
        parts = [
            GroupComponent(item_no=(i.sku or "").strip(), quantity=i.quantity) for i in product.ingredients
        ]
        return Item(item_type=ItemType.GROUP, detail_group=parts, **common)
    return Item(item_type=ItemType.INVENTORY if product.track_inventory else untracked, **common)


def import_plan(
    products: Sequence[Product], report: ValidationReport, untracked: ItemType = ItemType.NON_INVENTORY
) -> list[Item]:
    """The items to create for every product the report found importable, plain items first."""
    importable = {v.product_id for v in report.having(Verdict.TO_IMPORT)}
    items = [item_for(p, untracked) for p in products if p.product_id in importable]
    return sorted(items, key=lambda i: (i.item_type == ItemType.GROUP, i.no or ""))


def batches(items: Sequence[Item], size: int = 100) -> list[list[Item]]:
    """`bulk-save.do` takes at most 100 records a call."""
    return [list(items[n : n + size]) for n in range(0, len(items), size)]
