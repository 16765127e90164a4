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
"""
