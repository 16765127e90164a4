"""A window's documents: what must be posted before what (pure)."""

from jembatan.poster.domain.window_documents import WindowFacts, window_documents

from .facts import NOON, outlet, refund, sale


def test_a_refund_in_the_same_shift_waits_for_every_receipt_of_the_invoice_it_returns_against():
    shop = outlet()
    order = sale("A", [("ROTI", 2, 20000, 0, False, 0)], 40000, [("cash", 25000), ("external_debit", 15000)],
                 snapshot=shop)  # fmt: skip
    back = refund("R", "A", [("ROTI", 1, 20000, 0)], 20000, [("cash", 20000)], snapshot=shop)
    docs = window_documents(WindowFacts("t1", "shift:s1", NOON, NOON, [order, back]))
    by_type = {d.document_type: [x for x in docs if x.document_type == d.document_type] for d in docs}
    (invoice,) = by_type["sales-invoice"]
    first, second = by_type["sales-receipt"]
    (sales_return,) = by_type["sales-return"]
    assert first.depends_on == invoice.key
    assert second.depends_on == first.key
    assert sales_return.depends_on == second.key
