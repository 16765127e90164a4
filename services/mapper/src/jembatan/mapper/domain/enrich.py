"""Turning a POS event into a ledger fact, or parking it with the precise reason — pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from jembatan.contracts.ledger import PostingLine, PostingPayment, SaleFact
from jembatan.contracts.pos import CustomerRef, OrderCompleted, Payment

from .mapping import OutletMapping


@dataclass(frozen=True)
class Parked:
    reason: str


def enrich_sale(
    order: OrderCompleted, mapping: OutletMapping | None, items: Mapping[str, str]
) -> SaleFact | Parked:
    """`items` maps an iSeller SKU to its Accurate item number."""
    if mapping is None:
        return Parked(f"outlet {order.outlet_id} is not mapped")
    if not mapping.enabled:
        return Parked(f"outlet {order.outlet_id} is switched off for integration")
    lines: list[PostingLine] = []
    for line in order.lines:
        if not line.sku:
            return Parked(f"product {line.name!r} ({line.product_id}) has no SKU")
        item_no = items.get(line.sku)
        if item_no is None:
            return Parked(f"product SKU {line.sku!r} is not in the catalogue")
        lines.append(
            PostingLine(
                source_line_id=line.line_id,
                item_no=item_no,
                quantity=line.quantity,
                unit_price=line.unit_price,
                discount_amount=line.discount_amount,
                tax_amount=line.tax_amount,
            )
        )
    payments = _payments(order.payments, mapping)
    if isinstance(payments, Parked):
        return payments
    on_account = order.on_account_amount > 0
    return SaleFact(
        order=order,
        outlet=mapping.snapshot,
        lines=lines,
        payments=payments,
        on_account=on_account,
        customer_no=customer_number(order.customer, mapping)
        if on_account
        else mapping.snapshot.walk_in_customer_no,
    )


def _payments(payments: list[Payment], mapping: OutletMapping) -> list[PostingPayment] | Parked:
    out = []
    for p in payments:
        account = mapping.account_for_payment(p.gateway, p.payment_type_name)
        if account is None:
            return Parked(f"payment type {p.payment_type_name!r} ({p.gateway}) has no account")
        out.append(
            PostingPayment(
                transaction_id=p.transaction_id,
                account_no=account,
                gateway=p.gateway,
                payment_type_name=p.payment_type_name,
                amount=p.amount,
                mdr_fee=p.mdr_fee,
            )
        )
    return out


def customer_number(customer: CustomerRef | None, mapping: OutletMapping) -> str:
    """The Accurate customer number of a member (ACCOUNTING.md §1: the iSeller id, when chosen)."""
    if customer is None:
        return mapping.snapshot.walk_in_customer_no
    if mapping.customer_number_from_iseller and customer.external_customer_id:
        return customer.external_customer_id[:30]
    return f"IS-{customer.customer_id[:27]}"
