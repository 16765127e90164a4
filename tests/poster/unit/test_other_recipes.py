"""Customers, customer payments, payouts, transfers, adjustments and counts — worked examples."""

from decimal import Decimal

import pytest
from jembatan.contracts.ledger import CustomerFact
from jembatan.contracts.pos import CustomerUpserted, PayoutEntry
from jembatan.poster.domain.recipes import (
    RecipeRefused,
    customer_documents,
    customer_payment_documents,
    order_invoice_key,
    payout_documents,
    settled_invoice_keys,
    stock_adjusted_documents,
    stock_counted_documents,
    transfer_received_documents,
    transfer_started_documents,
)

from .books import journal_balances
from .facts import CARD, CLEARING, NOON
from .facts_stock import adjustment, count, payment, payout, received, started

D = Decimal


def test_a_member_is_created_under_their_name_numbered_with_their_customer_number():
    fact = CustomerFact(customer_no="M-0001", customer=CustomerUpserted(
        customer_id="cus-9", name="Sari Wulandari", phone="0812", updated_at=NOON))  # fmt: skip
    [doc] = customer_documents("t1", fact)
    assert doc.body["name"] == "Sari Wulandari" and doc.body["customerNo"] == "M-0001"
    assert doc.number == "M-0001" and doc.document_type == "customer" and "cus-9" in doc.source_ids


def test_a_customer_payment_is_a_receipt_against_the_members_on_account_invoices():
    # Member owes 30,000 on order D and 12,500 on order G; pays 42,500 by debit card.
    fact = payment([("D", 30000), ("G", 12500)], [42500])
    [receipt] = customer_payment_documents("t1", fact, invoice_numbers={"D": "SI-HO-1", "G": "SI-HO-2"})
    assert receipt.body["customerNo"] == "M-1" and receipt.body["bankNo"] == CARD
    assert receipt.body["chequeAmount"] == D(42500)
    assert receipt.body["detailInvoice"] == [{"invoiceNo": "SI-HO-1", "paymentAmount": D(30000)},
                                             {"invoiceNo": "SI-HO-2", "paymentAmount": D(12500)}]  # fmt: skip
    assert receipt.depends_on == order_invoice_key("t1", "D")


def test_the_planner_finds_the_settled_invoices_by_their_order_keys():
    assert settled_invoice_keys("t1", payment([("D", 30000), ("G", 12500)], [42500])) == {
        "D": "t1:sales-invoice:order:D", "G": "t1:sales-invoice:order:G"}  # fmt: skip


def test_a_customer_payment_waits_for_the_invoice_it_settles():
    with pytest.raises(RecipeRefused, match="#D"):
        customer_payment_documents("t1", payment([("D", 30000)], [30000]))


def test_a_payout_is_one_balanced_journal_clearing_the_gross():
    [doc] = payout_documents("t1", payout())
    lines = {(ln["accountNo"], ln["amountType"], ln["amount"]) for ln in doc.body["detailJournalVoucher"]}
    assert lines == {("1-1004", "DEBIT", D(1784400)), ("6-2000", "DEBIT", D(12600)), ("6-2100", "DEBIT", D(3000)),
                     (CLEARING, "CREDIT", D(1800000))}  # fmt: skip
    assert journal_balances(doc.body)
    assert doc.body["charField1"] == "PO-240702-01" and "PO-240702-01" in doc.source_ids


def test_a_payout_whose_orders_do_not_sum_to_its_gross_is_flagged_not_posted():
    entry = PayoutEntry(transaction_id="t", gross_amount=D(1700000), fee_amount=D(0), net_amount=D(1700000))
    with pytest.raises(RecipeRefused, match="sum to 1,700,000, not its gross 1,800,000"):
        payout_documents("t1", payout(entries=[entry]))


def test_a_payout_that_does_not_add_up_is_flagged_not_posted():
    with pytest.raises(RecipeRefused, match="is not the deposit"):
        payout_documents("t1", payout(total_deposit=D(1790000)))


def test_a_started_transfer_leaves_the_origin_into_transit():
    [doc] = transfer_started_documents("t1", started())
    assert doc.body["itemTransferType"] == "TRANSFER_OUT"
    assert (doc.body["warehouseName"], doc.body["referenceWarehouseName"]) == ("Utama", "Cabang")
    assert doc.body["detailItem"] == [{"itemNo": "KOPI", "quantity": D(5)}]


def test_a_received_transfer_brings_accepted_and_rejected_lines_in_at_the_destination():
    [out] = transfer_started_documents("t1", started())
    into, back, damaged = transfer_received_documents("t1", received())
    assert into.body["itemTransferType"] == "TRANSFER_IN" and into.body["warehouseName"] == "Cabang"
    assert into.body["fromItemTransferNo"] == out.number and into.depends_on == out.key
    assert into.body["detailItem"] == [{"itemNo": "KOPI", "quantity": D(4)}]
    assert (back.body["warehouseName"], back.body["detailItem"]) == ("Utama", [{"itemNo": "KOPI", "quantity": D(1)}])
    assert damaged.body["adjustmentAccountNo"] == "5-2200" and damaged.depends_on == into.key
    assert damaged.body["detailItem"] == [{"itemNo": "KOPI", "quantity": D(1), "itemAdjustmentType": "ADJUSTMENT_OUT",
                                           "warehouseName": "Cabang"}]  # fmt: skip


def test_a_stock_adjustment_brings_found_goods_in_at_their_cost_and_takes_lost_goods_out():
    [doc] = stock_adjusted_documents("t1", adjustment())
    assert doc.body["adjustmentAccountNo"] == "5-2000"
    assert [(ln["itemNo"], ln["itemAdjustmentType"], ln["quantity"], ln.get("unitCost")) for ln in doc.body["detailItem"]] == [
        ("ROTI-01", "ADJUSTMENT_IN", D(3), D(6000)), ("KOPI", "ADJUSTMENT_OUT", D(2), None)]  # fmt: skip
    assert "ADJ-7" in doc.body["description"]


def test_a_stock_count_adjusts_to_the_counted_quantity_on_the_count_difference_account():
    [doc] = stock_counted_documents("t1", count())
    assert doc.body["adjustmentAccountNo"] == "5-2100"
    assert [(ln["itemNo"], ln["itemAdjustmentType"], ln["quantity"]) for ln in doc.body["detailItem"]] == [
        ("ROTI-01", "ADJUSTMENT_OUT", D(3))]  # fmt: skip


def test_a_product_without_an_accurate_item_is_refused_by_name():
    fact = received().model_copy(update={"items": []})
    with pytest.raises(RecipeRefused, match="product KOPI has no Accurate item"):
        transfer_received_documents("t1", fact)
