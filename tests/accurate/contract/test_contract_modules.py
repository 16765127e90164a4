"""Every module Jembatan posts to, through the typed documents, against the sandbox over real HTTP."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from jembatan.accurate import AccurateClient, AccurateError, FailureKind
from jembatan.accurate.documents import (
    AdjustmentLine,
    AdjustmentType,
    AmountType,
    BankCharge,
    BankTransfer,
    CashLine,
    Customer,
    ExpenseLine,
    GroupComponent,
    InvoiceLine,
    Item,
    ItemAdjustment,
    ItemTransfer,
    ItemTransferType,
    ItemType,
    JournalLine,
    JournalVoucher,
    OtherDeposit,
    OtherPayment,
    PaymentMethod,
    ReceiptDiscount,
    ReceiptInvoice,
    ReturnLine,
    ReturnType,
    SalesInvoice,
    SalesReceipt,
    SalesReturn,
    TargetQuantityAdjustment,
    TargetQuantityLine,
    TransferLine,
)

DAY = date(2025, 12, 25)
CASH, QRIS_CLEARING, BANK, MDR, SERVICE = "1-1001", "1-1011", "1-1003", "6-2000", "4-2000"


async def stocked(client: AccurateClient) -> None:
    """A customer, an item with opening stock in Utama, a second warehouse."""
    await client.save_document(Customer(customer_no="C.1", name="Umum", trans_date=DAY))
    await client.save("warehouse", {"name": "Gudang B"})
    item = {"no": "SKU-1", "name": "Kopi", "itemType": "INVENTORY", "unitPrice": Decimal(25000),
            "detailOpenBalance": [{"warehouseName": "Utama", "quantity": 100, "unitCost": Decimal(10000), "asOf": "01/01/2025"}]}  # fmt: skip
    await client.save("item", item)


def sale(number: str, quantity: int = 2) -> SalesInvoice:
    return SalesInvoice(
        customer_no="C.1", number=number, trans_date=DAY, po_number="R-1", char_field1="iseller:o-1",
        detail_item=[InvoiceLine(item_no="SKU-1", quantity=Decimal(quantity), unit_price=Decimal("25000.50"), warehouse_name="Utama")],
        detail_expense=[ExpenseLine(account_no=SERVICE, expense_name="Service", expense_amount=Decimal(5000))],
    )  # fmt: skip


async def test_item_and_customer_masters_save_detail_and_list(accurate: AccurateClient) -> None:
    await accurate.save_document(
        Item(no="SKU-9", name="Teh", item_type=ItemType.SERVICE, unit_price=Decimal(9000))
    )
    await accurate.save_document(Customer(customer_no="C.9", name="Budi", trans_date=DAY, email="b@x.id"))
    assert (await accurate.detail("item", no="SKU-9"))["name"] == "Teh"
    assert (await accurate.detail("customer", customerNo="C.9"))["name"] == "Budi"
    page = await accurate.list("item", fields=["no", "name"], filters={"no": ("EQUAL", "SKU-9")})
    assert [row["no"] for row in page.rows] == ["SKU-9"]


async def test_group_item_with_components(accurate: AccurateClient) -> None:
    await accurate.save_document(Item(no="SKU-A", name="Gula", item_type=ItemType.INVENTORY))
    bundle = Item(
        no="PAKET-1", name="Paket", item_type=ItemType.GROUP,
        detail_group=[GroupComponent(item_no="SKU-A", quantity=Decimal(2))],
    )  # fmt: skip
    saved = await accurate.save_document(bundle)
    assert saved.number == "PAKET-1"
    detail = await accurate.detail("item", no="PAKET-1")
    assert [(c["itemNo"], Decimal(str(c["quantity"]))) for c in detail["detailGroup"]] == [
        ("SKU-A", Decimal(2))
    ]


async def test_sales_invoice_save_detail_list_delete(accurate: AccurateClient) -> None:
    await stocked(accurate)
    saved = await accurate.save_document(sale("POS-INV-1"))
    assert saved.id and saved.number == "POS-INV-1"
    assert saved.record["totalAmount"] == Decimal("55001.00")
    detail = await accurate.detail("sales-invoice", number="POS-INV-1")
    assert (detail["charField1"], detail["poNumber"]) == ("iseller:o-1", "R-1")
    assert (await accurate.detail("sales-invoice", id=saved.id))["number"] == "POS-INV-1"
    page = await accurate.list("sales-invoice", fields=["number"], filters={"number": ("EQUAL", "POS-INV-1")})
    assert page.rows == [{"id": saved.id, "number": "POS-INV-1"}]
    assert await accurate.delete("sales-invoice", number="POS-INV-1")
    with pytest.raises(AccurateError) as caught:
        await accurate.detail("sales-invoice", number="POS-INV-1")
    assert caught.value.kind is FailureKind.NOT_FOUND


async def test_sales_receipt_with_mdr_discount_then_sales_return(accurate: AccurateClient) -> None:
    await stocked(accurate)
    await accurate.save_document(sale("POS-INV-2"))
    receipt = SalesReceipt(
        customer_no="C.1", bank_no=QRIS_CLEARING, cheque_amount=Decimal("54451.00"), trans_date=DAY,
        payment_method=PaymentMethod.QRIS, number="POS-RCV-2",
        detail_invoice=[ReceiptInvoice(invoice_no="POS-INV-2", payment_amount=Decimal("55001.00"),
                                       detail_discount=[ReceiptDiscount(account_no=MDR, amount=Decimal(550))])],
    )  # fmt: skip
    assert receipt.settled_amount() == Decimal("54451.00")
    assert (await accurate.save_document(receipt)).number == "POS-RCV-2"
    refund = SalesReturn(
        customer_no="C.1", return_type=ReturnType.INVOICE, invoice_number="POS-INV-2", trans_date=DAY,
        number="POS-RET-2", detail_item=[ReturnLine(item_no="SKU-1", quantity=Decimal(1), unit_price=Decimal("25000.50"), warehouse_name="Utama")],
    )  # fmt: skip
    assert (await accurate.save_document(refund)).number == "POS-RET-2"


async def test_item_transfer_out_and_in(accurate: AccurateClient) -> None:
    await stocked(accurate)
    out = ItemTransfer(
        number="TRF-1", trans_date=DAY, item_transfer_type=ItemTransferType.TRANSFER_OUT,
        warehouse_name="Utama", reference_warehouse_name="Gudang B",
        detail_item=[TransferLine(item_no="SKU-1", quantity=Decimal(5))],
    )  # fmt: skip
    await accurate.save_document(out)
    received = ItemTransfer(
        number="TRF-1-IN", trans_date=DAY, item_transfer_type=ItemTransferType.TRANSFER_IN,
        warehouse_name="Gudang B", reference_warehouse_name="Utama", from_item_transfer_no="TRF-1",
        detail_item=[TransferLine(item_no="SKU-1", quantity=Decimal(5))],
    )  # fmt: skip
    await accurate.save_document(received)
    stock = await accurate.call(
        "GET", "item", "get-stock", params={"no": "SKU-1", "warehouseName": "Gudang B"}
    )
    assert Decimal(str(stock["d"]["availableStock"])) == Decimal(5)


async def test_item_adjustment_and_target_quantity(accurate: AccurateClient) -> None:
    await stocked(accurate)
    adjustment = ItemAdjustment(
        number="ADJ-1", trans_date=DAY, adjustment_account_no="5-2200",
        detail_item=[AdjustmentLine(item_no="SKU-1", quantity=Decimal(3), item_adjustment_type=AdjustmentType.ADJUSTMENT_OUT, warehouse_name="Utama")],
    )  # fmt: skip
    await accurate.save_document(adjustment)
    count = TargetQuantityAdjustment(
        trans_date=DAY, adjustment_account_no="5-2100",
        detail=[TargetQuantityLine(item_no="SKU-1", target_quantity=Decimal(90), warehouse_name="Utama")],
    )  # fmt: skip
    await accurate.save_document(count)
    stock = await accurate.call("GET", "item", "get-stock", params={"no": "SKU-1", "warehouseName": "Utama"})
    assert Decimal(str(stock["d"]["availableStock"])) == Decimal(90)


async def test_journal_voucher(accurate: AccurateClient) -> None:
    journal = JournalVoucher(
        number="JV-1", trans_date=DAY, description="Payout fee",
        detail_journal_voucher=[
            JournalLine(account_no=MDR, amount=Decimal("3000"), amount_type=AmountType.DEBIT),
            JournalLine(account_no=BANK, amount=Decimal("3000"), amount_type=AmountType.CREDIT),
        ],
    )  # fmt: skip
    assert (await accurate.save_document(journal)).number == "JV-1"


async def test_other_deposit_other_payment_and_bank_transfer(accurate: AccurateClient) -> None:
    deposit = OtherDeposit(
        number="OD-1",
        bank_no=CASH,
        trans_date=DAY,
        payee="Kasir",
        detail_account=[CashLine(account_no="7-1100", amount=Decimal(200))],
    )
    payment = OtherPayment(
        number="OP-1",
        bank_no=CASH,
        trans_date=DAY,
        detail_account=[CashLine(account_no="8-1100", amount=Decimal(100))],
    )
    transfer = BankTransfer(
        number="BT-1", from_bank_no=QRIS_CLEARING, to_bank_no=BANK, from_bank_amount=Decimal(97000), trans_date=DAY,
        detail_bank_transfer=[BankCharge(account_no="6-2100", amount=Decimal(3000), expense_name="Payout fee")],
    )  # fmt: skip
    for document in (deposit, payment, transfer):
        saved = await accurate.save_document(document)
        assert saved.number == document.number and saved.id


async def test_bulk_save_reports_each_record(accurate: AccurateClient) -> None:
    items = [Item(no=f"BULK-{i}", name=f"Barang {i}", item_type=ItemType.SERVICE) for i in range(3)]
    results = await accurate.bulk_save("item", [*items, items[0], {"name": ""}])
    assert [r.ok for r in results] == [True, True, True, False, False]
    assert results[3].error is not None and results[3].error.kind is FailureKind.DUPLICATE_NUMBER
    assert results[4].error is not None and results[4].error.kind is FailureKind.VALIDATION
    assert results[0].result is not None and results[0].result.number == "BULK-0"


async def test_iter_list_walks_all_pages(accurate: AccurateClient) -> None:
    items = [Item(no=f"PG-{i:03}", name=f"Barang {i}", item_type=ItemType.SERVICE) for i in range(45)]
    assert all(r.ok for r in await accurate.bulk_save("item", items))
    rows = [row async for row in accurate.iter_list("item", fields=["no"], page_size=10)]
    assert sorted(row["no"] for row in rows) == [f"PG-{i:03}" for i in range(45)]
    page = await accurate.list("item", fields=["no"], page=5, page_size=10, sort="no|asc")
    assert (page.page_count, page.row_count, len(page.rows), page.has_next) == (5, 45, 5, False)


async def test_glaccount_branch_and_warehouse_reads(accurate: AccurateClient) -> None:
    cash = [
        row
        async for row in accurate.iter_list(
            "glaccount", fields=["no", "accountType"], params={"filter.accountType": "CASH_BANK"}
        )
    ]
    assert cash and {row["accountType"] for row in cash} == {"CASH_BANK"}
    assert (await accurate.detail("glaccount", no=CASH))["no"] == CASH
    assert (await accurate.detail("branch", branchName="Pusat"))["name"] == "Pusat"
    assert [row["name"] for row in (await accurate.list("warehouse", fields=["name"])).rows] == ["Utama"]
