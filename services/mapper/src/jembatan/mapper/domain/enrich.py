"""Sales and refunds → ledger facts, or parked with the precise reason — pure."""

from __future__ import annotations

from collections.abc import Sequence

from jembatan.contracts.ledger import PostingPayment, RefundFact, SaleFact
from jembatan.contracts.pos import OrderCompleted, OrderRefunded, Payment

from .lines import refund_lines, sale_lines
from .lookups import Lookups
from .mapping import OutletMapping
from .outcome import Parked

__all__ = ["Parked", "enrich_refund", "enrich_sale", "posting_payments"]


def enrich_sale(order: OrderCompleted, lookups: Lookups) -> SaleFact | Parked:
    """A completed order as a sale fact: item numbers, payment accounts and the customer."""
    outlet = lookups.outlet(order.outlet_id)
    if isinstance(outlet, Parked):
        return outlet
    if not outlet.channel_on(order.channel):
        return Parked(f"channel {order.channel} of outlet {order.outlet_id} is switched off for integration")
    lines = sale_lines(order.lines, lookups.catalogue)
    if isinstance(lines, Parked):
        return lines
    payments = posting_payments(order.payments, outlet)
    if isinstance(payments, Parked):
        return payments
    on_account = order.on_account_amount > 0
    walk_in = outlet.snapshot.walk_in_customer_no
    return SaleFact(
        order=order,
        outlet=outlet.snapshot,
        lines=lines,
        payments=payments,
        on_account=on_account,
        customer_no=lookups.customer_no(order.customer, walk_in) if on_account else walk_in,
    )


def enrich_refund(refund: OrderRefunded, lookups: Lookups) -> RefundFact | Parked:
    """A refund as a refund fact. Money given back → the walk-in customer's return (the sale was
    the walk-in's); no money back for a member → it reduces the member's on-account debt."""
    outlet = lookups.outlet(refund.outlet_id)
    if isinstance(outlet, Parked):
        return outlet
    lines = refund_lines(refund.lines, lookups.catalogue)
    if isinstance(lines, Parked):
        return lines
    payments = posting_payments(refund.payments, outlet)
    if isinstance(payments, Parked):
        return payments
    walk_in = outlet.snapshot.walk_in_customer_no
    member = refund.customer if not refund.payments else None
    return RefundFact(
        refund=refund,
        outlet=outlet.snapshot,
        customer_no=lookups.customer_no(member, walk_in),
        lines=lines,
        payments=payments,
    )


def posting_payments(payments: Sequence[Payment], mapping: OutletMapping) -> list[PostingPayment] | Parked:
    """Each payment with the cash/bank account it lands in, or why one has none."""
    out = []
    for p in payments:
        account = mapping.account_for_payment(p.gateway, p.payment_type_name)
        if account is None:
            if p.gateway == "iseller_pay":
                return Parked(f"payment type {p.payment_type_name!r} is iSeller Pay and the outlet "
                              "has no iSeller Pay clearing account")  # fmt: skip
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
