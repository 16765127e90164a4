"""Splitting an amount into parts that add up to it exactly, to the rupiah — pure."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

RUPIAH = Decimal(1)


def allocate(total: Decimal, weights: list[Decimal], quantum: Decimal = RUPIAH) -> list[Decimal]:
    """Shares of `total` in proportion to `weights` (equal shares when all are zero); exact sum.

    Shares are whole multiples of `quantum` where possible (largest remainder first); what is left
    below one quantum goes to the heaviest part.
    """
    if not weights:
        return []
    if sum(weights) <= 0:
        weights = [Decimal(1)] * len(weights)
    whole = sum(weights)
    raw = [total * w / whole for w in weights]
    shares = [(r / quantum).to_integral_value(ROUND_FLOOR) * quantum for r in raw]
    left = total - sum(shares)
    by_remainder = sorted(range(len(raw)), key=lambda i: (raw[i] - shares[i], weights[i]), reverse=True)
    for i in by_remainder:
        if left < quantum:
            break
        shares[i] += quantum
        left -= quantum
    if left:
        shares[max(range(len(weights)), key=lambda i: weights[i])] += left
    return shares


def unit_price_for(net: Decimal, quantity: Decimal, quantum: Decimal = RUPIAH) -> tuple[Decimal, Decimal]:
    """A whole-rupiah unit price and the line discount that give exactly `net` for `quantity` units.

    Rounding the unit price up and putting the difference into the line discount keeps the line's
    total exact, which is what the books must equal (ACCOUNTING.md I2).
    """
    if quantity <= 0:
        return net, Decimal(0)
    unit = (net / quantity / quantum).to_integral_value(ROUND_CEILING) * quantum
    return unit, unit * quantity - net
