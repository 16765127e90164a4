"""Real-time mode: one order → a sales invoice and one sales receipt per payment account.

ACCOUNTING.md §3: line discounts as `itemCashDiscount`, the order discount as `cashDiscount`,
charges, shipping and rounding as `detailExpense` lines on their mapped accounts; the receipts pay
the invoice per account; an on-account sale is invoiced to the member and left open for the rest.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from jembatan.contracts.ledger import SaleFact

from .drafts import DocumentDraft
from .jakarta import accurate_date, jakarta_day
from .numbering import document_number


def invoice_key(tenant_id: str, order_id: str) -> str:
    return f"{tenant_id}:sales-invoice:order:{order_id}"


def sale_documents(tenant_id: str, fact: SaleFact) -> list[DocumentDraft]:
    """The invoice first, then its receipts (each depends on the invoice)."""
    invoice = _invoice(tenant_id, fact)
    return [invoice, *_receipts(tenant_id, fact, invoice)]


def _invoice(tenant_id: str, fact: SaleFact) -> DocumentDraft:
    order, outlet = fact.order, fact.outlet
    key = invoice_key(tenant_id, order.order_id)
    day = jakarta_day(order.closed_at)
    number = document_number("sales-invoice", outlet.outlet_code, day, key)
    body: dict[str, Any] = {
        "number": number,
        "customerNo": fact.customer_no,
        "transDate": accurate_date(day),
        "branchName": outlet.branch_name,
        "poNumber": order.order_reference[:30],
        "description": f"iSeller order {order.order_reference} ({order.order_id})",
        "taxable": outlet.tax.charges_ppn,
        "inclusiveTax": outlet.tax.charges_ppn and order.tax_inclusive,
        "detailItem": [
            {
                "itemNo": line.item_no,
                "quantity": line.quantity,
                "unitPrice": line.unit_price,
                "itemCashDiscount": line.discount_amount,
                "warehouseName": outlet.warehouse_name,
            }
            for line in fact.lines
        ],
    }
    if order.order_discount_amount:
        body["cashDiscount"] = order.order_discount_amount
    expenses = _expenses(fact)
    if expenses:
        body["detailExpense"] = expenses
    return DocumentDraft(
        key=key,
        document_type="sales-invoice",
        number=number,
        body=body,
        source_ids=[order.order_id, order.order_reference],
    )


def _expenses(fact: SaleFact) -> list[dict[str, Any]]:
    order, outlet = fact.order, fact.outlet
    charges = order.additional_order_amount + order.additional_subtotal_amount + order.additional_final_amount
    wanted = [
        ("Service / additional charge", charges, outlet.service_charge_account),
        ("Shipping", order.shipping_amount, outlet.shipping_account),
        ("Rounding", order.rounding_amount, outlet.rounding_account),
        ("PPN", _tax_outside_accurate(fact), outlet.output_tax_account),
    ]
    lines = []
    for name, amount, account in wanted:
        if amount == 0:
            continue
        if account is None:
            raise UnmappedAccount(
                f"{name} of {amount} has no account in outlet {outlet.outlet_code}'s mapping"
            )
        lines.append({"accountNo": account, "expenseName": name, "expenseAmount": amount})
    return lines


def _tax_outside_accurate(fact: SaleFact) -> Decimal:
    """PPN the till added on top of prices that Accurate will not compute itself."""
    if fact.outlet.tax.charges_ppn or fact.order.tax_inclusive:
        return Decimal(0)  # Accurate computes it, or it is already inside the prices
    return fact.order.tax_amount


def _receipts(tenant_id: str, fact: SaleFact, invoice: DocumentDraft) -> list[DocumentDraft]:
    per_account: dict[str, Decimal] = defaultdict(Decimal)
    for payment in fact.payments:
        per_account[payment.account_no] += payment.amount
    day = jakarta_day(fact.order.closed_at)
    out = []
    for account, amount in sorted(per_account.items()):
        if amount <= 0:
            continue
        key = f"{tenant_id}:sales-receipt:order:{fact.order.order_id}:{account}"
        number = document_number("sales-receipt", fact.outlet.outlet_code, day, key)
        body = {
            "number": number,
            "customerNo": fact.customer_no,
            "bankNo": account,
            "chequeAmount": amount,
            "transDate": accurate_date(day),
            "branchName": fact.outlet.branch_name,
            "description": f"iSeller order {fact.order.order_reference} payments",
            "detailInvoice": [{"invoiceNo": invoice.number, "paymentAmount": amount}],
        }
        out.append(
            DocumentDraft(
                key=key,
                document_type="sales-receipt",
                number=number,
                body=body,
                source_ids=[fact.order.order_id],
                depends_on=invoice.key,
            )
        )
    return out


class UnmappedAccount(ValueError):
    """A rupiah amount has nowhere to go: the outlet's mapping lacks the account."""
