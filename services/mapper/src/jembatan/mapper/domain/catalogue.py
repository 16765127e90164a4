"""What the mapper knows about a tenant's products when it maps an event — pure.

A SKU is the Accurate item code (ACCOUNTING.md §2). A product can be sold only when its SKU is
valid, used by one product only, and the item exists in Accurate (imported or already there).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from .outcome import Parked
from .sku import sku_problem


@dataclass(frozen=True)
class KnownProduct:
    """One SKU as the catalogue sees it."""

    sku: str
    item_no: str | None = None  # the Accurate item, once it exists there
    name: str = ""
    kind: str = "standard"
    price: Decimal = Decimal(0)
    products_using_sku: int = 1
    components: tuple[tuple[str, Decimal], ...] = ()  # comboset slots: (sku, quantity per unit)


@dataclass(frozen=True)
class Catalogue:
    """SKU → what is known about it; an unknown SKU is simply absent."""

    products: Mapping[str, KnownProduct] = field(default_factory=dict)

    @classmethod
    def of_item_numbers(cls, items: Mapping[str, str]) -> Catalogue:
        """A catalogue that only knows SKU → item number (the merchant's manual mapping)."""
        return cls({sku: KnownProduct(sku=sku, item_no=no) for sku, no in items.items()})

    def get(self, sku: str) -> KnownProduct | None:
        return self.products.get(sku)

    def price(self, sku: str) -> Decimal:
        known = self.products.get(sku)
        return known.price if known else Decimal(0)

    def item_no(self, sku: str | None, what: str) -> str | Parked:
        """The Accurate item number of `sku`, or why a product (`what`, e.g. its name) cannot post."""
        if not sku:
            return Parked(f"product {what} has no SKU")
        problem = sku_problem(sku)
        if problem:
            return Parked(f"product SKU {sku!r} cannot be an Accurate item code: {problem}")
        known = self.products.get(sku)
        if known is None:
            return Parked(f"product SKU {sku!r} is not in the catalogue")
        if known.products_using_sku > 1:
            return Parked(
                f"product SKU {sku!r} is used by {known.products_using_sku} products in iSeller; "
                "give each product its own SKU"
            )
        if known.item_no is None:
            return Parked(f"product SKU {sku!r} is not in Accurate yet; import the products")
        return known.item_no
