"""Builders of ledger facts for the recipe tests: an outlet on the sandbox's chart, and till data."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from jembatan.contracts.ledger import (
    OutletSnapshot,
    PostingLine,
    PostingPayment,
    RefundFact,
    SaleFact,
    TaxSettings,
)
from jembatan.contracts.pos import CustomerRef, OrderCompleted, OrderLine, OrderRefunded, Payment, RefundLine
from jembatan.poster.domain.windows import SalesWindow

D = Decimal
NOON = datetime(2026, 11, 25, 5, 0, tzinfo=UTC)  # 12:00 in Jakarta
CASH, CARD, CLEARING = "1-1001", "1-1003", "1-1010"
ACCOUNTS = {"cash": CASH, "external_debit": CARD, "iseller_pay": CLEARING}
OUTPUT_TAX, SERVICE, ROUNDING, RECEIVABLE, SALES = "2-1100", "4-2000", "7-1100", "1-1100", "4-1000"
MEMBER_NAME = "Sari Wulandari"


def outlet(*, charges_ppn: bool = False, inclusive: bool = False, **extra: Any) -> OutletSnapshot:
    return OutletSnapshot(
        outlet_id="outlet-ho", outlet_code="HO", branch_name="Pusat", warehouse_name="Utama",
        walk_in_customer_no="UMUM",
        tax=TaxSettings(charges_ppn=charges_ppn, prices_include_tax=inclusive, tax_code="PPN" if charges_ppn else None),
        iseller_pay_clearing_account=CLEARING, mdr_fee_account="6-2000", payout_account="1-1004",
        bank_adjustment_account="6-2100", service_charge_account=SERVICE, shipping_account="4-2100",
        rounding_account=ROUNDING, stock_adjustment_account="5-2000", stock_count_account="5-2100",
        damaged_goods_account="5-2200", output_tax_account=OUTPUT_TAX, receivable_account=RECEIVABLE,
        sales_account=SALES, **extra,
    )  # fmt: skip


Line = tuple[str, int, int, int, bool, int]  # sku, quantity, unit price, line discount, taxable, line tax


def sale(
    order_id: str, lines: Sequence[Line], total: int, paid: Sequence[tuple[str, int]], *, snapshot: OutletSnapshot,
    tax: int = 0, inclusive: bool = False, order_discount: int = 0, service: int = 0, rounding: int = 0,
    customer_no: str = "UMUM", on_account: int = 0, at: datetime = NOON,
) -> SaleFact:  # fmt: skip
    order = OrderCompleted(
        order_id=order_id, order_reference=f"#{order_id}", outlet_id="outlet-ho", closed_at=at, tax_inclusive=inclusive,
        customer=None if customer_no == "UMUM" else CustomerRef(customer_id=f"cus-{customer_no}", name=MEMBER_NAME),
        lines=[OrderLine(line_id=f"{order_id}-{n}", product_id=sku, sku=sku, name=sku, quantity=D(q), unit_price=D(p),
                         discount_amount=D(d), taxable=taxable, tax_amount=D(t))
               for n, (sku, q, p, d, taxable, t) in enumerate(lines)],
        order_discount_amount=D(order_discount), additional_subtotal_amount=D(service), tax_amount=D(tax),
        rounding_amount=D(rounding), total_amount=D(total), on_account_amount=D(on_account),
        payments=[Payment(transaction_id=f"{order_id}-p{n}", gateway=g, payment_type_name=g, amount=D(a))
                  for n, (g, a) in enumerate(paid)],
    )  # fmt: skip
    return SaleFact(
        order=order, outlet=snapshot, customer_no=customer_no, on_account=on_account > 0,
        lines=[PostingLine(source_line_id=ln.line_id, item_no=ln.sku or "", quantity=ln.quantity,
                           unit_price=ln.unit_price, discount_amount=ln.discount_amount, tax_amount=ln.tax_amount)
               for ln in order.lines],
        payments=[PostingPayment(transaction_id=p.transaction_id, account_no=ACCOUNTS[p.gateway], gateway=p.gateway,
                                 payment_type_name=p.payment_type_name, amount=p.amount) for p in order.payments],
    )  # fmt: skip


def refund(
    refund_id: str, order_id: str, lines: Sequence[tuple[str, int, int, int]], total: int,
    paid: Sequence[tuple[str, int]], *, snapshot: OutletSnapshot, inclusive: bool = False, service: int = 0,
    customer_no: str = "UMUM", at: datetime = NOON,
) -> RefundFact:  # fmt: skip
    """`lines`: (sku, quantity, amount after discount, tax)."""
    event = OrderRefunded(
        refund_id=refund_id, order_id=order_id, order_reference=f"#{order_id}", outlet_id="outlet-ho",
        refunded_at=at, tax_inclusive=inclusive, additional_charges_refunded=D(service), refund_amount=D(total),
        lines=[RefundLine(sku=sku, quantity=D(q), amount=D(a), tax_amount=D(t)) for sku, q, a, t in lines],
        payments=[Payment(transaction_id=f"{refund_id}-p{n}", gateway=g, payment_type_name=g, amount=D(a))
                  for n, (g, a) in enumerate(paid)],
    )  # fmt: skip
    return RefundFact(
        refund=event, outlet=snapshot, customer_no=customer_no,
        lines=[PostingLine(source_line_id=f"r{n}", item_no=sku, quantity=D(q), unit_price=D(-(-a // q)),
                           discount_amount=D(-(-a // q) * q - a), tax_amount=D(t))
               for n, (sku, q, a, t) in enumerate(lines)],
        payments=[PostingPayment(transaction_id=p.transaction_id, account_no=ACCOUNTS[p.gateway], gateway=p.gateway,
                                 payment_type_name=p.payment_type_name, amount=p.amount) for p in event.payments],
    )  # fmt: skip


def window(
    window_id: str, snapshot: OutletSnapshot, sales: Sequence[SaleFact] = (), refunds: Sequence[RefundFact] = ()
) -> SalesWindow:
    return SalesWindow(tenant_id="t1", window_id=window_id, label="shift 7", outlet=snapshot, opened_at=NOON,
                       closed_at=NOON, sales=tuple(sales), refunds=tuple(refunds))  # fmt: skip
