"""PPN to the rupiah: what Accurate will compute, and where the till's PPN goes (ACCOUNTING.md "PPN").

ONE place for the prediction. It mirrors the Accurate sandbox's `domain/pricing.py` (which mirrors
Accurate's invoice form, assumptions in the sandbox's `assumptions.py`):
- a line's amount is quantity x unit price - its cash discount (6 decimals);
- the header `cashDiscount` is spread over the lines in proportion to their amounts (6 decimals,
  the last non-zero line takes the remainder);
- a taxed line's PPN is (amount - its header share) x rate / 100, or / (100 + rate) when prices
  include tax; the lines' PPN of one tax code is summed, then rounded half-up to the rupiah;
- expense lines (`detailExpense`) are never taxed;
- total = lines - cashDiscount + expenses (+ PPN when prices exclude it).

The till's own PPN (iSeller `tax_amount`) includes PPN on taxable charges (service charge), which
Accurate never computes. `split_till_ppn` separates the charges' part from the goods' part.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .refusals import RecipeRefused

ZERO = Decimal(0)
SIX_PLACES = Decimal("0.000001")
RUPIAH = Decimal(1)


def money(value: Decimal) -> Decimal:
    return value.quantize(SIX_PLACES, rounding=ROUND_HALF_UP)


def rupiah(value: Decimal) -> Decimal:
    return value.quantize(RUPIAH, rounding=ROUND_HALF_UP)


def shown(value: Decimal) -> str:
    """An amount as a person reads it: 61,000 (decimals only when there are some)."""
    exact = value.quantize(RUPIAH) if value == value.to_integral_value() else value.normalize()
    return f"{exact:,}"


@dataclass(frozen=True)
class TaxedLine:
    """An invoice line as Accurate prices it."""

    quantity: Decimal
    unit_price: Decimal
    cash_discount: Decimal
    taxed: bool

    @property
    def amount(self) -> Decimal:
        return money(self.quantity * self.unit_price) - self.cash_discount


def spread(total: Decimal, weights: Sequence[Decimal], *, places: Decimal = SIX_PLACES) -> list[Decimal]:
    """Split `total` over `weights` proportionally; the last non-zero weight takes the remainder."""
    if not weights:
        return []
    whole = sum(weights, ZERO)
    if whole == ZERO:
        return [total] + [ZERO] * (len(weights) - 1)
    shares = [(total * w / whole).quantize(places, rounding=ROUND_HALF_UP) for w in weights]
    last = max(i for i, w in enumerate(weights) if w != ZERO)
    shares[last] += total - sum(shares, ZERO)
    return shares


def accurate_ppn(
    lines: Sequence[TaxedLine], *, cash_discount: Decimal, rate: Decimal, inclusive: bool
) -> Decimal:
    """The PPN Accurate computes for a taxable document whose taxed lines share one tax code."""
    amounts = [line.amount for line in lines]
    shares = spread(cash_discount, amounts)
    divisor = (100 + rate) if inclusive else Decimal(100)
    raw = sum(
        ((a - s) * rate / divisor for line, a, s in zip(lines, amounts, shares, strict=True) if line.taxed),
        ZERO,
    )
    return rupiah(raw)


def accurate_total(
    lines: Sequence[TaxedLine], *, cash_discount: Decimal, expenses: Decimal, ppn: Decimal, inclusive: bool
) -> Decimal:
    """The invoice (or return) total Accurate will show."""
    sub_total = sum((line.amount for line in lines), ZERO)
    return sub_total - cash_discount + expenses + (ZERO if inclusive else ppn)


@dataclass(frozen=True)
class TillPpn:
    """The till's PPN of one order or refund, split into the goods' part and the charges' part."""

    goods: Decimal
    charges: Decimal

    @property
    def total(self) -> Decimal:
        return self.goods + self.charges


def split_till_ppn(
    ppn: Decimal, *, goods_base: Decimal, taxable_charges: Decimal, rate: Decimal, inclusive: bool
) -> TillPpn:
    """Which part of the till's PPN was charged on the charges (service charge), which on goods.

    iSeller may or may not tax its charges (a per-tax setting). We take the reading that explains
    the till's figure best: PPN at `rate` on goods + charges, or on goods alone.
    """
    if ppn == ZERO or taxable_charges == ZERO:
        return TillPpn(ppn, ZERO)
    divisor = (100 + rate) if inclusive else Decimal(100)
    with_charges = (goods_base + taxable_charges) * rate / divisor
    without = goods_base * rate / divisor
    if abs(with_charges - ppn) >= abs(without - ppn):
        return TillPpn(ppn, ZERO)
    charges = rupiah(ppn * taxable_charges / (goods_base + taxable_charges))
    return TillPpn(ppn - charges, charges)


class TotalMismatch(RecipeRefused):
    """The invoice Accurate would compute does not equal the till's total: never send its receipts."""

    def __init__(self, what: str, accurate: Decimal, till: Decimal) -> None:
        super().__init__(
            f"{what}: Accurate would total {shown(accurate)} but iSeller's total is {shown(till)} "
            f"(difference {shown(accurate - till)}); not posted so its receipts are not refused"
        )
        self.accurate = accurate
        self.till = till
