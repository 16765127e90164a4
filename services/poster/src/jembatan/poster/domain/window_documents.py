"""A closed window's held facts → its document drafts, through the recipes (domain/recipes). Pure.

What the recipes need from earlier windows the planner reads from its ledger and passes in:
`original_invoices` (order id → the invoice a refunded order was posted in) and `invoice_numbers`
(order id → the Accurate number of an on-account invoice a customer payment settles).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from jembatan.contracts.ledger import (
    CustomerFact,
    CustomerPaymentFact,
    Fact,
    PayoutFact,
    RefundFact,
    SaleFact,
    ShiftClosedFact,
    StockAdjustedFact,
    StockCountedFact,
    TransferReceivedFact,
    TransferStartedFact,
)

from .drafts import DocumentDraft
from .recipes import (
    OriginalInvoice,
    RecipeRefused,
    customer_documents,
    customer_payment_documents,
    payout_documents,
    sales_window_documents,
    stock_adjusted_documents,
    stock_counted_documents,
    transfer_received_documents,
    transfer_started_documents,
)
from .windows import SalesWindow, window_label

# Why a window cannot become documents: each leaves a visible failed row, rebuilt after a fix.
REFUSALS: tuple[type[Exception], ...] = (RecipeRefused,)

_SINGLE_RECIPES: dict[type[Fact], Callable[[str, Any], list[DocumentDraft]]] = {
    CustomerFact: customer_documents,
    PayoutFact: payout_documents,
    TransferStartedFact: transfer_started_documents,
    TransferReceivedFact: transfer_received_documents,
    StockAdjustedFact: stock_adjusted_documents,
    StockCountedFact: stock_counted_documents,
}


@dataclasses.dataclass(frozen=True)
class WindowFacts:
    tenant_id: str
    window_id: str
    opened_at: datetime
    closed_at: datetime
    facts: Sequence[Fact]
    late: bool = False
    # order id → its invoice planned in an earlier window (for refunds of those orders)
    original_invoices: Mapping[str, OriginalInvoice] = dataclasses.field(default_factory=dict)
    # order id → Accurate number of its on-account invoice (for customer payments settling it)
    invoice_numbers: Mapping[str, str] = dataclasses.field(default_factory=dict)


def window_documents(window: WindowFacts) -> list[DocumentDraft]:
    """Every document the window becomes, each tagged with the window's id."""
    sales = [f for f in window.facts if isinstance(f, SaleFact)]
    refunds = [f for f in window.facts if isinstance(f, RefundFact)]
    drafts: list[DocumentDraft] = []
    if sales or refunds:
        drafts.extend(_sales_documents(window, sales, refunds))
    for fact in window.facts:
        if isinstance(fact, SaleFact | RefundFact | ShiftClosedFact):
            continue
        if isinstance(fact, CustomerPaymentFact):
            drafts.extend(
                customer_payment_documents(window.tenant_id, fact, invoice_numbers=window.invoice_numbers)
            )
            continue
        drafts.extend(_SINGLE_RECIPES[type(fact)](window.tenant_id, fact))
    return [dataclasses.replace(d, window_id=window.window_id) for d in _receipts_before_returns(drafts)]


def _receipts_before_returns(drafts: list[DocumentDraft]) -> list[DocumentDraft]:
    """An invoice's receipts go out one after another, and a return against it only after the
    last: a return sent first would lower what the invoice still owes, and Accurate would refuse
    the receipts as paying more than that (a refund in the same shift as its order)."""
    last_receipt: dict[str, str] = {}
    out: list[DocumentDraft] = []
    for d in drafts:
        paid = d.depends_on
        if d.document_type == "sales-receipt" and paid is not None and ":sales-invoice:" in paid:
            if paid in last_receipt:
                d = dataclasses.replace(d, depends_on=last_receipt[paid])
            last_receipt[paid] = d.key
        out.append(d)
    return [
        dataclasses.replace(d, depends_on=last_receipt[d.depends_on])
        if d.document_type == "sales-return" and d.depends_on in last_receipt
        else d
        for d in out
    ]


def _sales_documents(
    window: WindowFacts, sales: list[SaleFact], refunds: list[RefundFact]
) -> list[DocumentDraft]:
    ordered = sorted(sales, key=lambda s: (s.order.closed_at, s.order.order_id))
    both: list[SaleFact | RefundFact] = [*ordered, *refunds]
    newest = max(both, key=_moment)
    sales_window = SalesWindow(
        tenant_id=window.tenant_id,
        window_id=window.window_id,
        label=window_label(window.window_id),
        outlet=newest.outlet,
        opened_at=window.opened_at,
        closed_at=window.closed_at,
        sales=tuple(ordered),
        refunds=tuple(sorted(refunds, key=lambda r: (r.refund.refunded_at, r.refund.refund_id))),
        late=window.late,
        source_ids=tuple([s.order.order_id for s in ordered] + [r.refund.refund_id for r in refunds]),
    )
    return sales_window_documents(window.tenant_id, sales_window, original_invoices=window.original_invoices)


def _moment(fact: SaleFact | RefundFact) -> datetime:
    return fact.order.closed_at if isinstance(fact, SaleFact) else fact.refund.refunded_at
