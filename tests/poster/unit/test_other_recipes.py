"""Customers, customer payments, payouts, transfers, adjustments and counts — worked examples."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from jembatan.contracts.ledger import (
    CustomerFact,
    CustomerPaymentFact,
    ItemRef,
    PayoutFact,
    PostingPayment,
    StockAdjustedFact,
    StockCountedFact,
    TransferReceivedFact,
    TransferStartedFact,
)
from jembatan.contracts.pos import (
    AdjustmentLine,
    Allocation,
    CountLine,
    CustomerPaymentReceived,
    CustomerUpserted,
    Payment,
    PayoutEntry,
    PayoutSettled,
    ReceivedLine,
    StockAdjusted,
    StockCounted,
    TransferLine,
    TransferReceived,
    TransferStarted,
)
from jembatan.poster.domain.recipes import (
    RecipeRefused,
    customer_documents,
    customer_payment_documents,
    order_invoice_key,
    payout_documents,
    stock_adjusted_documents,
    stock_counted_documents,
    transfer_received_documents,
    transfer_started_documents,
)

from .books import journal_balances
from .facts import CARD, CLEARING, NOON, outlet

D = Decimal
ITEMS = [ItemRef(sku="KOPI", item_no="KOPI"), ItemRef(sku="ROTI", item_no="ROTI-01")]


def test_a_member_is_created_under_their_name_numbered_with_their_customer_number():
    fact = CustomerFact(customer_no="M-0001", customer=CustomerUpserted(
        customer_id="cus-9", name="Sari Wulandari", phone="0812", updated_at=NOON))  # fmt: skip
    [doc] = customer_documents("t1", fact)
    assert doc.body["name"] == "Sari Wulandari" and doc.body["customerNo"] == "M-0001"
    assert doc.number == "M-0001" and doc.document_type == "customer" and "cus-9" in doc.source_ids


def payment(allocations, paid):
    event = CustomerPaymentReceived(
        payment_id="pay-1", customer_id="cus-9", outlet_id="outlet-ho", received_at=NOON, amount=D(sum(paid)),
        payments=[Payment(transaction_id=f"x{n}", gateway="external_debit", payment_type_name="Debit", amount=D(a))
                  for n, a in enumerate(paid)],
        allocations=[Allocation(order_id=o, order_reference=f"#{o}", amount=D(a)) for o, a in allocations],
    )  # fmt: skip
    return CustomerPaymentFact(
        payment=event, outlet=outlet(), customer_no="M-1",
        payments=[PostingPayment(transaction_id=p.transaction_id, account_no=CARD, gateway=p.gateway,
                                 payment_type_name=p.payment_type_name, amount=p.amount) for p in event.payments],
    )  # fmt: skip


def test_a_customer_payment_is_a_receipt_against_the_members_on_account_invoices():
    # Member owes 30,000 on order D and 12,500 on order G; pays 42,500 by debit card.
    fact = payment([("D", 30000), ("G", 12500)], [42500])
    [receipt] = customer_payment_documents("t1", fact, invoice_numbers={"D": "SI-HO-1", "G": "SI-HO-2"})
    assert receipt.body["customerNo"] == "M-1" and receipt.body["bankNo"] == CARD
    assert receipt.body["chequeAmount"] == D(42500)
    assert receipt.body["detailInvoice"] == [{"invoiceNo": "SI-HO-1", "paymentAmount": D(30000)},
                                             {"invoiceNo": "SI-HO-2", "paymentAmount": D(12500)}]  # fmt: skip
    assert receipt.depends_on == order_invoice_key("t1", "D")


def test_a_customer_payment_waits_for_the_invoice_it_settles():
    with pytest.raises(RecipeRefused, match="#D"):
        customer_payment_documents("t1", payment([("D", 30000)], [30000]))


def payout(**overrides):
    values = {"payout_id": "po-1", "reference_id": "PO-240702-01", "interval": "express",
              "payout_date": date(2026, 11, 27), "transactions_amount": D(1800000), "total_fees": D(12600),
              "payout_fee": D(3000), "total_deposit": D(1784400),
              "entries": [PayoutEntry(transaction_id="t", order_reference="#A", gross_amount=D(1800000),
                                      fee_amount=D(12600), net_amount=D(1787400))]}  # fmt: skip
    return PayoutFact(payout=PayoutSettled(**(values | overrides)), outlet=outlet())


def test_a_payout_is_one_balanced_journal_clearing_the_gross():
    # G 1,800,000 = N 1,784,400 + MDR 12,600 + express fee 3,000
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


KG = outlet().model_copy(update={"outlet_id": "outlet-kg", "outlet_code": "KG", "warehouse_name": "Cabang"})


def test_a_started_transfer_leaves_the_origin_into_transit():
    fact = TransferStartedFact(from_outlet=outlet(), to_outlet=KG, items=ITEMS, transfer=TransferStarted(
        transfer_id="tr-1", transfer_reference="TO-42", from_outlet_id="outlet-ho", to_outlet_id="outlet-kg",
        started_at=NOON, lines=[TransferLine(sku="KOPI", quantity=D(5))]))  # fmt: skip
    [doc] = transfer_started_documents("t1", fact)
    assert doc.body["itemTransferType"] == "TRANSFER_OUT"
    assert (doc.body["warehouseName"], doc.body["referenceWarehouseName"]) == ("Utama", "Cabang")
    assert doc.body["detailItem"] == [{"itemNo": "KOPI", "quantity": D(5)}]


def received():
    return TransferReceivedFact(from_outlet=outlet(), to_outlet=KG, items=ITEMS, transfer=TransferReceived(
        transfer_id="tr-1", transfer_reference="TO-42", from_outlet_id="outlet-ho", to_outlet_id="outlet-kg",
        received_at=datetime(2026, 11, 26, 5, tzinfo=UTC),
        lines=[ReceivedLine(sku="KOPI", quantity_sent=D(5), quantity_accepted=D(3), quantity_cancelled=D(1),
                            quantity_rejected=D(1))]))  # fmt: skip


def test_a_received_transfer_brings_accepted_and_rejected_lines_in_at_the_destination():
    started = transfer_started_documents("t1", TransferStartedFact(
        from_outlet=outlet(), to_outlet=KG, items=ITEMS, transfer=TransferStarted(
            transfer_id="tr-1", transfer_reference="TO-42", from_outlet_id="outlet-ho", to_outlet_id="outlet-kg",
            started_at=NOON, lines=[TransferLine(sku="KOPI", quantity=D(5))])))[0]  # fmt: skip
    into, back, damaged = transfer_received_documents("t1", received())
    assert into.body["itemTransferType"] == "TRANSFER_IN" and into.body["warehouseName"] == "Cabang"
    assert into.body["fromItemTransferNo"] == started.number and into.depends_on == started.key
    assert into.body["detailItem"] == [{"itemNo": "KOPI", "quantity": D(4)}]
    assert (back.body["warehouseName"], back.body["detailItem"]) == ("Utama", [{"itemNo": "KOPI", "quantity": D(1)}])
    assert damaged.body["adjustmentAccountNo"] == "5-2200" and damaged.depends_on == into.key
    assert damaged.body["detailItem"] == [{"itemNo": "KOPI", "quantity": D(1), "itemAdjustmentType": "ADJUSTMENT_OUT",
                                           "warehouseName": "Cabang"}]  # fmt: skip


def test_a_stock_adjustment_brings_found_goods_in_at_their_cost_and_takes_lost_goods_out():
    fact = StockAdjustedFact(outlet=outlet(), items=ITEMS, adjustment=StockAdjusted(
        adjustment_id="adj-1", adjustment_reference="ADJ-7", outlet_id="outlet-ho", adjusted_at=NOON,
        lines=[AdjustmentLine(sku="ROTI", quantity_delta=D(3), unit_cost=D(6000)),
               AdjustmentLine(sku="KOPI", quantity_delta=D(-2), unit_cost=D(8000))]))  # fmt: skip
    [doc] = stock_adjusted_documents("t1", fact)
    assert doc.body["adjustmentAccountNo"] == "5-2000"
    assert [(ln["itemNo"], ln["itemAdjustmentType"], ln["quantity"], ln.get("unitCost")) for ln in doc.body["detailItem"]] == [
        ("ROTI-01", "ADJUSTMENT_IN", D(3), D(6000)), ("KOPI", "ADJUSTMENT_OUT", D(2), None)]  # fmt: skip
    assert "ADJ-7" in doc.body["description"]


def test_a_stock_count_adjusts_to_the_counted_quantity_on_the_count_difference_account():
    fact = StockCountedFact(outlet=outlet(), items=ITEMS, count=StockCounted(
        stock_count_id="sc-1", reference="SO-11", outlet_id="outlet-ho", counted_at=NOON,
        lines=[CountLine(sku="ROTI", system_quantity=D(40), counted_quantity=D(37)),
               CountLine(sku="KOPI", system_quantity=D(10), counted_quantity=D(10))]))  # fmt: skip
    [doc] = stock_counted_documents("t1", fact)
    assert doc.body["adjustmentAccountNo"] == "5-2100"
    assert [(ln["itemNo"], ln["itemAdjustmentType"], ln["quantity"]) for ln in doc.body["detailItem"]] == [
        ("ROTI-01", "ADJUSTMENT_OUT", D(3))]  # fmt: skip


def test_a_product_without_an_accurate_item_is_refused_by_name():
    fact = received().model_copy(update={"items": []})
    with pytest.raises(RecipeRefused, match="product KOPI has no Accurate item"):
        transfer_received_documents("t1", fact)
