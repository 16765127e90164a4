"""A shift's walk-in sales become one invoice and one receipt per payment account (worked example).

Order A: 2 x Kopi 20,000 + 1 x Roti 10,000, service 5,000, PPN 11 % of 55,000 = 6,050, rounding -50
         → 61,000 paid in cash.
Order B: 1 x Kopi 20,000 - 2,000 line discount, service 900, PPN 11 % of 18,900 = 2,079, rounding +21
         → 21,000 paid with iSeller Pay QRIS.
Summary invoice: Kopi 3 x 20,000 - 2,000 + Roti 10,000 + service 5,900 + rounding -29 + PPN 8,129 = 82,000.
"""

from datetime import date
from decimal import Decimal

import pytest
from jembatan.poster.domain.numbering import document_number
from jembatan.poster.domain.recipes import TotalMismatch, sales_window_documents

from .books import priced, receivables
from .facts import CASH, CLEARING, MEMBER_NAME, OUTPUT_TAX, ROUNDING, SERVICE, outlet, sale, window

D = Decimal


def order_a(snapshot):
    return sale("A", [("KOPI", 2, 20000, 0, True, 4840), ("ROTI", 1, 10000, 0, True, 1210)], 61000,
                [("cash", 61000)], snapshot=snapshot, tax=6050, service=5000, rounding=-50)  # fmt: skip


def order_b(snapshot):
    return sale("B", [("KOPI", 1, 20000, 2000, True, 2079)], 21000, [("iseller_pay", 21000)],
                snapshot=snapshot, tax=2079, service=900, rounding=21)  # fmt: skip


@pytest.fixture
def shift():
    snapshot = outlet()
    return window("shift:s7", snapshot, [order_a(snapshot), order_b(snapshot)])


def test_walk_in_orders_share_one_invoice_with_a_line_per_item_and_price(shift):
    invoice = sales_window_documents("t1", shift)[0]
    assert invoice.key == "t1:sales-invoice:shift:s7"
    assert invoice.body["customerNo"] == "UMUM"
    assert [(ln["itemNo"], ln["quantity"], ln["unitPrice"], ln["itemCashDiscount"]) for ln in invoice.body["detailItem"]] == [
        ("KOPI", D(3), D(20000), D(2000)), ("ROTI", D(1), D(10000), D(0))]  # fmt: skip


def test_charges_rounding_and_ppn_are_expense_lines_on_their_accounts(shift):
    expenses = sales_window_documents("t1", shift)[0].body["detailExpense"]
    assert {(e["accountNo"], e["expenseAmount"]) for e in expenses} == {
        (SERVICE, D(5900)), (ROUNDING, D(-29)), (OUTPUT_TAX, D(8129))}  # fmt: skip


def test_the_summary_invoice_totals_the_shift_to_the_rupiah(shift):
    invoice = sales_window_documents("t1", shift)[0]
    assert priced(invoice.body).total == D(82000)


def test_one_receipt_per_payment_account_and_the_walk_in_receivable_nets_to_zero(shift):
    invoice, *receipts = sales_window_documents("t1", shift)
    assert {(r.body["bankNo"], r.body["chequeAmount"]) for r in receipts} == {(CASH, D(61000)), (CLEARING, D(21000))}
    assert all(r.depends_on == invoice.key for r in receipts)
    assert receivables([invoice, *receipts]) == {"UMUM": D(0)}


def test_the_shift_id_and_order_references_are_kept_for_search(shift):
    invoice = sales_window_documents("t1", shift)[0]
    assert invoice.body["charField1"] == "shift 7" and "shift:s7" in invoice.body["description"]
    assert {"A", "#A", "B", "#B"} <= set(invoice.source_ids)
    assert invoice.window_id == "shift:s7" and invoice.outlet_id == "outlet-ho"


def test_numbers_are_deterministic_and_within_accurates_30_characters(shift):
    first, again = sales_window_documents("t1", shift), sales_window_documents("t1", shift)
    assert first == again
    assert all(len(d.number) <= 30 for d in first)
    assert len({d.number for d in first}) == len(first)


def test_an_on_account_sale_is_its_own_invoice_to_the_member_paid_only_for_what_was_paid():
    snapshot = outlet()
    member = sale("D", [("ROTI", 5, 10000, 0, False, 0)], 50000, [("cash", 20000)], snapshot=snapshot,
                  customer_no="M-1", on_account=30000)  # fmt: skip
    docs = sales_window_documents("t1", window("shift:s7", snapshot, [order_a(snapshot), member]))
    own = next(d for d in docs if d.key == "t1:sales-invoice:order:D")
    assert own.body["customerNo"] == "M-1"
    assert sum(d.body["chequeAmount"] for d in docs if d.depends_on == own.key) == D(20000)
    summary = next(d for d in docs if d.key == "t1:sales-invoice:shift:s7")
    assert priced(summary.body).total == D(61000)
    assert receivables(docs) == {"UMUM": D(0), "M-1": D(30000)}


def test_a_real_time_window_keeps_the_keys_and_numbers_of_the_per_order_poster():
    snapshot = outlet()
    fact = order_a(snapshot)
    docs = sales_window_documents("t1", window("order:A", snapshot, [fact]))
    assert [d.key for d in docs] == ["t1:sales-invoice:order:A", "t1:sales-receipt:order:A:1-1001"]
    # the first poster numbered a document from its key and the order's Jakarta day
    assert [d.number for d in docs] == [document_number(d.document_type, "HO", date(2026, 11, 25), d.key) for d in docs]


def test_an_order_whose_parts_do_not_make_its_total_is_refused_with_both_figures():
    snapshot = outlet()
    wrong = order_a(snapshot).model_copy(update={"order": order_a(snapshot).order.model_copy(
        update={"total_amount": D(61100)})})  # fmt: skip
    with pytest.raises(TotalMismatch, match="Accurate would total 61,000 but iSeller's total is 61,100"):
        sales_window_documents("t1", window("shift:s7", snapshot, [wrong]))


def test_payments_above_the_invoice_total_are_refused_before_any_receipt_is_refused():
    snapshot = outlet()
    fact = order_b(snapshot)
    over = fact.model_copy(update={"payments": [fact.payments[0].model_copy(update={"amount": D(25000)})]})
    with pytest.raises(ValueError, match="more than the invoice total"):
        sales_window_documents("t1", window("shift:s7", snapshot, [over]))


def test_a_members_first_sale_creates_them_under_their_name_before_the_invoice():
    snapshot = outlet()
    member = sale("D", [("ROTI", 5, 10000, 0, False, 0)], 50000, [("cash", 20000)], snapshot=snapshot,
                  customer_no="M-1", on_account=30000)  # fmt: skip
    customer, invoice, *_ = sales_window_documents("t1", window("shift:s7", snapshot, [member]))
    assert (customer.document_type, customer.body["name"], customer.body["customerNo"]) == (
        "customer", MEMBER_NAME, "M-1")  # fmt: skip
    assert invoice.depends_on == customer.key == "t1:customer:M-1"


def test_order_discounts_above_the_goods_are_refused_before_accurate_refuses_them():
    snapshot = outlet()
    odd = sale("H", [("ROTI", 1, 10000, 0, False, 0)], 1000, [("cash", 1000)], snapshot=snapshot,
               order_discount=12000, service=3000)  # fmt: skip
    with pytest.raises(ValueError, match="order discounts of 12,000 exceed its goods"):
        sales_window_documents("t1", window("shift:s7", snapshot, [odd]))
