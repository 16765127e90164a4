"""Real-time mode: one order → its invoice and one receipt per payment account.

Kept for callers of the first poster; the recipe itself is `recipes.sales_window_documents` on a
window of one order, which gives the same keys and numbers.
"""

from __future__ import annotations

from jembatan.contracts.ledger import SaleFact

from .drafts import DocumentDraft
from .recipes import order_invoice_key, sales_window_documents
from .refusals import UnmappedAccount
from .windows import SalesWindow

__all__ = ["UnmappedAccount", "invoice_key", "sale_documents"]


def invoice_key(tenant_id: str, order_id: str) -> str:
    return order_invoice_key(tenant_id, order_id)


def sale_documents(tenant_id: str, fact: SaleFact) -> list[DocumentDraft]:
    """The invoice first, then its receipts (each depends on the invoice)."""
    order = fact.order
    window = SalesWindow(
        tenant_id=tenant_id, window_id=f"order:{order.order_id}", label=order.order_reference, outlet=fact.outlet,
        opened_at=order.closed_at, closed_at=order.closed_at, sales=(fact,), source_ids=(order.order_id,),
    )  # fmt: skip
    return sales_window_documents(tenant_id, window)
