"""Rupiah arithmetic for the simulator: integers, half-up rounding, exact allocations."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

FOUR_PLACES = Decimal("0.0001")


def half_up(value: Decimal) -> int:
    """Round to a whole rupiah, halves away from zero (as a till does)."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent_of(amount: int, rate: Decimal) -> int:
    return half_up(Decimal(amount) * rate / 100)


def round_to(amount: int, unit: int) -> int:
    """`amount` rounded to the nearest `unit` (cash rounding)."""
    return half_up(Decimal(amount) / unit) * unit


def allocate(total: int, weights: list[int]) -> list[int]:
    """Split `total` in proportion to `weights`, largest remainders first, so the parts sum exactly."""
    base = sum(weights)
    if base == 0 or total == 0:
        return [0] * len(weights)
    exact = [Decimal(total) * w / base for w in weights]
    parts = [int(e) for e in exact]  # truncates toward zero
    left = total - sum(parts)
    step = 1 if left > 0 else -1
    order = sorted(range(len(weights)), key=lambda i: (-abs(exact[i] - parts[i]), i))
    for i in order[: abs(left)]:
        parts[i] += step
    return parts


def money(amount: int | Decimal) -> Decimal:
    """An amount as iSeller writes it: a decimal with four places (`18000.0000`)."""
    return Decimal(amount).quantize(FOUR_PLACES)
