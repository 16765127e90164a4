"""What a window would post, in rupiah — pure (the preview verb shows it, posting nothing)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .drafts import DocumentDraft


def document_amount(body: dict[str, Any]) -> Decimal | None:
    """A document's amount as Accurate will book it before tax: a receipt's cheque, an invoice's
    lines less discounts plus its expense lines; None for documents without one amount."""
    if "chequeAmount" in body:
        return Decimal(str(body["chequeAmount"]))
    lines = body.get("detailItem")
    if lines is None:
        return None
    goods = sum(
        (
            Decimal(str(line["quantity"])) * Decimal(str(line.get("unitPrice", 0)))
            - Decimal(str(line.get("itemCashDiscount", 0)))
            for line in lines
        ),
        Decimal(0),
    )
    expenses = sum((Decimal(str(e["expenseAmount"])) for e in body.get("detailExpense", [])), Decimal(0))
    return goods - Decimal(str(body.get("cashDiscount", 0))) + expenses


def totals_by_type(drafts: list[DocumentDraft]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for draft in drafts:
        amount = document_amount(draft.body)
        if amount is not None:
            totals[draft.document_type] = totals.get(draft.document_type, Decimal(0)) + amount
    return totals
