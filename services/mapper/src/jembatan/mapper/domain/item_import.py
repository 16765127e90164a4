"""Which Accurate items an import creates, in which order (ACCOUNTING.md §2) — pure.

Tracked products → INVENTORY; untracked → NON_INVENTORY (or SERVICE, the tenant's choice);
composites → GROUP items whose components are their ingredients; combosets are not items.
Plain items come first, so a GROUP's components exist when it is created. A product iSeller marks
taxable carries the PPN tax code of the outlets that charge PPN, so Accurate taxes its invoice lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from jembatan.accurate.documents.masters import GroupComponent, Item, ItemType
from jembatan.contracts.iseller import Product

from .mapping import OutletMapping
from .products import ValidationReport, Verdict, clean_sku, display_name, product_kind

DEFAULT_UNIT = "PCS"


def ppn_tax_code(mappings: Iterable[OutletMapping]) -> str | None:
    """The tax code taxable items carry: that of the (first, by outlet) outlet charging PPN."""
    codes = sorted(
        (m.snapshot.outlet_id, m.snapshot.tax.tax_code)
        for m in mappings
        if m.enabled and m.snapshot.tax.charges_ppn and m.snapshot.tax.tax_code
    )
    return codes[0][1] if codes else None


def item_for(
    product: Product, untracked: ItemType = ItemType.NON_INVENTORY, tax_code: str | None = None
) -> Item:
    """The Accurate item a product becomes; `no` is its SKU."""
    sku = clean_sku(product)
    unit = (product.unit_of_measurement or DEFAULT_UNIT).strip()[:20] or DEFAULT_UNIT
    common = {"no": sku, "name": display_name(product)[:100], "unit1_name": unit, "unit_price": product.price,
              "tax1_name": tax_code if product.taxable else None}  # fmt: skip
    if product_kind(product) == "composite" or product.ingredients:
        parts = [
            GroupComponent(item_no=(i.sku or "").strip(), quantity=i.quantity) for i in product.ingredients
        ]
        return Item(item_type=ItemType.GROUP, detail_group=parts, **common)
    return Item(item_type=ItemType.INVENTORY if product.track_inventory else untracked, **common)


def import_plan(
    products: Sequence[Product], report: ValidationReport, untracked: ItemType = ItemType.NON_INVENTORY,
    tax_code: str | None = None,
) -> list[Item]:  # fmt: skip
    """The items to create for every product the report found importable, plain items first."""
    importable = {v.product_id for v in report.having(Verdict.TO_IMPORT)}
    items = [item_for(p, untracked, tax_code) for p in products if p.product_id in importable]
    return sorted(items, key=lambda i: (i.item_type == ItemType.GROUP, i.no or ""))


def batches(items: Sequence[Item], size: int = 100) -> list[list[Item]]:
    """`bulk-save.do` takes at most 100 records a call."""
    return [list(items[n : n + size]) for n in range(0, len(items), size)]
