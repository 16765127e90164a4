"""iSeller's expectations beside Accurate's documents: every difference with its amount, window,
documents and the action that repairs it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from .expected import ExpectedDocument


class GapKind(StrEnum):
    MISSING_DOCUMENT = "missing_document"  # iSeller has the sales; Accurate has no such document
    SALES_TOTAL = "sales_total"  # an invoice whose total is not the orders' total
    PAYMENT_TOTAL = "payment_total"  # a receipt whose amount is not the payments taken
    UNEXPECTED_DOCUMENT = "unexpected_document"  # a document with our numbering iSeller does not explain
    REFUSED_WINDOW = "refused_window"  # the window's facts cannot make documents (e.g. a missing mapping)
    CLEARING_BALANCE = "clearing_balance"  # iSeller Pay clearing is not the takings not yet paid out
    MEMBER_BALANCE = "member_balance"  # a member's outstanding in Accurate is not what iSeller says is owed
    STOCK = "stock"  # an item's stock in a warehouse is not what iSeller's count and movements since say
    PAYOUT = "payout"  # a payout's journal is missing or its gross/fee/net is not iSeller's
    SHIFT_TOTAL = "shift_total"  # a closed shift's till totals are not the orders the facts hold for it


ACTIONS = {
    GapKind.MISSING_DOCUMENT: "re-sync the window: the document is planned again and sent",
    GapKind.SALES_TOTAL: "re-sync the window after removing the changed invoice in Accurate",
    GapKind.PAYMENT_TOTAL: "re-sync the window after removing the changed receipt in Accurate",
    GapKind.UNEXPECTED_DOCUMENT: "review in Accurate: delete it if nobody made it on purpose",
    GapKind.REFUSED_WINDOW: "map what the refusal names, then retry the window",
    GapKind.CLEARING_BALANCE: "retry failed payouts and re-sync the day's windows; then check the payout report",
    GapKind.MEMBER_BALANCE: "retry the member's failed payments; a payment taken outside iSeller is recorded there too",
    GapKind.STOCK: "retry the item's failed stock documents and re-sync the windows since the count; "
    "an adjustment made only in Accurate is made in iSeller too (or reversed)",
    GapKind.PAYOUT: "retry the payout (missing journal); a changed journal is deleted in Accurate, then retried",
    GapKind.SHIFT_TOTAL: "pull the shift's window from iSeller (reconciliation pull), then re-sync the window",
}


@dataclass(frozen=True)
class BookDocument:
    """A document as Accurate holds it (read back through the client)."""

    document_type: str
    number: str
    amount: Decimal  # invoices: totalAmount; receipts: chequeAmount
    branch_name: str | None = None
    account_no: str | None = None


@dataclass(frozen=True)
class Difference:
    kind: GapKind
    amount: Decimal  # Accurate minus iSeller (negative: Accurate holds less)
    window_id: str | None
    documents: tuple[str, ...]
    iseller: Decimal | None = None
    accurate: Decimal | None = None
    action: str = ""
    detail: str = ""
    source_ids: tuple[str, ...] = field(default=())
    outlet_id: str | None = None  # shift, payout and summary gaps: the outlet
    sku: str | None = None  # stock gaps: iSeller's SKU, Accurate's item and the warehouse
    item_no: str | None = None
    warehouse: str | None = None


def compare(
    expected: Sequence[ExpectedDocument],
    books: Iterable[BookDocument],
    *,
    own_prefixes: Sequence[str] = (),
    refusals: Sequence[tuple[str, str]] = (),
) -> list[Difference]:
    """Differences between iSeller's expectations and Accurate's documents of the same day.

    `own_prefixes`: numbers starting with one of them are ours (kind-outlet-day), so a book document
    with such a number that nothing explains is reported. `refusals`: (window, reason) pairs."""
    held = {(b.document_type, b.number): b for b in books}
    out: list[Difference] = []
    for exp in expected:
        book = held.pop((exp.document_type, exp.number), None)
        if book is None:
            out.append(_gap(GapKind.MISSING_DOCUMENT, -exp.amount, exp, None,
                            f"{exp.document_type} {exp.number} is not in Accurate"))  # fmt: skip
        elif book.amount != exp.amount:
            kind = GapKind.SALES_TOTAL if exp.document_type == "sales-invoice" else GapKind.PAYMENT_TOTAL
            out.append(_gap(kind, book.amount - exp.amount, exp, book.amount,
                            f"{exp.number}: Accurate {book.amount:,}, iSeller {exp.amount:,}"))  # fmt: skip
    for book in held.values():
        if any(book.number.startswith(p) for p in own_prefixes):
            out.append(Difference(GapKind.UNEXPECTED_DOCUMENT, book.amount, None, (book.number,),
                                  accurate=book.amount, action=ACTIONS[GapKind.UNEXPECTED_DOCUMENT],
                                  detail=f"{book.document_type} {book.number} is not explained by iSeller"))  # fmt: skip
    for window_id, reason in refusals:
        out.append(Difference(GapKind.REFUSED_WINDOW, Decimal(0), window_id, (), action=ACTIONS[GapKind.REFUSED_WINDOW],
                              detail=reason))  # fmt: skip
    return out


def explained_per_account(
    expected: Sequence[ExpectedDocument], differences: Sequence[Difference]
) -> dict[str, Decimal]:
    """Per cash/bank account: the sum of its receipts' differences (so a balance gap is reported once)."""
    accounts = {e.number: e.account_no for e in expected if e.account_no}
    out: dict[str, Decimal] = {}
    for gap in differences:
        for number in gap.documents:
            if (account := accounts.get(number)) is not None:
                out[account] = out.get(account, Decimal(0)) + gap.amount
    return out


def _gap(
    kind: GapKind, amount: Decimal, exp: ExpectedDocument, accurate: Decimal | None, detail: str
) -> Difference:
    return Difference(kind, amount, exp.window_id, (exp.number,), iseller=exp.amount, accurate=accurate,
                      action=ACTIONS[kind], detail=detail, source_ids=exp.source_ids)  # fmt: skip
