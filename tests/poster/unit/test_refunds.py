"""Refunds: a sales return for the goods and the money back from the account it was refunded from.

Worked example (exclusive outlet, no tax code): order A's Roti (10,000 + PPN 1,210) is refunded in
cash: the return totals 11,210 (goods 10,000, PPN line 1,210); a journal debits the walk-in
receivable 11,210 and credits cash 11,210, so the walk-in customer nets to zero.
"""

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

from jembatan.poster.domain.recipes import OriginalInvoice, sales_window_documents

from .books import journal_balances, output_tax, priced, receivables
from .facts import CASH, CLEARING, OUTPUT_TAX, RECEIVABLE, outlet, refund, window
from .test_sales_window import order_a, order_b

D = Decimal


def roti_back(snapshot, paid=(("cash", 11210),)):
    return refund("R1", "A", [("ROTI", 1, 10000, 1210)], 11210, paid, snapshot=snapshot)


def test_a_refund_of_an_order_in_the_window_returns_against_the_windows_invoice():
    snapshot = outlet()
    docs = sales_window_documents("t1", window("shift:s7", snapshot, [order_a(snapshot)], [roti_back(snapshot)]))
    invoice = docs[0]
    sales_return = next(d for d in docs if d.document_type == "sales-return")
    assert sales_return.body["returnType"] == "INVOICE"
    assert sales_return.body["invoiceNumber"] == invoice.number
    assert sales_return.depends_on == invoice.key


def test_the_return_gives_back_goods_and_ppn_to_the_rupiah():
    snapshot = outlet()
    docs = sales_window_documents("t1", window("shift:s7", snapshot, [order_a(snapshot)], [roti_back(snapshot)]))
    body = next(d for d in docs if d.document_type == "sales-return").body
    assert priced(body).total == D(11210)
    assert output_tax(body) == D(1210)
    assert body["detailExpense"] == [{"accountNo": OUTPUT_TAX, "expenseName": "PPN", "expenseAmount": D(1210)}]


def test_money_back_leaves_the_account_it_was_refunded_from_and_the_walk_in_nets_to_zero():
    snapshot = outlet()
    docs = sales_window_documents("t1", window("shift:s7", snapshot, [order_a(snapshot)], [roti_back(snapshot)]))
    journal = docs[-1]
    assert journal.document_type == "journal-voucher" and journal_balances(journal.body)
    assert {(ln["accountNo"], ln["amountType"], ln["amount"]) for ln in journal.body["detailJournalVoucher"]} == {
        (RECEIVABLE, "DEBIT", D(11210)), (CASH, "CREDIT", D(11210))}  # fmt: skip
    assert journal.depends_on == docs[-2].key
    assert receivables(docs) == {"UMUM": D(0)}


def test_a_refund_to_another_payment_type_takes_the_money_from_that_account():
    snapshot = outlet()
    back = refund("R2", "B", [("KOPI", 1, 18000, 2079)], 20979, [("cash", 20979)], snapshot=snapshot, service=900)
    docs = sales_window_documents("t1", window("shift:s7", snapshot, [order_b(snapshot)], [back]))
    credited = [ln["accountNo"] for ln in docs[-1].body["detailJournalVoucher"] if ln["amountType"] == "CREDIT"]
    assert credited == [CASH] and CLEARING not in credited


def test_a_refund_of_an_order_from_an_earlier_window_returns_against_that_invoice():
    snapshot = outlet()
    earlier = OriginalInvoice(key="t1:sales-invoice:shift:s6", number="SI-HO-261125-0000AAAA")
    docs = sales_window_documents("t1", window("shift:s7", snapshot, refunds=[roti_back(snapshot)]),
                                  original_invoices={"A": earlier})  # fmt: skip
    assert docs[0].body["invoiceNumber"] == earlier.number and docs[0].depends_on == earlier.key


def test_a_refund_whose_invoice_is_unknown_is_a_return_without_invoice():
    snapshot = outlet()
    docs = sales_window_documents("t1", window("shift:s7", snapshot, refunds=[roti_back(snapshot)]))
    assert docs[0].body["returnType"] == "NO_INVOICE" and "invoiceNumber" not in docs[0].body
    assert docs[0].depends_on is None


def test_a_refund_keeps_its_ids_in_the_ledger_and_in_the_document():
    snapshot = outlet()
    docs = sales_window_documents("t1", window("shift:s7", snapshot, refunds=[roti_back(snapshot)]))
    assert docs[0].key == "t1:sales-return:refund:R1"
    assert {"R1", "A", "#A"} <= set(docs[0].source_ids)
    assert docs[0].body["charField1"] == "#A" and "R1" in docs[0].body["description"]


def test_a_refund_to_the_members_account_moves_no_money():
    snapshot = outlet()
    back = refund("R3", "D", [("ROTI", 1, 10000, 0)], 10000, [], snapshot=snapshot, customer_no="M-1")
    docs = sales_window_documents("t1", window("shift:s7", snapshot, refunds=[back]))
    assert [d.document_type for d in docs] == ["sales-return"]
    assert receivables(docs) == {"M-1": D(-10000)}


def test_money_back_on_a_members_sale_is_a_walk_in_return_not_against_the_members_invoice():
    snapshot = outlet()
    member = OriginalInvoice(key="t1:sales-invoice:order:D", number="SI-HO-261125-0000DDDD", customer_no="M-1")
    back = refund("R4", "D", [("ROTI", 1, 10000, 0)], 10000, [("cash", 10000)], snapshot=snapshot)
    docs = sales_window_documents("t1", window("shift:s7", snapshot, refunds=[back]), original_invoices={"D": member})
    assert docs[0].body["returnType"] == "NO_INVOICE" and docs[0].body["customerNo"] == "UMUM"
    assert receivables(docs) == {"UMUM": D(0)}


def test_a_return_is_never_dated_before_the_summary_invoice_it_returns_against():
    snapshot = outlet()
    shift = window("shift:s7", snapshot, [order_a(snapshot)], [roti_back(snapshot)])
    late_shift = replace(shift, closed_at=datetime(2026, 11, 25, 19, tzinfo=UTC))
    docs = sales_window_documents("t1", late_shift)
    # the shift closed at 02:00 on the 26th in Jakarta; the refund was at noon on the 25th
    assert {d.body["transDate"] for d in docs} == {"26/11/2026"}
