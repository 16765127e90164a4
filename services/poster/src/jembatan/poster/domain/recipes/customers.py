"""Members: the customer record, and their later payments against on-account invoices.

Assumption (how a payment finds its invoices): each allocation of an iSeller customer payment names
the on-account order it settles; that order's invoice is always its own (``order_invoice_key``, in
every sync mode), so the planner reads the invoice's Accurate number from the ledger by that key and
passes it in `invoice_numbers`. An allocation whose invoice is not planned yet refuses the payment
(it is retried once the invoice exists), so a receipt never pays an invoice Accurate does not have.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from jembatan.accurate.documents import Customer, ReceiptInvoice, SalesReceipt
from jembatan.contracts.ledger import CustomerFact, CustomerPaymentFact, SaleFact

from ..drafts import ActivityKind, DocumentDraft
from ..jakarta import jakarta_day
from ..numbering import document_number
from ..refusals import RecipeRefused
from .drafting import draft, searchable


def order_invoice_key(tenant_id: str, order_id: str) -> str:
    return f"{tenant_id}:sales-invoice:order:{order_id}"


def customer_key(tenant_id: str, customer_no: str) -> str:
    return f"{tenant_id}:customer:{customer_no}"


def customer_documents(tenant_id: str, fact: CustomerFact) -> list[DocumentDraft]:
    """The member under their own name, numbered with their customer number.

    Each change of the member is its own document (keyed by its time), so an update is not taken
    for a repeat of the creation.
    """
    member = fact.customer
    document = Customer(
        name=member.name or fact.customer_no, customer_no=fact.customer_no, trans_date=jakarta_day(member.updated_at),
        mobile_phone=member.phone, email=member.email,
        notes=f"iSeller customer {member.customer_id}"
        + (f" ({member.external_customer_id})" if member.external_customer_id else ""),
    )  # fmt: skip
    key = f"{customer_key(tenant_id, fact.customer_no)}:{member.updated_at:%Y%m%dT%H%M%S}"
    sources = [member.customer_id, *([member.external_customer_id] if member.external_customer_id else [])]
    return [draft(document, key=key, number=fact.customer_no, kind=ActivityKind.CUSTOMER, source_ids=sources,
                  outlet_id=None)]  # fmt: skip


def member_documents(tenant_id: str, sale: SaleFact, window_id: str | None = None) -> list[DocumentDraft]:
    """The member an on-account sale is invoiced to, created under their name before the invoice.

    Keyed by the customer number alone: the first sale creates the member, later ones find it
    planned already (and Accurate's existing record is adopted by its number).
    """
    member = sale.order.customer
    if member is None or sale.customer_no == sale.outlet.walk_in_customer_no:
        return []
    document = Customer(
        name=member.name or sale.customer_no, customer_no=sale.customer_no, trans_date=jakarta_day(sale.order.closed_at),
        mobile_phone=member.phone, email=member.email, notes=f"iSeller customer {member.customer_id}",
    )  # fmt: skip
    return [draft(document, key=customer_key(tenant_id, sale.customer_no), number=sale.customer_no,
                  kind=ActivityKind.CUSTOMER, source_ids=[member.customer_id], outlet_id=sale.outlet.outlet_id,
                  window_id=window_id)]  # fmt: skip


def settled_invoice_keys(tenant_id: str, fact: CustomerPaymentFact) -> dict[str, str]:
    """Order id → ledger key of the on-account invoice each allocation settles (for the planner's lookup)."""
    return {a.order_id: order_invoice_key(tenant_id, a.order_id) for a in fact.payment.allocations}


def customer_payment_documents(
    tenant_id: str, fact: CustomerPaymentFact, *, invoice_numbers: Mapping[str, str] | None = None
) -> list[DocumentDraft]:
    """One sales receipt per payment account, paying the member's invoices in allocation order."""
    payment, outlet = fact.payment, fact.outlet
    numbers = invoice_numbers or {}
    missing = [a.order_reference or a.order_id for a in payment.allocations if a.order_id not in numbers]
    if missing:
        raise RecipeRefused(f"payment {payment.payment_id} settles order(s) {', '.join(missing)} "
                            "whose on-account invoice is not planned yet")  # fmt: skip
    owed = [(a.order_id, a.amount) for a in payment.allocations if a.amount > 0]
    paid = sum((p.amount for p in fact.payments), Decimal(0))
    if paid != sum((amount for _, amount in owed), Decimal(0)):
        raise RecipeRefused(f"payment {payment.payment_id}: {paid:,} received but {sum(a for _, a in owed):,} "
                            "allocated to invoices")  # fmt: skip
    day = jakarta_day(payment.received_at)
    out = []
    for account, amount in _per_account(fact).items():
        take, owed = _take(owed, amount)
        key = f"{tenant_id}:sales-receipt:customer-payment:{payment.payment_id}:{account}"
        number = document_number("sales-receipt", outlet.outlet_code, day, key)
        receipt = SalesReceipt(
            number=number, trans_date=day, branch_name=outlet.branch_name, customer_no=fact.customer_no,
            bank_no=account, cheque_amount=amount, char_field1=searchable(payment.payment_id),
            description=f"iSeller customer payment {payment.payment_id}"[:250],
            detail_invoice=[ReceiptInvoice(invoice_no=numbers[order_id], payment_amount=part) for order_id, part in take],
        )  # fmt: skip
        out.append(draft(receipt, key=key, number=number, kind=ActivityKind.RECEIPT, outlet_id=outlet.outlet_id,
                         source_ids=[payment.payment_id, *(a.order_id for a in payment.allocations)],
                         depends_on=order_invoice_key(tenant_id, take[0][0])))  # fmt: skip
    return out


def _per_account(fact: CustomerPaymentFact) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for p in fact.payments:
        totals[p.account_no] = totals.get(p.account_no, Decimal(0)) + p.amount
    return {account: amount for account, amount in sorted(totals.items()) if amount > 0}


def _take(
    owed: list[tuple[str, Decimal]], amount: Decimal
) -> tuple[list[tuple[str, Decimal]], list[tuple[str, Decimal]]]:
    """Pay `amount` off the front of `owed`; return what was paid and what is still owed."""
    paid, left = [], []
    for order_id, due in owed:
        part = min(due, amount)
        amount -= part
        if part > 0:
            paid.append((order_id, part))
        if due - part > 0:
            left.append((order_id, due - part))
    return paid, left
