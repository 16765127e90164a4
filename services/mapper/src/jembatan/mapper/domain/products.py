"""The product validation report (ACCOUNTING.md §2; iSeller add-on's product check) — pure.

Every iSeller product gets one verdict, with the reason in the merchant's words.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from jembatan.contracts.iseller import Product

from .sku import sku_problem


class Verdict(StrEnum):
    TO_IMPORT = "to_import"
    IN_ACCURATE = "in_accurate"
    NO_SKU = "no_sku"
    DUPLICATE_SKU = "duplicate_sku"
    INVALID_SKU = "invalid_sku"
    BLOCKED = "blocked"  # valid itself, but an ingredient cannot be imported
    AS_COMPONENTS = "as_components"  # combosets post as their components: nothing to import
    NOT_A_PRODUCT = "not_a_product"  # a free modifier without SKU ("less sugar")


@dataclass(frozen=True)
class ProductVerdict:
    product_id: str
    name: str
    sku: str | None
    kind: str
    verdict: Verdict
    reason: str = ""


@dataclass(frozen=True)
class ValidationReport:
    verdicts: list[ProductVerdict]
    duplicate_skus: dict[str, list[str]] = field(default_factory=dict)  # SKU → product ids

    def counts(self) -> dict[str, int]:
        out = {v.value: 0 for v in Verdict}
        for v in self.verdicts:
            out[v.verdict.value] += 1
        return out

    def having(self, verdict: Verdict) -> list[ProductVerdict]:
        return [v for v in self.verdicts if v.verdict is verdict]


def product_kind(product: Product) -> str:
    kind = (product.type or "standard").lower()
    return "composite" if kind == "composite_variant" else kind


def clean_sku(product: Product) -> str | None:
    return (product.sku or "").strip() or None


def display_name(product: Product) -> str:
    values = [str(o.get("value")) for o in product.variant_options if o.get("value")]
    return " - ".join([product.name, *values]) if values and values[0] not in product.name else product.name


def validate_products(products: Sequence[Product], in_accurate: Collection[str]) -> ValidationReport:
    """Verdicts for every product: `in_accurate` holds the item codes Accurate already has."""
    by_sku: dict[str, list[str]] = defaultdict(list)
    for p in products:
        if (sku := clean_sku(p)) is not None:
            by_sku[sku].append(p.product_id)
    duplicates = {sku: ids for sku, ids in sorted(by_sku.items()) if len(ids) > 1}
    first = {p.product_id: _own_verdict(p, duplicates, in_accurate) for p in products}
    fine = {v.sku for v in first.values() if v.verdict in (Verdict.TO_IMPORT, Verdict.IN_ACCURATE)}
    verdicts = [_with_parts(p, first[p.product_id], fine) for p in products]
    return ValidationReport(verdicts, duplicates)


def _own_verdict(
    p: Product, duplicates: dict[str, list[str]], in_accurate: Collection[str]
) -> ProductVerdict:
    sku, kind = clean_sku(p), product_kind(p)

    def verdict(v: Verdict, reason: str = "") -> ProductVerdict:
        return ProductVerdict(p.product_id, display_name(p), sku, kind, v, reason)

    if kind == "comboset":
        return verdict(Verdict.AS_COMPONENTS, "a comboset posts as its component products")
    if sku is None:
        if kind == "modifier" and p.price == 0:
            return verdict(Verdict.NOT_A_PRODUCT, "a free modifier without SKU carries no money or stock")
        return verdict(Verdict.NO_SKU, "the product has no SKU; Accurate needs it as the item code")
    if sku in duplicates:
        return verdict(Verdict.DUPLICATE_SKU, f"SKU {sku} is used by {len(duplicates[sku])} products")
    if problem := sku_problem(sku):
        return verdict(Verdict.INVALID_SKU, f"SKU {sku!r} cannot be an Accurate item code: {problem}")
    if sku in in_accurate:
        return verdict(Verdict.IN_ACCURATE, "an item with this code already exists in Accurate")
    return verdict(Verdict.TO_IMPORT)


def _with_parts(p: Product, own: ProductVerdict, fine: set[str | None]) -> ProductVerdict:
    """A composite needs its ingredients, a comboset its components, importable or in Accurate."""
    parts = (
        [(i.name, (i.sku or "").strip()) for i in p.ingredients] if own.verdict is Verdict.TO_IMPORT else []
    )
    if own.verdict is Verdict.AS_COMPONENTS:
        parts = [(b.product_name, (b.sku or "").strip()) for b in p.bundles]
    bad = [f"{name or '?'} ({sku or 'no SKU'})" for name, sku in parts if sku not in fine]
    if not bad:
        return own
    why = (
        "ingredients" if own.verdict is Verdict.TO_IMPORT else "components"
    ) + " that cannot be in Accurate: "
    return ProductVerdict(own.product_id, own.name, own.sku, own.kind, Verdict.BLOCKED, why + ", ".join(bad))
