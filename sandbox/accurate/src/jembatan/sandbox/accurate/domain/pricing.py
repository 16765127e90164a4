"""Totals of a sales document: line and header discounts, expenses and PPN (inclusive or not)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .errors import AccurateError
from .money import ZERO, allocate, money, round_to


@dataclass(frozen=True)
class LineInput:
    quantity: Decimal
    unit_price: Decimal
    cash_discount: Decimal = ZERO  # amount for the whole line (itemCashDiscount)
    discount_percent: Decimal = ZERO  # itemDiscPercent, effective percent
    tax_code: str | None = None  # None: line not taxed
    tax_rate: Decimal = ZERO


@dataclass(frozen=True)
class PricedLine:
    gross: Decimal
    discount: Decimal
    amount: Decimal  # gross - line discount
    header_discount: Decimal  # this line's share of the header discount
    tax: Decimal  # this line's share of its tax code's rounded tax
    revenue: Decimal  # what the line credits to its sales account


@dataclass(frozen=True)
class PricedDocument:
    lines: tuple[PricedLine, ...]
    sub_total: Decimal
    cash_discount: Decimal
    tax_by_code: dict[str, Decimal]
    tax_base: Decimal  # DPP
    expense_total: Decimal
    total: Decimal

    @property
    def tax(self) -> Decimal:
        return sum(self.tax_by_code.values(), ZERO)


def price(lines: list[LineInput], *, cash_discount: Decimal, cash_disc_percent: Decimal,
          expenses: list[Decimal], taxable: bool, inclusive: bool, tax_decimals: int) -> PricedDocument:
    """Price a sales document the way Accurate's invoice form does (rules in assumptions.py)."""
    amounts, discounts = [], []
    for line in lines:
        gross = money(line.quantity * line.unit_price)
        discount = line.cash_discount or money(gross * line.discount_percent / 100)
        if discount > gross:
            raise AccurateError("Diskon tidak boleh melebihi nilai sub total")
        amounts.append(gross - discount)
        discounts.append(discount)
    sub_total = sum(amounts, ZERO)
    header = cash_discount or money(sub_total * cash_disc_percent / 100)
    if header > sub_total or header < 0:
        raise AccurateError("Diskon tidak boleh melebihi nilai sub total")
    shares = allocate(header, amounts)
    raw_tax = [ZERO] * len(lines)
    if taxable:
        for i, line in enumerate(lines):
            if line.tax_code is not None and line.tax_rate:
                net = amounts[i] - shares[i]
                divisor = (100 + line.tax_rate) if inclusive else Decimal(100)
                raw_tax[i] = net * line.tax_rate / divisor
    tax_by_code: dict[str, Decimal] = {}
    line_tax = [ZERO] * len(lines)
    for code in {line.tax_code for line in lines if line.tax_code is not None}:
        idx = [i for i, line in enumerate(lines) if line.tax_code == code]
        total = round_to(sum((raw_tax[i] for i in idx), ZERO), tax_decimals)
        if total:
            tax_by_code[code] = total
            for i, share in zip(idx, allocate(total, [raw_tax[i] for i in idx]), strict=True):
                line_tax[i] = share
    tax = sum(tax_by_code.values(), ZERO)
    priced = tuple(
        PricedLine(amounts[i] + discounts[i], discounts[i], amounts[i], shares[i], line_tax[i],
                   amounts[i] - line_tax[i] if inclusive else amounts[i])
        for i in range(len(lines)))
    taxed_net = sum((amounts[i] - shares[i] for i, line in enumerate(lines) if line_tax[i]), ZERO)
    tax_base = taxed_net - tax if inclusive else taxed_net
    expense_total = sum(expenses, ZERO)
    total = sub_total - header + expense_total + (ZERO if inclusive else tax)
    return PricedDocument(priced, sub_total, header, tax_by_code, tax_base, expense_total, total)
