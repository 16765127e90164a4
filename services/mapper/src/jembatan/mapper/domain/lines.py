"""POS goods lines → Accurate posting lines (ACCOUNTING.md §2) — pure.

Standard and variant products post as their item; composites post as their GROUP item (Accurate
relieves the ingredients); combosets post as their component lines, the combo's price split over
the components by their list prices; modifiers post only when they have a price.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from jembatan.contracts.ledger import PostingLine
from jembatan.contracts.pos import OrderLine, ProductKind, RefundLine

from .allocation import allocate, unit_price_for
from .catalogue import Catalogue
from .outcome import Parked

Components = Sequence[tuple[str | None, Decimal]]  # (sku, quantity per unit of the line)


def sale_lines(lines: Sequence[OrderLine], catalogue: Catalogue) -> list[PostingLine] | Parked:
    """The posting lines of an order's goods, or the first reason one of them cannot post."""
    out: list[PostingLine] = []
    for line in lines:
        if line.kind is ProductKind.MODIFIER and line.unit_price == 0:
            continue  # a free modifier ("less sugar") carries no money and is no product
        gross = line.quantity * line.unit_price
        if line.kind is ProductKind.COMBOSET:
            parts: Components = [(c.sku, c.quantity) for c in line.components] or _slots(line.sku, catalogue)
            made = combo_lines(line.line_id, line.name, line.quantity, gross, line.discount_amount,
                               line.tax_amount, parts, catalogue)  # fmt: skip
        else:
            made = _single(line.line_id, line.sku, repr(line.name) + f" ({line.product_id})", catalogue,
                           line.quantity, line.unit_price, line.discount_amount, line.tax_amount)  # fmt: skip
        if isinstance(made, Parked):
            return made
        out += made
    return out


def refund_lines(lines: Sequence[RefundLine], catalogue: Catalogue) -> list[PostingLine] | Parked:
    """The posting lines of a refund's goods; a refunded comboset returns its components."""
    out: list[PostingLine] = []
    for n, line in enumerate(lines):
        line_id = line.line_id or f"r{n}"
        gross = line.amount + line.discount_amount
        known = catalogue.get(line.sku) if line.sku else None
        if known is not None and known.kind == ProductKind.COMBOSET.value:
            made = combo_lines(line_id, line.sku or "", line.quantity, gross, line.discount_amount,
                               line.tax_amount, known.components, catalogue)  # fmt: skip
        else:
            unit, rounding = unit_price_for(gross, line.quantity)
            made = _single(line_id, line.sku, f"{line.product_id or line_id}", catalogue, line.quantity,
                           unit, line.discount_amount + rounding, line.tax_amount)  # fmt: skip
        if isinstance(made, Parked):
            return made
        out += made
    return out


def _single(
    line_id: str, sku: str | None, what: str, catalogue: Catalogue,
    quantity: Decimal, unit_price: Decimal, discount: Decimal, tax: Decimal,
) -> list[PostingLine] | Parked:  # fmt: skip
    item_no = catalogue.item_no(sku, what)
    if isinstance(item_no, Parked):
        return item_no
    return [PostingLine(source_line_id=line_id, item_no=item_no, quantity=quantity,
                        unit_price=unit_price, discount_amount=discount, tax_amount=tax)]  # fmt: skip


def _slots(sku: str | None, catalogue: Catalogue) -> Components:
    known = catalogue.get(sku) if sku else None
    return list(known.components) if known else []


def combo_lines(
    line_id: str, name: str, quantity: Decimal, gross: Decimal, discount: Decimal, tax: Decimal,
    parts: Components, catalogue: Catalogue,
) -> list[PostingLine] | Parked:  # fmt: skip
    """A comboset line as one line per component; the totals add up exactly to the combo line's."""
    if not parts:
        return Parked(f"comboset {name!r} has no components to post")
    items = [catalogue.item_no(sku, f"in comboset {name!r}") for sku, _ in parts]
    for item in items:
        if isinstance(item, Parked):
            return item
    per_combo = [catalogue.price(sku or "") * q for sku, q in parts]
    unit_price = gross / quantity if quantity else gross
    shares = allocate(unit_price, per_combo)
    discounts = allocate(discount, shares)
    taxes = allocate(tax, shares)
    out = []
    for n, ((_, per_unit), item_no, share) in enumerate(zip(parts, items, shares, strict=True)):
        unit, rounding = unit_price_for(share, per_unit)
        out.append(
            PostingLine(
                source_line_id=f"{line_id}:{n}",
                item_no=str(item_no),
                quantity=quantity * per_unit,
                unit_price=unit,
                discount_amount=discounts[n] + rounding * quantity,
                tax_amount=taxes[n],
            )
        )
    return out
