"""The till's sales (or refunds) → the lines of one Accurate invoice (or return), right to the rupiah.

Where each rupiah goes, in every PPN mapping (T = the till's PPN, Ta = what Accurate computes,
Tg / Tc = the till's PPN on goods / on taxable charges):

| outlet                      | Accurate computes | expense lines added                                  |
|-----------------------------|-------------------|------------------------------------------------------|
| charges PPN, prices excl.   | Ta on goods       | PPN (T - Ta) on output tax                           |
| charges PPN, prices incl.   | Ta inside goods   | PPN (T - Ta); charges net of Tc; PPN rounding (Ta-Tg) on sales |
| no PPN code, prices excl.   | nothing           | PPN T on output tax                                  |
| no PPN code, prices incl.   | nothing           | PPN T; charges net of Tc; goods lines discounted by Tg |

So the output-tax account always receives T, revenue never holds PPN, and the predicted Accurate
total equals the till's total; if it cannot, `TotalMismatch` says so with both figures. With prices
including PPN, Accurate credits sales with the goods less Ta; the "PPN rounding" line on the
outlet's sales account adds Ta - Tg back, so sales hold the goods less the till's PPN (iSeller's
net sales) — on an invoice and, debited, on a return.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from jembatan.accurate.documents import ExpenseLine
from jembatan.contracts.ledger import OutletSnapshot

from ..refusals import RecipeRefused, require_account
from ..tax import ZERO, TaxedLine, TotalMismatch, accurate_ppn, accurate_total, split_till_ppn, spread


@dataclass(frozen=True)
class GoodsLine:
    item_no: str
    quantity: Decimal
    unit_price: Decimal
    discount: Decimal
    taxable: bool
    till_ppn: Decimal = ZERO  # the till's PPN on this line (a share, as iSeller reports it)

    @property
    def amount(self) -> Decimal:
        return self.quantity * self.unit_price - self.discount


@dataclass(frozen=True)
class TillSale:
    """One order (or refund) as the till computed it."""

    what: str  # "order #1001" — for messages
    lines: tuple[GoodsLine, ...]
    total: Decimal
    ppn: Decimal = ZERO
    inclusive: bool = False
    order_discount: Decimal = ZERO
    taxable_charges: Decimal = ZERO  # charges before the subtotal (service charge)
    other_charges: Decimal = ZERO  # charges after tax (e.g. packaging at the final total)
    shipping: Decimal = ZERO
    rounding: Decimal = ZERO


@dataclass(frozen=True)
class PricedDocument:
    lines: tuple[GoodsLine, ...]  # aggregated per (item, unit price, taxable)
    cash_discount: Decimal
    expenses: tuple[ExpenseLine, ...]
    taxable: bool
    inclusive: bool
    accurate_ppn: Decimal
    total: Decimal  # Accurate's predicted total = the till's total


def price_sales(sales: Sequence[TillSale], outlet: OutletSnapshot, what: str) -> PricedDocument:
    """Lines, header discount and expense lines of one document for `sales`; the totals agree."""
    inclusive = _one_inclusive_flag(sales, what)
    charges_ppn, rate = outlet.tax.charges_ppn, outlet.tax.tax_rate
    goods: list[GoodsLine] = []
    till_goods_ppn = till_charges_ppn = ZERO
    for sale in sales:
        shares = spread(sale.order_discount, [line.amount for line in sale.lines])
        base = sum((ln.amount - s for ln, s in zip(sale.lines, shares, strict=True) if ln.taxable), ZERO)
        split = split_till_ppn(sale.ppn, goods_base=base, taxable_charges=sale.taxable_charges, rate=rate,
                               inclusive=inclusive)  # fmt: skip
        till_goods_ppn += split.goods
        till_charges_ppn += split.charges
        lines = list(sale.lines)
        if inclusive and not charges_ppn:
            lines = _ppn_out_of_prices(lines, split.goods)
        goods += lines
    merged = _aggregate(goods)
    cash_discount = sum((s.order_discount for s in sales), ZERO)
    if cash_discount > sum((ln.amount for ln in merged), ZERO):
        raise RecipeRefused(
            f"{what}: order discounts of {cash_discount:,} exceed its goods; Accurate refuses that"
        )
    taxed = [TaxedLine(ln.quantity, ln.unit_price, ln.discount, charges_ppn and ln.taxable) for ln in merged]
    computed = (
        accurate_ppn(taxed, cash_discount=cash_discount, rate=rate, inclusive=inclusive)
        if charges_ppn
        else ZERO
    )
    till_ppn = till_goods_ppn + till_charges_ppn
    charges = sum((s.taxable_charges + s.other_charges for s in sales), ZERO) - (
        till_charges_ppn if inclusive else 0
    )
    wanted = [
        ("Service / additional charge", charges, outlet.service_charge_account),
        ("Shipping", sum((s.shipping for s in sales), ZERO), outlet.shipping_account),
        ("Rounding", sum((s.rounding for s in sales), ZERO), outlet.rounding_account),
        ("PPN", till_ppn - computed, outlet.output_tax_account),
    ]
    if inclusive and charges_ppn:
        wanted.append(("PPN rounding", computed - till_goods_ppn, outlet.sales_account))
    expenses = tuple(
        ExpenseLine(
            account_no=require_account(account, f"{name} of {amount}", outlet.outlet_code),
            expense_name=name,
            expense_amount=amount,
        )
        for name, amount, account in wanted
        if amount != 0
    )
    total = accurate_total(taxed, cash_discount=cash_discount, ppn=computed, inclusive=inclusive,
                           expenses=sum((e.expense_amount for e in expenses), ZERO))  # fmt: skip
    till_total = sum((s.total for s in sales), ZERO)
    if total != till_total:
        raise TotalMismatch(what, total, till_total)
    return PricedDocument(tuple(merged), cash_discount, expenses, charges_ppn, inclusive, computed, total)


def _one_inclusive_flag(sales: Sequence[TillSale], what: str) -> bool:
    flags = {s.inclusive for s in sales}
    if len(flags) > 1:
        raise RecipeRefused(f"{what} mixes tax-inclusive and tax-exclusive prices; post it per order")
    return flags.pop() if flags else False


def _ppn_out_of_prices(lines: list[GoodsLine], goods_ppn: Decimal) -> list[GoodsLine]:
    """Accurate computes no PPN here: take the PPN inside the prices out of revenue as a line discount."""
    taxed = [ln for ln in lines if ln.taxable]
    if goods_ppn == ZERO or not taxed:
        return lines
    by_till = [ln.till_ppn for ln in taxed]
    weights = by_till if sum(by_till, ZERO) > 0 else [ln.amount for ln in taxed]
    shares = iter(spread(goods_ppn, weights, places=Decimal(1)))
    return [replace(ln, discount=ln.discount + next(shares)) if ln.taxable else ln for ln in lines]


def _aggregate(lines: list[GoodsLine]) -> list[GoodsLine]:
    """One line per (item, unit price, taxable): quantities and discounts summed, first-seen order."""
    merged: dict[tuple[str, Decimal, bool], GoodsLine] = {}
    for ln in lines:
        key = (ln.item_no, ln.unit_price, ln.taxable)
        seen = merged.get(key)
        merged[key] = ln if seen is None else replace(
            seen, quantity=seen.quantity + ln.quantity, discount=seen.discount + ln.discount,
            till_ppn=seen.till_ppn + ln.till_ppn)  # fmt: skip
    return list(merged.values())
