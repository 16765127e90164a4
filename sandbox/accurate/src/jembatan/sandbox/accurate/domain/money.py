"""Money and quantities as Decimal (never float): Accurate's Money type has up to 6 decimals."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from .errors import AccurateError, invalid_field

ZERO = Decimal(0)
SIX_PLACES = Decimal("0.000001")
MAX_MONEY = Decimal("999999999999")
MAX_PLACES = 6
# What a 7th decimal does (assumptions.SWITCHES["excessDecimals"]): "refuse" or "round".
_EXCESS = ContextVar("excess_decimals", default="refuse")


@contextmanager
def excess_decimals(form: str) -> Iterator[None]:
    """Within the block, numbers with more than six decimals are refused or rounded."""
    token = _EXCESS.set(form)
    try:
        yield
    finally:
        _EXCESS.reset(token)


def to_decimal(value: Any, field: str, *, default: Decimal | None = None) -> Decimal:
    """Parse a JSON number or a plain digit string; refuse floats' text noise, separators and NaN."""
    if value is None or value == "":
        if default is None:
            raise invalid_field(field)
        return default
    if isinstance(value, bool):
        raise invalid_field(field)
    try:
        number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError):
        raise invalid_field(field) from None
    if not number.is_finite():
        raise invalid_field(field)
    if abs(number) > MAX_MONEY:
        raise AccurateError("Nilai angka terlalu besar")
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_PLACES and number != number.quantize(SIX_PLACES):
        if _EXCESS.get() == "refuse":
            raise invalid_field(field)
        number = money(number)
    return number


def money(value: Decimal) -> Decimal:
    """Quantize to Accurate's 6 decimal places."""
    return value.quantize(SIX_PLACES, rounding=ROUND_HALF_UP)


def round_to(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def allocate(total: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """Split ``total`` over ``weights`` proportionally (6 dp); the last non-zero share takes the remainder."""
    whole = sum(weights, ZERO)
    if not weights:
        return []
    if whole == ZERO:
        return [total] + [ZERO] * (len(weights) - 1)
    shares = [money(total * w / whole) for w in weights]
    last = max(i for i, w in enumerate(weights) if w != ZERO) if any(weights) else 0
    shares[last] += total - sum(shares, ZERO)
    return shares


def parse_discount_percent(value: Any, field: str) -> Decimal:
    """Accurate's UI allows cascaded discounts such as ``"10+5"``; return the effective percent."""
    if value is None or value == "":
        return ZERO
    remaining = Decimal(100)
    for part in str(value).split("+"):
        pct = to_decimal(part.strip(), field)
        if pct < 0 or pct > 100:
            raise invalid_field(field)
        remaining = remaining * (Decimal(100) - pct) / Decimal(100)
    return Decimal(100) - remaining
