"""What customers buy, and which discounts and promotions the cashier applies. Random but seeded."""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from .arithmetic import percent_of
from .catalogue import Catalogue, Item
from .pricing import BasketLine

STAFF_DISCOUNT = Decimal(10)  # percent, line level
PROMO_KOPI = 5000  # rupiah off each Es Kopi Susu Gula Aren
MEMBER_DISCOUNT = Decimal(5)  # percent, order level
VOUCHER = 10000  # rupiah off orders of 50.000 or more
PAYDAY_PROMO = 3000  # order-level promotion


@dataclass(frozen=True)
class Basket:
    lines: list[BasketLine]
    order_discount: int
    order_discount_name: str | None
    order_discount_percentage: Decimal | None
    order_promotion: int
    order_promotion_name: str | None
    take_away: bool


def _line(rng: random.Random, item: Item, quantity: int, parent: int | None = None) -> BasketLine:
    if parent is None and item.price and rng.random() < 0.12:
        amount = percent_of(quantity * item.price, STAFF_DISCOUNT)
        return BasketLine(item, quantity, None, amount, "Diskon Karyawan", STAFF_DISCOUNT)
    if item.sku == "KSGA" and rng.random() < 0.3:
        return BasketLine(
            item, quantity, parent, promotion=PROMO_KOPI * quantity, promotion_name="Promo Kopi Hemat"
        )
    return BasketLine(item, quantity, parent)


def fill_basket(rng: random.Random, catalogue: Catalogue, member: bool) -> Basket:
    """One to four products (with modifiers where offered) and the order-level reductions."""
    lines: list[BasketLine] = []
    for item in rng.sample(catalogue.sellable(), k=rng.choice((1, 1, 2, 2, 3, 4))):
        quantity = rng.choice((1, 1, 1, 2, 2, 3))
        lines.append(_line(rng, item, quantity))
        parent = len(lines) - 1
        if item.modifiers and rng.random() < 0.45:
            modifier = catalogue.modifier(rng.choice(item.modifiers))
            lines.append(BasketLine(modifier, quantity, parent))
    net = sum(line.net for line in lines)
    discount, name, percentage = 0, None, None
    if member and rng.random() < 0.5:
        discount, name, percentage = percent_of(net, MEMBER_DISCOUNT), "Diskon Member", MEMBER_DISCOUNT
    elif net >= 50000 and rng.random() < 0.15:
        discount, name = VOUCHER, "Voucher 10rb"
    promotion, promotion_name = 0, None
    if net - discount > PAYDAY_PROMO * 5 and rng.random() < 0.08:
        promotion, promotion_name = PAYDAY_PROMO, "Promo Gajian"
    return Basket(lines, discount, name, percentage, promotion, promotion_name, rng.random() < 0.35)
