"""A sales window → its invoices, receipts, returns and money back (ACCOUNTING.md §3).

- Real time (``window_id = order:<order_id>``, one order): the order's own invoice to its customer
  (walk-in or member) and one receipt per payment account. Keys and numbers are those the poster
  has always used, so documents posted before are recognised.
- Summary windows (a shift, a span of scheduled hours): one invoice to the walk-in customer for every
  walk-in order, one receipt per payment account paying it; each on-account sale is its own invoice
  to its member (keyed by its order, as in real time), paid only for what was paid at the till.
- Every refund: a sales return and the money back (see `refunds`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal

from jembatan.accurate.documents import InvoiceLine, ReceiptInvoice, SalesInvoice, SalesReceipt
from jembatan.contracts.ledger import OutletSnapshot, PostingPayment, SaleFact

from ..drafts import ActivityKind, DocumentDraft
from ..jakarta import jakarta_day
from ..numbering import document_number
from ..refusals import RecipeRefused
from ..windows import SalesWindow
from .customers import member_documents
from .drafting import draft, searchable
from .pricing import price_sales
from .refunds import OriginalInvoice, refund_documents
from .till import sale_as_till


def invoice_key(tenant_id: str, window_id: str) -> str:
    """The invoice of a window; for real time (``order:<id>``) the order's own invoice."""
    return f"{tenant_id}:sales-invoice:{window_id}"


def order_invoice_key(tenant_id: str, order_id: str) -> str:
    """An order's own invoice (real time, or an on-account sale in any mode)."""
    return invoice_key(tenant_id, f"order:{order_id}")


def sales_window_documents(
    tenant_id: str, window: SalesWindow, *, original_invoices: Mapping[str, OriginalInvoice] | None = None
) -> list[DocumentDraft]:
    """Invoices first, then receipts, returns and money back (each after what it depends on).

    `original_invoices` maps an order id to its invoice posted in an earlier window (the planner
    reads it from the ledger); a refund of an order found nowhere becomes a NO_INVOICE return.
    """
    known = dict(original_invoices or {})
    docs: list[DocumentDraft] = []
    own = [s for s in window.sales if _own_invoice(s, window)]
    walk_in = [s for s in window.sales if not _own_invoice(s, window)]
    if walk_in:
        invoice, receipts = _summary_documents(tenant_id, window, walk_in)
        docs += [invoice, *receipts]
        known.update({s.order.order_id: OriginalInvoice(invoice.key, invoice.number, invoice.body["customerNo"])
                      for s in walk_in})  # fmt: skip
    for sale in own:
        member = member_documents(tenant_id, sale, window.window_id)
        invoice, receipts = _order_documents(
            tenant_id, sale, window.window_id, member[0].key if member else None
        )
        docs += [*member, invoice, *receipts]
        known[sale.order.order_id] = OriginalInvoice(invoice.key, invoice.number, sale.customer_no)
    summary_orders = {s.order.order_id for s in walk_in}
    for refund in window.refunds:
        same_window = refund.refund.order_id in summary_orders
        docs += refund_documents(tenant_id, refund, known.get(refund.refund.order_id), window.window_id,
                                 not_before=jakarta_day(window.closed_at) if same_window else None)  # fmt: skip
    return docs


def _own_invoice(sale: SaleFact, window: SalesWindow) -> bool:
    real_time = window.window_id == f"order:{sale.order.order_id}"
    return real_time or sale.on_account or sale.order.on_account_amount > 0


def _order_documents(
    tenant_id: str, sale: SaleFact, window_id: str, customer_key: str | None
) -> tuple[DocumentDraft, list[DocumentDraft]]:
    order = sale.order
    key = order_invoice_key(tenant_id, order.order_id)
    invoice, total = _invoice(
        key=key, day=jakarta_day(order.closed_at), outlet=sale.outlet, customer_no=sale.customer_no,
        sales=[sale], what=f"order {order.order_reference}", reference=order.order_reference,
        description=f"iSeller order {order.order_reference} ({order.order_id})", window_id=window_id,
    )  # fmt: skip
    if customer_key:
        invoice = replace(invoice, depends_on=customer_key)
    receipts = _receipts(
        tenant_id, (invoice, total), f"order:{order.order_id}", sale.payments, customer_no=sale.customer_no,
        outlet=sale.outlet, day=jakarta_day(order.closed_at), reference=order.order_reference,
        description=f"iSeller order {order.order_reference} payments", window_id=window_id,
        source_ids=[order.order_id],
    )  # fmt: skip
    return invoice, receipts


def _summary_documents(
    tenant_id: str, window: SalesWindow, sales: list[SaleFact]
) -> tuple[DocumentDraft, list[DocumentDraft]]:
    outlet, day = window.outlet, jakarta_day(window.closed_at)
    refs = [s.order.order_reference for s in sales]
    invoice, total = _invoice(
        key=invoice_key(tenant_id, window.window_id), day=day, outlet=outlet,
        customer_no=outlet.walk_in_customer_no, sales=sales, what=f"window {window.label}",
        reference=window.label, window_id=window.window_id,
        description=f"iSeller {window.label} ({window.window_id}): {len(sales)} orders {refs[0]} … {refs[-1]}",
    )  # fmt: skip
    receipts = _receipts(
        tenant_id, (invoice, total), window.window_id, [p for s in sales for p in s.payments],
        customer_no=outlet.walk_in_customer_no, outlet=outlet, day=day, reference=window.label,
        description=f"iSeller {window.label} payments", window_id=window.window_id,
        source_ids=[s.order.order_id for s in sales],
    )  # fmt: skip
    return invoice, receipts


def _invoice(
    *, key: str, day: date, outlet: OutletSnapshot, customer_no: str, sales: Sequence[SaleFact], what: str,
    reference: str, description: str, window_id: str,
) -> tuple[DocumentDraft, Decimal]:  # fmt: skip
    priced = price_sales([sale_as_till(s) for s in sales], outlet, what)
    number = document_number("sales-invoice", outlet.outlet_code, day, key)
    document = SalesInvoice(
        number=number, trans_date=day, branch_name=outlet.branch_name, description=description[:250],
        customer_no=customer_no, po_number=searchable(reference), char_field1=searchable(reference),
        taxable=priced.taxable, inclusive_tax=priced.taxable and priced.inclusive,
        cash_discount=priced.cash_discount or None, detail_expense=list(priced.expenses),
        detail_item=[
            InvoiceLine(item_no=ln.item_no, quantity=ln.quantity, unit_price=ln.unit_price,
                        item_cash_discount=ln.discount, warehouse_name=outlet.warehouse_name,
                        use_tax1=ln.taxable if priced.taxable else None)
            for ln in priced.lines
        ],
    )  # fmt: skip
    sources = [i for s in sales for i in (s.order.order_id, s.order.order_reference)]
    made = draft(document, key=key, number=number, kind=ActivityKind.ORDER_SYNC, source_ids=sources,
                 outlet_id=outlet.outlet_id, window_id=window_id)  # fmt: skip
    return made, priced.total


def _receipts(
    tenant_id: str, priced_invoice: tuple[DocumentDraft, Decimal], scope: str, payments: Sequence[PostingPayment], *, customer_no: str,
    outlet: OutletSnapshot, day: date, reference: str, description: str, window_id: str, source_ids: list[str],
) -> list[DocumentDraft]:  # fmt: skip
    per_account: dict[str, Decimal] = defaultdict(Decimal)
    for payment in payments:
        per_account[payment.account_no] += payment.amount
    invoice, total = priced_invoice
    paid = sum((a for a in per_account.values() if a > 0), Decimal(0))
    if paid > total:
        raise RecipeRefused(f"{description}: {paid:,} paid is more than the invoice total {total:,}")
    out = []
    for account, amount in sorted(per_account.items()):
        if amount <= 0:
            continue
        key = f"{tenant_id}:sales-receipt:{scope}:{account}"
        number = document_number("sales-receipt", outlet.outlet_code, day, key)
        receipt = SalesReceipt(
            number=number, trans_date=day, branch_name=outlet.branch_name, description=description[:250],
            char_field1=searchable(reference), customer_no=customer_no, bank_no=account, cheque_amount=amount,
            detail_invoice=[ReceiptInvoice(invoice_no=invoice.number, payment_amount=amount)],
        )  # fmt: skip
        out.append(draft(receipt, key=key, number=number, kind=ActivityKind.RECEIPT, source_ids=source_ids,
                         outlet_id=outlet.outlet_id, window_id=window_id, depends_on=invoice.key))  # fmt: skip
    return out
