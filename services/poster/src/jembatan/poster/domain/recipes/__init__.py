"""Pure recipes: ledger facts → Accurate document drafts (ACCOUNTING.md §3). No I/O.

The planner (service_layer) decides *which* facts form a window; these functions decide *what*
documents that window becomes. Every function is deterministic: the same facts give the same
keys, numbers and bodies, which is what lets a failed document be rebuilt after a fix.

Public surface (the planner calls only these):

- ``sales_window_documents(tenant_id, window)`` — a `SalesWindow` (one order in real time, a shift or
  an hours span otherwise) → the walk-in summary invoice, one receipt per payment account, each
  on-account sale's own invoice to its member (paid only for what was paid at the till), and for
  each refund a sales return plus the money back from the account it was refunded from.
- ``customer_documents(tenant_id, fact)``, ``customer_payment_documents(tenant_id, fact)``,
  ``payout_documents(tenant_id, fact)``, ``transfer_started_documents(tenant_id, fact)``,
  ``transfer_received_documents(tenant_id, fact)``, ``stock_adjusted_documents(tenant_id, fact)``,
  ``stock_counted_documents(tenant_id, fact)``.

Each raises ``RecipeRefused`` (with a reason in the merchant's words) when a fact cannot become a
document as mapped (e.g. an account the outlet has not mapped, a payout whose orders do not sum).
``TotalMismatch`` (a ``RecipeRefused``) carries both figures when Accurate's predicted invoice total
would differ from iSeller's ``total_amount``.

Optional inputs the planner supplies from its ledger (all keyed by iSeller order id):
``sales_window_documents(..., original_invoices={order_id: OriginalInvoice(key, number)})`` for
refunds of orders invoiced in an earlier window, and ``customer_payment_documents(...,
invoice_numbers={order_id: number})`` for the on-account invoices a payment settles (their keys:
``settled_invoice_keys(tenant_id, fact)``); without them the payment is refused until they exist.
"""

from ..refusals import RecipeRefused, UnmappedAccount
from ..tax import TotalMismatch
from .customers import (
    customer_documents,
    customer_key,
    customer_payment_documents,
    member_documents,
    settled_invoice_keys,
)
from .payouts import payout_documents
from .refunds import OriginalInvoice, refund_documents
from .sales_window import invoice_key, order_invoice_key, sales_window_documents
from .stock import (
    stock_adjusted_documents,
    stock_counted_documents,
    transfer_out_key,
    transfer_received_documents,
    transfer_started_documents,
)

__all__ = [
    "OriginalInvoice",
    "RecipeRefused",
    "TotalMismatch",
    "UnmappedAccount",
    "customer_documents",
    "customer_key",
    "customer_payment_documents",
    "invoice_key",
    "member_documents",
    "order_invoice_key",
    "payout_documents",
    "refund_documents",
    "sales_window_documents",
    "settled_invoice_keys",
    "stock_adjusted_documents",
    "stock_counted_documents",
    "transfer_out_key",
    "transfer_received_documents",
    "transfer_started_documents",
]  # fmt: skip
