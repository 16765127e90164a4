"""The pure comparison: each kind of difference, with its amount, window, documents and action."""

from decimal import Decimal

from jembatan.poster.domain.reconciliation import BookDocument, ExpectedDocument, GapKind, compare

D = Decimal
INVOICE = ExpectedDocument("sales-invoice", "SI-HO-261125-AAAA", "order:A", D(51500), source_ids=("A",))
RECEIPT = ExpectedDocument("sales-receipt", "SR-HO-261125-BBBB", "order:A", D(20000), account_no="1-1001")
OURS = ("SI-HO-261125-", "SR-HO-261125-")


def test_matching_documents_are_no_difference():
    books = [
        BookDocument("sales-invoice", INVOICE.number, D(51500)),
        BookDocument("sales-receipt", RECEIPT.number, D(20000)),
    ]
    assert compare([INVOICE, RECEIPT], books, own_prefixes=OURS) == []


def test_an_edited_invoice_total_is_a_sales_total_gap_with_the_difference():
    [gap] = compare([INVOICE], [BookDocument("sales-invoice", INVOICE.number, D(50000))])
    assert (gap.kind, gap.amount, gap.iseller, gap.accurate) == (
        GapKind.SALES_TOTAL,
        D(-1500),
        D(51500),
        D(50000),
    )
    assert (gap.window_id, gap.documents, gap.source_ids) == ("order:A", (INVOICE.number,), ("A",))
    assert gap.action.startswith("re-sync")


def test_a_document_numbered_like_ours_that_iseller_does_not_explain_is_reported_others_are_not():
    strangers = [
        BookDocument("sales-invoice", "SI-HO-261125-ZZZZ", D(9000)),
        BookDocument("sales-invoice", "MANUAL-1", D(5)),
    ]
    [gap] = compare([], strangers, own_prefixes=OURS)
    assert (gap.kind, gap.documents, gap.accurate) == (
        GapKind.UNEXPECTED_DOCUMENT,
        ("SI-HO-261125-ZZZZ",),
        D(9000),
    )


def test_a_window_that_cannot_make_documents_asks_for_a_mapping():
    [gap] = compare([], [], refusals=[("shift:S1", "payment type OVO has no account")])
    assert (gap.kind, gap.window_id, gap.detail) == (
        GapKind.REFUSED_WINDOW,
        "shift:S1",
        "payment type OVO has no account",
    )
    assert gap.action.startswith("map")
