"""Typed request models produce Accurate's exact field names and exact money."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from jembatan.accurate import AccurateClient
from jembatan.accurate.documents import (
    AdjustmentLine,
    AdjustmentType,
    AmountType,
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
from jembatan.accurate.jsonbody import dumps
from jembatan.accurate.testing import FakeAccurate, reply
from pydantic import ValidationError

DAY = date(2025, 12, 25)


def invoice() -> SalesInvoice:
    return SalesInvoice(
        customer_no="C.00001",
        trans_date=DAY,
        number="POS-KMG-000123",
        branch_name="Outlet Kemang",
        po_number="R-123",
        taxable=True,
        inclusive_tax=True,
        cash_discount=Decimal("1000"),
        char_field1="iseller:order:abc",
        detail_item=[
            InvoiceLine(
                item_no="SKU-1",
                quantity=Decimal(2),
                unit_price=Decimal("25000.50"),
                warehouse_name="Kemang",
                item_disc_percent="10",
            )
        ],
        detail_expense=[
            ExpenseLine(account_no="4-2000", expense_name="Service charge", expense_amount=Decimal("5000"))
        ],
    )


def test_sales_invoice_uses_accurate_field_names() -> None:
    body = invoice().to_accurate()
    assert body == {
        "customerNo": "C.00001",
        "transDate": "25/12/2025",
        "number": "POS-KMG-000123",
        "branchName": "Outlet Kemang",
        "poNumber": "R-123",
        "taxable": True,
        "inclusiveTax": True,
        "cashDiscount": Decimal("1000"),
        "charField1": "iseller:order:abc",
        "detailItem": [
            {
                "itemNo": "SKU-1",
                "quantity": Decimal(2),
                "unitPrice": Decimal("25000.50"),
                "warehouseName": "Kemang",
                "itemDiscPercent": "10",
            }
        ],
        "detailExpense": [
            {"accountNo": "4-2000", "expenseName": "Service charge", "expenseAmount": Decimal("5000")}
        ],
    }


def test_money_is_sent_as_exact_json_numbers() -> None:
    big = Decimal("999999999999.123456")
    text = dumps({"a": big, "b": Decimal("0.1"), "c": Decimal("25000.50")})
    assert text == '{"a":999999999999.123456,"b":0.1,"c":25000.50}'
    assert json.loads(text, parse_float=Decimal)["a"] == big


def test_floats_are_refused_for_money() -> None:
    with pytest.raises(ValidationError, match="never float"):
        InvoiceLine(item_no="SKU-1", unit_price=0.1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        dumps({"amount": 0.1})


def test_sales_receipt_nests_discounts_inside_each_invoice_line() -> None:
    receipt = SalesReceipt(
        customer_no="C.1",
        bank_no="1-1001",
        cheque_amount=Decimal("98000"),
        trans_date=DAY,
        payment_method=PaymentMethod.QRIS,
        detail_invoice=[
            ReceiptInvoice(
                invoice_no="POS-1",
                payment_amount=Decimal("100000"),
                detail_discount=[
                    ReceiptDiscount(account_no="6-100", amount=Decimal("2000"), discount_notes="MDR")
                ],
            )
        ],
    )
    body = receipt.to_accurate()
    assert body["paymentMethod"] == "QRIS"
    assert body["detailInvoice"][0]["detailDiscount"] == [
        {"accountNo": "6-100", "amount": Decimal("2000"), "discountNotes": "MDR"}
    ]
    assert receipt.settled_amount() == Decimal("98000")


def test_sales_return_against_an_invoice_needs_its_number() -> None:
    line = ReturnLine(item_no="SKU-1", unit_price=Decimal(1))
    with pytest.raises(ValidationError, match="invoice_number"):
        SalesReturn(customer_no="C.1", return_type=ReturnType.INVOICE, detail_item=[line])
    body = SalesReturn(
        customer_no="C.1", return_type=ReturnType.INVOICE, invoice_number="POS-1", detail_item=[line]
    ).to_accurate()
    assert (body["returnType"], body["invoiceNumber"], body["detailExpense"]) == ("INVOICE", "POS-1", [])


def test_journal_voucher_must_balance() -> None:
    lines = [
        JournalLine(account_no="1-1", amount=Decimal("10"), amount_type=AmountType.DEBIT),
        JournalLine(account_no="4-1", amount=Decimal("9"), amount_type=AmountType.CREDIT),
    ]
    with pytest.raises(ValidationError, match="does not balance"):
        JournalVoucher(trans_date=DAY, detail_journal_voucher=lines)
    balanced = [lines[0], JournalLine(account_no="4-1", amount=Decimal("10"), amount_type=AmountType.CREDIT)]
    body = JournalVoucher(trans_date=DAY, detail_journal_voucher=balanced).to_accurate()
    assert body["detailJournalVoucher"][1] == {
        "accountNo": "4-1",
        "amount": Decimal("10"),
        "amountType": "CREDIT",
    }


def test_cash_documents_and_bank_transfer_field_names() -> None:
    lines = [CashLine(account_no="7-1", amount=Decimal("5"), expense_name="Bunga")]
    deposit = OtherDeposit(bank_no="1-1", trans_date=DAY, payee="Bank", detail_account=lines).to_accurate()
    payment = OtherPayment(bank_no="1-1", trans_date=DAY, detail_account=lines).to_accurate()
    assert deposit["detailAccount"] == [{"accountNo": "7-1", "amount": Decimal("5"), "expenseName": "Bunga"}]
    assert (OtherDeposit.MODULE, OtherPayment.MODULE, payment["bankNo"]) == (
        "other-deposit",
        "other-payment",
        "1-1",
    )
    transfer = BankTransfer(
        from_bank_no="1-2", to_bank_no="1-1", from_bank_amount=Decimal("97000"), trans_date=DAY
    )
    assert transfer.to_accurate() == {
        "fromBankNo": "1-2",
        "toBankNo": "1-1",
        "fromBankAmount": Decimal("97000"),
        "transDate": "25/12/2025",
    }


def test_stock_documents_field_names() -> None:
    transfer = ItemTransfer(
        trans_date=DAY, item_transfer_type=ItemTransferType.TRANSFER_OUT, warehouse_name="A", reference_warehouse_name="B",
        detail_item=[TransferLine(item_no="SKU-1", quantity=Decimal(3))],
    )  # fmt: skip
    assert transfer.to_accurate()["itemTransferType"] == "TRANSFER_OUT"
    adjustment = ItemAdjustment(
        trans_date=DAY, adjustment_account_no="6-9",
        detail_item=[AdjustmentLine(item_no="SKU-1", quantity=Decimal(1), item_adjustment_type=AdjustmentType.ADJUSTMENT_OUT)],
    )  # fmt: skip
    assert adjustment.to_accurate()["detailItem"][0]["itemAdjustmentType"] == "ADJUSTMENT_OUT"
    target = TargetQuantityAdjustment(
        trans_date=DAY, adjustment_account_no="6-9",
        detail=[TargetQuantityLine(item_no="SKU-1", target_quantity=Decimal(7), warehouse_name="A")],
    )  # fmt: skip
    assert target.to_accurate()["detail"] == [
        {"itemNo": "SKU-1", "targetQuantity": Decimal(7), "warehouseName": "A"}
    ]
    assert TargetQuantityAdjustment.SAVE_ACTION == "save-target-quantity"


def test_group_item_carries_its_components_and_others_cannot() -> None:
    bundle = Item(
        no="PAKET-1", name="Paket", item_type=ItemType.GROUP, unit1_name="PCS",
        detail_group=[GroupComponent(item_no="SKU-1", quantity=Decimal(2))],
    )  # fmt: skip
    assert bundle.to_accurate()["detailGroup"] == [{"itemNo": "SKU-1", "quantity": Decimal(2)}]
    with pytest.raises(ValidationError):
        Item(no="PAKET-2", name="x", item_type=ItemType.GROUP)
    with pytest.raises(ValidationError):
        Item(no="SKU-31-" + "x" * 30, name="too long")


def test_customer_field_names() -> None:
    assert Customer(name="Walk-in Kemang", customer_no="WALKIN-KMG", trans_date=DAY).to_accurate() == {
        "name": "Walk-in Kemang", "customerNo": "WALKIN-KMG", "transDate": "25/12/2025",
    }  # fmt: skip


def test_line_edits_use_id_and_status() -> None:
    line = InvoiceLine(id=55, status="delete", item_no="SKU-1", unit_price=Decimal(1))
    assert line.to_accurate()["_status"] == "delete"


async def test_documents_are_saved_to_their_module(client: AccurateClient, fake: FakeAccurate) -> None:
    fake.on(
        "POST /accurate/api/sales-invoice/save.do",
        lambda r: reply({"s": True, "r": {"id": 9, "number": "POS-KMG-000123"}}),
    )
    result = await client.save_document(invoice())
    assert result.number == "POS-KMG-000123"
    sent = fake.calls("POST /accurate/api/sales-invoice/save.do")[0].content.decode()
    assert '"unitPrice":25000.50' in sent
