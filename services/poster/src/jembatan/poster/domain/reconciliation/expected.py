"""What iSeller says a window's documents must hold: each invoice the total of its orders, each
receipt the payments its orders took into that cash/bank account. The document numbers come from
the recipes (deterministic), the amounts from iSeller's own order totals and payments."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from jembatan.contracts.ledger import CustomerPaymentFact, Fact, SaleFact

from ..drafts import DocumentDraft

COMPARED = ("sales-invoice", "sales-receipt")  # the document types whose amounts iSeller explains


@dataclass(frozen=True)
class ExpectedDocument:
    document_type: str
    number: str
    window_id: str
    amount: Decimal  # iSeller's figure: the orders' total (invoice) or payments (receipt)
    outlet_id: str | None = None
    account_no: str | None = None  # receipts: the cash/bank account the payments landed in
    customer_no: str | None = None  # the member (or walk-in customer) the document is for
    source_ids: tuple[str, ...] = field(default=())


def expected_documents(
    window_id: str, drafts: Sequence[DocumentDraft], facts: Sequence[Fact]
) -> list[ExpectedDocument]:
    """The window's invoices and receipts with the amounts iSeller gives for their orders."""
    sales = {f.order.order_id: f for f in facts if isinstance(f, SaleFact)}
    paid = {f.payment.payment_id: f for f in facts if isinstance(f, CustomerPaymentFact)}
    out = []
    for draft in drafts:
        if draft.document_type not in COMPARED:
            continue
        if draft.document_type == "sales-receipt" and draft.source_ids and draft.source_ids[0] in paid:
            out.append(_member_payment(window_id, draft, paid[draft.source_ids[0]]))
            continue
        orders = [sales[i] for i in draft.source_ids if i in sales]
        if not orders:
            continue
        account = draft.body.get("bankNo") if draft.document_type == "sales-receipt" else None
        if account is None:
            amount = sum((s.order.total_amount for s in orders), Decimal(0))
        else:
            amount = sum(
                (p.amount for s in orders for p in s.payments if p.account_no == account), Decimal(0)
            )
        out.append(
            ExpectedDocument(
                document_type=draft.document_type,
                number=draft.number,
                window_id=window_id,
                amount=amount,
                outlet_id=draft.outlet_id,
                account_no=account,
                customer_no=draft.body.get("customerNo"),
                source_ids=tuple(s.order.order_id for s in orders),
            )
        )
    return out


def _member_payment(window_id: str, draft: DocumentDraft, fact: CustomerPaymentFact) -> ExpectedDocument:
    """A member's payment of earlier on-account sales: what the member paid into that account."""
    account = draft.body.get("bankNo")
    amount = sum((p.amount for p in fact.payments if p.account_no == account), Decimal(0))
    return ExpectedDocument(document_type=draft.document_type, number=draft.number, window_id=window_id,
                            amount=amount, outlet_id=draft.outlet_id, account_no=account,
                            customer_no=draft.body.get("customerNo"), source_ids=(fact.payment.payment_id,))  # fmt: skip


def payment_totals(facts: Sequence[Fact]) -> dict[str, Decimal]:
    """iSeller's takings per cash/bank account (the payment types as the outlet maps them)."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for fact in facts:
        if isinstance(fact, SaleFact):
            for payment in fact.payments:
                totals[payment.account_no] += payment.amount
    return dict(totals)
