"""An order's amounts, to the rupiah, the way the till computes them. Pure.

total = Σ(qty x base price - line discounts - line promotions) - order discounts
        + additional charges + shipping + tax (when prices exclude it) + rounding
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .arithmetic import allocate, half_up, percent_of, round_to
from .catalogue import Item
from .store import Outlet


@dataclass(frozen=True)
class BasketLine:
    item: Item
    quantity: int
    parent: int | None = None  # index of the line a modifier belongs to
    discount: int = 0  # the line's own discount, whole line
    discount_name: str | None = None
    discount_percentage: Decimal | None = None
    promotion: int = 0  # the line's promotion, whole line
    promotion_name: str | None = None

    @property
    def gross(self) -> int:
        return self.quantity * self.item.price

    @property
    def net(self) -> int:
        return self.gross - self.discount - self.promotion


@dataclass(frozen=True)
class PricedLine:
    line: BasketLine
    order_share: int  # the part of the order-level discount and promotion carried by this line
    tax: int

    @property
    def after_discounts(self) -> int:
        return self.line.net - self.order_share


@dataclass(frozen=True)
class PricedOrder:
    lines: list[PricedLine]
    order_discount: int
    order_promotion: int
    service_charge: int  # subtotal placement, taxable
    final_charge: int  # final placement (packaging), not taxable
    tax: int
    rounding: int

    @property
    def total_order_amount(self) -> int:
        return sum(p.line.gross for p in self.lines)

    @property
    def total_discount(self) -> int:
        return sum(p.line.discount for p in self.lines) + self.order_discount

    @property
    def total_promotion(self) -> int:
        return sum(p.line.promotion for p in self.lines) + self.order_promotion

    @property
    def subtotal(self) -> int:
        return self.total_order_amount - self.total_discount - self.total_promotion

    def total(self, tax_inclusive: bool) -> int:
        tax = 0 if tax_inclusive else self.tax
        return self.subtotal + self.service_charge + self.final_charge + tax + self.rounding


def price_order(
    basket: list[BasketLine], outlet: Outlet, order_discount: int, order_promotion: int, take_away: bool
) -> PricedOrder:
    """Discounts, service charge, PPN (inclusive or exclusive), packaging fee and cash rounding."""
    nets = [line.net for line in basket]
    shares = allocate(order_discount + order_promotion, nets)
    subtotal = sum(nets) - order_discount - order_promotion
    service = percent_of(subtotal, outlet.service_charge_rate)
    taxable = [
        line.net - share if line.item.taxable else 0 for line, share in zip(basket, shares, strict=True)
    ]
    tax = 0
    if outlet.tax_rate and sum(taxable) > 0:
        base = Decimal(sum(taxable) + service)
        rate = outlet.tax_rate
        tax = half_up(base * rate / (100 + rate)) if outlet.tax_inclusive else half_up(base * rate / 100)
    taxes = allocate(tax, taxable)
    final = outlet.packaging_fee if take_away else 0
    raw = subtotal + service + final + (0 if outlet.tax_inclusive else tax)
    rounding = round_to(raw, outlet.rounding_unit) - raw if outlet.rounding_unit else 0
    lines = [PricedLine(line, share, t) for line, share, t in zip(basket, shares, taxes, strict=True)]
    return PricedOrder(lines, order_discount, order_promotion, service, final, tax, rounding)
