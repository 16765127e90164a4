"""What the reconciliation reads back, and purchases, through the typed client against the sandbox."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from jembatan.accurate import AccurateClient, AccurateError, FailureKind
from jembatan.accurate.documents import PurchaseExpense, PurchaseInvoice, PurchaseLine, ReceiveItem, Vendor

INVENTORY, PAYABLE, UNBILLED = "1-1200", "2-1000", "2-1050"


async def buy_coffee(accurate: AccurateClient) -> None:
    await accurate.save_document(Vendor(vendor_no="V.KOPI", name="PT Pemasok Kopi"))
    await accurate.save("item", {"no": "BIJI", "name": "Biji Kopi", "itemType": "INVENTORY"})
    line = PurchaseLine(item_no="BIJI", quantity=Decimal(10), unit_price=Decimal(60000), warehouse_name="Utama")
    await accurate.save_document(ReceiveItem(number="RI-1", trans_date=date(2025, 1, 2), vendor_no="V.KOPI",
                                             receive_number="SJ-1", detail_item=[line]))


async def test_a_receipt_then_its_invoice_leave_the_goods_in_stock_once_and_the_debt_payable(
    accurate: AccurateClient,
) -> None:
    await buy_coffee(accurate)
    assert await accurate.account_balance(UNBILLED, as_of=date(2025, 1, 3)) == Decimal(600000)
    billed = PurchaseLine(item_no="BIJI", quantity=Decimal(10), unit_price=Decimal(60000), warehouse_name="Utama",
                          receive_item_number="RI-1")
    saved = await accurate.save_document(PurchaseInvoice(
        number="PI-1", trans_date=date(2025, 1, 5), vendor_no="V.KOPI", bill_number="INV-9", detail_item=[billed],
        detail_expense=[PurchaseExpense(account_no="6-2100", expense_amount=Decimal(15000), expense_name="Ongkir")]))
    assert saved.number == "PI-1"
    assert await accurate.account_balance(PAYABLE, as_of=date(2025, 1, 31)) == Decimal(615000)
    assert await accurate.account_balance(UNBILLED, as_of=date(2025, 1, 31)) == 0
    assert await accurate.account_balance(INVENTORY, as_of=date(2025, 1, 31)) == Decimal(600000)
    stock = await accurate.call("GET", "item", "get-stock", params={"no": "BIJI", "warehouseName": "Utama"})
    assert Decimal(str(stock["d"]["availableStock"])) == 10


async def test_a_balance_as_of_a_date_leaves_out_later_documents(accurate: AccurateClient) -> None:
    await buy_coffee(accurate)
    assert await accurate.account_balance(INVENTORY, as_of=date(2025, 1, 1)) == 0
    assert await accurate.account_balance(INVENTORY, from_date=date(2025, 1, 2), to_date=date(2025, 1, 2)) == 600000


async def test_a_balance_of_one_branch_counts_only_that_branchs_documents(accurate: AccurateClient) -> None:
    await buy_coffee(accurate)
    assert await accurate.account_balance(INVENTORY, as_of=date(2025, 1, 3), branch_name="Pusat") == 600000
    with pytest.raises(AccurateError) as caught:
        await accurate.account_balance(INVENTORY, branch_name="Tidak Ada")
    assert caught.value.kind is FailureKind.VALIDATION


async def test_documents_are_listed_by_date_range_and_branch(accurate: AccurateClient) -> None:
    await accurate.save("customer", {"customerNo": "C.1", "name": "Umum"})
    await accurate.save("item", {"no": "JASA", "name": "Jasa", "itemType": "SERVICE"})

    def invoice(number: str, day: str) -> dict[str, Any]:
        return {"customerNo": "C.1", "number": number, "transDate": day,
                "detailItem": [{"itemNo": "JASA", "quantity": 1, "unitPrice": 1000}]}

    for number, day in (("SI-A", "01/03/2025"), ("SI-B", "15/03/2025"), ("SI-C", "01/04/2025")):
        await accurate.save("sales-invoice", invoice(number, day))
    rows = [row async for row in accurate.documents("sales-invoice", from_date=date(2025, 3, 1),
                                                     to_date=date(2025, 3, 31), branch_name="Pusat", page_size=1)]
    assert [(r["number"], r["branchName"]) for r in rows] == [("SI-A", "Pusat"), ("SI-B", "Pusat")]
    assert set(rows[0]) >= {"id", "number", "transDate", "totalAmount"}
