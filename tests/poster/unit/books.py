"""What a document does to the books, computed by the Accurate sandbox's own pricing (independent of
the poster's prediction in domain/tax.py): totals, PPN, revenue, and each customer's receivable."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from jembatan.poster.domain.drafts import DocumentDraft
from jembatan.sandbox.accurate.domain.pricing import LineInput, PricedDocument, price

from .facts import OUTPUT_TAX

RATE = Decimal(11)


def priced(body: dict[str, Any]) -> PricedDocument:
    taxable = bool(body.get("taxable"))
    return price(
        [LineInput(Decimal(ln["quantity"]), ln["unitPrice"], ln.get("itemCashDiscount") or Decimal(0),
                   tax_code="PPN" if taxable and ln.get("useTax1") else None, tax_rate=RATE)
         for ln in body["detailItem"]],
        cash_discount=body.get("cashDiscount") or Decimal(0), cash_disc_percent=Decimal(0),
        expenses=[e["expenseAmount"] for e in body.get("detailExpense", [])],
        taxable=taxable, inclusive=bool(body.get("inclusiveTax")), tax_decimals=0,
    )  # fmt: skip


def output_tax(body: dict[str, Any]) -> Decimal:
    """PPN booked by a sales document: Accurate's own plus explicit lines on the output-tax account."""
    lines = sum((e["expenseAmount"] for e in body.get("detailExpense", []) if e["accountNo"] == OUTPUT_TAX), Decimal(0))
    return priced(body).tax + lines


def revenue(body: dict[str, Any]) -> Decimal:
    """What a document does to revenue (accounts 4-…): Accurate's goods revenue (net of its PPN when
    prices include it), less the header discount, plus explicit lines on revenue accounts."""
    lines = sum((e["expenseAmount"] for e in body.get("detailExpense", []) if e["accountNo"].startswith("4-")),
                Decimal(0))  # fmt: skip
    document = priced(body)
    return sum((line.revenue for line in document.lines), Decimal(0)) - document.cash_discount + lines


def receivables(docs: list[DocumentDraft]) -> dict[str, Decimal]:
    """Each customer's receivable after the documents (invoices +, receipts and returns -, journals ±)."""
    owed: dict[str, Decimal] = defaultdict(Decimal)
    for doc in docs:
        body = doc.body
        if doc.document_type == "sales-invoice":
            owed[body["customerNo"]] += priced(body).total
        elif doc.document_type == "sales-return":
            owed[body["customerNo"]] -= priced(body).total
        elif doc.document_type == "sales-receipt":
            owed[body["customerNo"]] -= sum(d["paymentAmount"] for d in body["detailInvoice"])
        elif doc.document_type == "journal-voucher":
            for line in body["detailJournalVoucher"]:
                if "customerNo" in line:
                    sign = 1 if line["amountType"] == "DEBIT" else -1
                    owed[line["customerNo"]] += sign * line["amount"]
    return dict(owed)


def journal_balances(body: dict[str, Any]) -> bool:
    debit = sum(ln["amount"] for ln in body["detailJournalVoucher"] if ln["amountType"] == "DEBIT")
    credit = sum(ln["amount"] for ln in body["detailJournalVoucher"] if ln["amountType"] == "CREDIT")
    return bool(debit == credit)
