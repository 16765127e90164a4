"""A refund → a sales return (goods back, receivable reduced) and the money back.

The return is ``INVOICE`` against the order's invoice when it is known (this window's, or an
earlier window's the planner found in the ledger), else ``NO_INVOICE``. The money back is never a
negative receipt: a journal voucher debits the customer's receivable (the customer as subsidiary)
and credits each payment account the refund was paid from, so the walk-in receivable nets to zero.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from jembatan.accurate.documents import (
    AmountType,
    JournalLine,
    JournalVoucher,
    ReturnLine,
    ReturnType,
    SalesReturn,
)
from jembatan.accurate.documents import assumptions as guess
from jembatan.contracts.ledger import RefundFact

from ..drafts import ActivityKind, DocumentDraft
from ..jakarta import jakarta_day
from ..numbering import document_number
from ..refusals import require_account
from .drafting import draft, searchable
from .pricing import price_sales
from .till import refund_as_till


@dataclass(frozen=True)
class OriginalInvoice:
    """An invoice already planned for an order: its ledger key and Accurate number."""

    key: str
    number: str
    customer_no: str | None = None  # whose invoice it is, when known: a return must name the same customer


def refund_documents(
    tenant_id: str, fact: RefundFact, original: OriginalInvoice | None, window_id: str | None = None,
    not_before: date | None = None,
) -> list[DocumentDraft]:  # fmt: skip
    """The sales return, then (if money went back at the till) the journal that pays it out.

    Both are dated the refund's Jakarta day, or `not_before` (the date of the invoice it returns
    against, when that is later: a summary invoice is dated the day its window closes).
    """
    day = max(jakarta_day(fact.refund.refunded_at), not_before or date.min)
    if original is not None and original.customer_no not in (None, fact.customer_no):
        original = None  # money back on a member's sale is the walk-in's return (mapper): not against it
    sales_return = _sales_return(tenant_id, fact, original, window_id, day)
    money_back = _money_back(tenant_id, fact, sales_return, window_id, day)
    return [sales_return, *money_back]


def _sales_return(
    tenant_id: str, fact: RefundFact, original: OriginalInvoice | None, window_id: str | None, day: date
) -> DocumentDraft:
    refund, outlet = fact.refund, fact.outlet
    key = f"{tenant_id}:sales-return:refund:{refund.refund_id}"
    number = document_number("sales-return", outlet.outlet_code, day, key)
    priced = price_sales([refund_as_till(fact)], outlet, f"refund of order {refund.order_reference}")
    document = SalesReturn(
        number=number, trans_date=day, branch_name=outlet.branch_name, customer_no=fact.customer_no,
        description=f"iSeller refund {refund.refund_id} of order {refund.order_reference}"[:250],
        char_field1=searchable(refund.order_reference),
        return_type=ReturnType.INVOICE if original else ReturnType.NO_INVOICE,
        invoice_number=original.number if original else None,
        taxable=priced.taxable, inclusive_tax=priced.taxable and priced.inclusive,
        tax_date=day if priced.taxable and guess.RETURN_TAX_FIELDS_WHEN_TAXABLE else None,
        tax_number=number if priced.taxable and guess.RETURN_TAX_FIELDS_WHEN_TAXABLE else None,
        detail_expense=list(priced.expenses),
        detail_item=[
            ReturnLine(item_no=ln.item_no, quantity=ln.quantity, unit_price=ln.unit_price,
                       item_cash_discount=ln.discount, warehouse_name=outlet.warehouse_name,
                       use_tax1=ln.taxable if priced.taxable else None)
            for ln in priced.lines
        ],
    )  # fmt: skip
    return draft(document, key=key, number=number, kind=ActivityKind.RETURN,
                 source_ids=[refund.refund_id, refund.order_id, refund.order_reference],
                 outlet_id=outlet.outlet_id, window_id=window_id,
                 depends_on=original.key if original else None)  # fmt: skip


def _money_back(
    tenant_id: str, fact: RefundFact, sales_return: DocumentDraft, window_id: str | None, day: date
) -> list[DocumentDraft]:
    refund, outlet = fact.refund, fact.outlet
    per_account: dict[str, Decimal] = defaultdict(Decimal)
    for payment in fact.payments:
        per_account[payment.account_no] += payment.amount
    paid_back = {account: amount for account, amount in sorted(per_account.items()) if amount > 0}
    if not paid_back:
        return []  # refunded to the member's account: the return alone reduces what they owe
    total = sum(paid_back.values(), Decimal(0))
    receivable = require_account(outlet.receivable_account, f"Money refunded ({total})", outlet.outlet_code)
    key = f"{tenant_id}:journal-voucher:refund:{refund.refund_id}"
    number = document_number("journal-voucher", outlet.outlet_code, day, key)
    memo = f"refund {refund.order_reference}"
    lines = [
        JournalLine(
            account_no=receivable,
            amount=total,
            amount_type=AmountType.DEBIT,
            memo=memo,
            customer_no=fact.customer_no,
            subsidiary_type=guess.JOURNAL_CUSTOMER_SUBSIDIARY,
        )
    ]
    lines += [JournalLine(account_no=account, amount=amount, amount_type=AmountType.CREDIT, memo=memo)
              for account, amount in paid_back.items()]  # fmt: skip
    document = JournalVoucher(
        number=number, trans_date=day, branch_name=outlet.branch_name, char_field1=searchable(refund.order_reference),
        description=f"iSeller refund {refund.refund_id} of order {refund.order_reference}: money back"[:250],
        detail_journal_voucher=lines,
    )  # fmt: skip
    return [draft(document, key=key, number=number, kind=ActivityKind.RETURN,
                  source_ids=[refund.refund_id, refund.order_id, refund.order_reference],
                  outlet_id=outlet.outlet_id, window_id=window_id, depends_on=sales_return.key)]  # fmt: skip
