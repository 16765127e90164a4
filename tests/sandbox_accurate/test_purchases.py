"""Purchases in the sandbox: a receipt brings stock in owed as unbilled goods; the invoice makes it payable."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from jembatan.sandbox.accurate.testing import SandboxApi

UNBILLED, PAYABLE, INVENTORY = "2-1050", "2-1000", "1-1200"


def balance(books: dict[str, Any], no: str) -> Decimal:
    """An account's balance in the trial balance (which leaves out accounts without movement)."""
    return next((Decimal(str(row["balance"])) for row in books["trialBalance"] if row["no"] == no), Decimal(0))


def stock(books: dict[str, Any], item_no: str, warehouse: str) -> Decimal:
    return next(Decimal(str(row["quantity"])) for row in books["stock"]
                if row["itemNo"] == item_no and row["warehouseName"] == warehouse)


def masters(api: SandboxApi) -> None:
    api.save("vendor", {"vendorNo": "V.KOPI", "name": "PT Pemasok Kopi"})
    api.save("item", {"no": "BIJI", "name": "Biji Kopi", "itemType": "INVENTORY", "unitPrice": 90000})


def receipt(number: str = "RI-1", quantity: int = 10, price: int = 60000) -> dict[str, Any]:
    return {"vendorNo": "V.KOPI", "number": number, "receiveNumber": "SJ-778", "transDate": "02/01/2025",
            "detailItem": [{"itemNo": "BIJI", "quantity": quantity, "unitPrice": price, "warehouseName": "Utama"}]}


def test_a_received_item_is_in_stock_and_owed_as_unbilled_goods(api: SandboxApi) -> None:
    masters(api)
    api.save("receive-item", receipt())
    books = api.books()
    assert stock(books, "BIJI", "Utama") == 10
    assert balance(books, INVENTORY) == balance(books, UNBILLED) == Decimal(600000)
    assert books["totals"]["balanced"]


def test_invoicing_a_receipt_moves_the_debt_to_payables_without_counting_stock_twice(api: SandboxApi) -> None:
    masters(api)
    api.save("receive-item", receipt())
    invoice = api.save("purchase-invoice", {
        "vendorNo": "V.KOPI", "number": "PI-1", "transDate": "05/01/2025", "billNumber": "INV-PKO-1",
        "detailItem": [{"itemNo": "BIJI", "quantity": 10, "unitPrice": 60000, "warehouseName": "Utama",
                        "receiveItemNumber": "RI-1"}]})
    books = api.books()
    assert invoice["totalAmount"] == 600000
    assert stock(books, "BIJI", "Utama") == 10
    assert balance(books, UNBILLED) == 0 and balance(books, PAYABLE) == Decimal(600000)
    assert api.get("vendor/detail.do", vendorNo="V.KOPI")["d"]["balance"] == 600000


def test_an_invoice_without_a_receipt_brings_the_goods_in_itself(api: SandboxApi) -> None:
    masters(api)
    api.save("purchase-invoice", {
        "vendorNo": "V.KOPI", "number": "PI-2", "transDate": "05/01/2025",
        "detailItem": [{"itemNo": "BIJI", "quantity": 4, "unitPrice": 55000, "warehouseName": "Utama"}],
        "detailExpense": [{"accountNo": "6-2100", "expenseName": "Ongkir", "expenseAmount": 20000}]})
    books = api.books()
    assert stock(books, "BIJI", "Utama") == 4
    assert balance(books, PAYABLE) == Decimal(240000) and balance(books, INVENTORY) == Decimal(220000)
    assert books["totals"]["balanced"]


def test_a_purchase_needs_a_known_vendor(api: SandboxApi) -> None:
    masters(api)
    reply = api.post("receive-item/save.do", {**receipt(), "vendorNo": "V.ASING"})
    assert reply == {"s": False, "d": ['Pemasok "V.ASING" tidak ditemukan atau sudah dihapus']}


def test_an_invoiced_receipt_cannot_be_deleted(api: SandboxApi) -> None:
    masters(api)
    api.save("receive-item", receipt())
    api.save("purchase-invoice", {"vendorNo": "V.KOPI", "number": "PI-3", "transDate": "05/01/2025",
                                  "detailItem": [{"itemNo": "BIJI", "quantity": 10, "unitPrice": 60000,
                                                  "warehouseName": "Utama", "receiveItemNumber": "RI-1"}]})
    refused = api.call("DELETE", "receive-item/delete.do", params={"number": "RI-1"}).json()
    assert refused["s"] is False and "tidak dapat dihapus" in refused["d"][0]


def test_purchases_are_listed_by_date_and_branch(api: SandboxApi) -> None:
    masters(api)
    api.save("receive-item", receipt("RI-A"))
    api.save("receive-item", {**receipt("RI-B"), "transDate": "20/01/2025"})
    rows = api.get("receive-item/list.do", **{
        "fields": "number,transDate,branchName", "filter.transDate.op": "BETWEEN",
        "filter.transDate.val[0]": "01/01/2025", "filter.transDate.val[1]": "10/01/2025",
        "filter.branchName": "Pusat"})["d"]
    assert [(r["number"], r["branchName"]) for r in rows] == [("RI-A", "Pusat")]
