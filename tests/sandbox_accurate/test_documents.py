"""Each document type over HTTP: what it posts to the books and what it refuses."""

from __future__ import annotations

from typing import Any

import pytest
from jembatan.sandbox.accurate.testing import SandboxApi


def balances(api: SandboxApi) -> dict[str, Any]:
    books = api.books()
    assert books["totals"]["balanced"], books["totals"]
    return {row["no"]: row["balance"] for row in books["trialBalance"]}


def stock(api: SandboxApi) -> dict[tuple[str, str], Any]:
    return {(row["itemNo"], row["warehouseName"]): row["quantity"] for row in api.books()["stock"]}


@pytest.fixture
def shop(api: SandboxApi) -> SandboxApi:
    api.save("item", {"no": "KOPI", "name": "Kopi", "itemType": "INVENTORY", "unitPrice": 20000, "tax1Name": "PPN",
                      "detailOpenBalance": [{"quantity": 100, "unitCost": 8000, "warehouseName": "Utama"}]})
    api.save("item", {"no": "GULA", "name": "Gula", "itemType": "INVENTORY",
                      "detailOpenBalance": [{"quantity": 50, "unitCost": 1000, "warehouseName": "Utama"}]})
    api.save("item", {"no": "PAKET", "name": "Paket Kopi Manis", "itemType": "GROUP", "unitPrice": 25000,
                      "detailGroup": [{"itemNo": "KOPI", "quantity": 1}, {"itemNo": "GULA", "quantity": 2}]})
    api.save("item", {"no": "ONGKIR", "name": "Antar", "itemType": "SERVICE"})
    api.save("customer", {"customerNo": "UMUM", "name": "Pelanggan Umum"})
    api.save("customer", {"customerNo": "M-1", "name": "Member Satu"})
    return api


def invoice(api: SandboxApi, **extra: Any) -> dict[str, Any]:
    body = {"customerNo": "UMUM", "transDate": "10/01/2025",
            "detailItem": [{"itemNo": "KOPI", "quantity": 2, "unitPrice": 20000}], **extra}
    return api.save("sales-invoice", body)


def test_group_item_sale_relieves_its_components(shop: SandboxApi) -> None:
    invoice(shop, detailItem=[{"itemNo": "PAKET", "quantity": 3, "unitPrice": 25000}])
    assert stock(shop)[("KOPI", "Utama")] == 97
    assert stock(shop)[("GULA", "Utama")] == 44
    assert balances(shop)["5-1000"] == 3 * 8000 + 6 * 1000


def test_inclusive_ppn_splits_revenue_and_tax(shop: SandboxApi) -> None:
    inv = invoice(shop, taxable=True, inclusiveTax=True,
                  detailItem=[{"itemNo": "KOPI", "quantity": 1, "unitPrice": 111000}])
    assert inv["totalAmount"] == 111000
    assert inv["taxAmount"] == 11000
    assert balances(shop)["2-1100"] == 11000
    assert balances(shop)["4-1000"] == 100000


def test_exclusive_ppn_discounts_and_expenses(shop: SandboxApi) -> None:
    inv = invoice(shop, taxable=True, inclusiveTax=False, cashDiscount=10000,
                  detailItem=[{"itemNo": "KOPI", "quantity": 5, "unitPrice": 20000, "itemDiscPercent": "10"}],
                  detailExpense=[{"accountNo": "4-2000", "expenseAmount": 5000},
                                 {"accountNo": "8-1100", "expenseAmount": -300}])
    # 100000 - 10% = 90000; header -10000 = 80000 taxable; PPN 11% = 8800; + 5000 - 300
    assert inv["subTotal"] == 90000
    assert inv["taxAmount"] == 8800
    assert inv["totalAmount"] == 80000 + 8800 + 4700


def test_discount_above_subtotal_is_refused(shop: SandboxApi) -> None:
    reply = shop.post("sales-invoice/save.do", {"customerNo": "UMUM", "cashDiscount": 50000,
                                                "detailItem": [{"itemNo": "KOPI", "unitPrice": 20000}]})
    assert reply == {"s": False, "d": ["Diskon tidak boleh melebihi nilai sub total"]}


def test_receipt_with_mdr_discount_settles_the_invoice(shop: SandboxApi) -> None:
    inv = invoice(shop, customerNo="M-1")
    shop.save("sales-receipt", {"customerNo": "M-1", "bankNo": "1-1011", "transDate": "10/01/2025",
                                "paymentMethod": "QRIS", "chequeAmount": 39720,
                                "detailInvoice": [{"invoiceNo": inv["number"], "paymentAmount": 40000,
                                                   "detailDiscount": [{"accountNo": "6-2000", "amount": 280}]}]})
    detail = shop.get("sales-invoice/detail.do", id=inv["id"])["d"]
    assert detail["outstanding"] == 0
    bal = balances(shop)
    assert bal["1-1011"] == 39720 and bal["6-2000"] == 280 and "1-1100" not in bal


def test_overpayment_is_refused(shop: SandboxApi) -> None:
    inv = invoice(shop)
    reply = shop.post("sales-receipt/save.do", {"customerNo": "UMUM", "bankNo": "1-1001", "transDate": "10/01/2025",
                                                "detailInvoice": [{"invoiceNo": inv["number"], "paymentAmount": 40001}]})
    assert reply["s"] is False
    assert reply["d"] == [f'Pembayaran faktur "{inv["number"]}" melebihi nilai piutang fakturnya']


def test_invalid_payment_method_is_an_invalid_field(shop: SandboxApi) -> None:
    inv = invoice(shop)
    reply = shop.post("sales-receipt/save.do", {"customerNo": "UMUM", "bankNo": "1-1001", "paymentMethod": "CASH",
                                                "detailInvoice": [{"invoiceNo": inv["number"], "paymentAmount": 1}]})
    assert reply["d"] == ['Invalid field value for field "paymentMethod".']


def test_invoice_return_puts_goods_back_at_sale_cost_and_reduces_the_invoice(shop: SandboxApi) -> None:
    inv = invoice(shop)
    ret = shop.save("sales-return", {"customerNo": "UMUM", "returnType": "INVOICE", "invoiceNumber": inv["number"],
                                     "transDate": "11/01/2025", "detailItem": [{"itemNo": "KOPI", "quantity": 1}]})
    assert ret["totalAmount"] == 20000
    assert shop.get("sales-invoice/detail.do", number=inv["number"])["d"]["outstanding"] == 20000
    assert stock(shop)[("KOPI", "Utama")] == 99
    assert balances(shop)["5-1000"] == 8000
    too_many = shop.post("sales-return/save.do", {"customerNo": "UMUM", "returnType": "INVOICE",
                                                  "invoiceNumber": inv["number"],
                                                  "detailItem": [{"itemNo": "KOPI", "quantity": 2}]})
    assert too_many["s"] is False


def test_no_invoice_and_delivery_returns(shop: SandboxApi) -> None:
    shop.save("sales-return", {"customerNo": "UMUM", "returnType": "NO_INVOICE",
                               "detailItem": [{"itemNo": "KOPI", "quantity": 1, "unitPrice": 20000}]})
    assert balances(shop)["1-1100"] == -20000
    delivery = shop.post("sales-return/save.do", {"customerNo": "UMUM", "returnType": "DELIVERY",
                                                  "deliveryOrderNumber": "DO-1",
                                                  "detailItem": [{"itemNo": "KOPI", "quantity": 1}]})
    assert delivery["d"] == ['Pengiriman Pesanan "DO-1" tidak ditemukan atau sudah dihapus']


def test_transfer_out_then_in_moves_goods_through_transit(shop: SandboxApi) -> None:
    out = shop.save("item-transfer", {"itemTransferType": "TRANSFER_OUT", "warehouseName": "Utama",
                                      "referenceWarehouseName": "Cabang",
                                      "detailItem": [{"itemNo": "KOPI", "quantity": 10}]})
    assert balances(shop)["1-1210"] == 80000
    assert ("KOPI", "Cabang") not in stock(shop)
    shop.save("item-transfer", {"itemTransferType": "TRANSFER_IN", "warehouseName": "Cabang",
                                "fromItemTransferNo": out["number"], "detailItem": [{"itemNo": "KOPI", "quantity": 6}]})
    assert stock(shop)[("KOPI", "Cabang")] == 6
    assert balances(shop)["1-1210"] == 32000
    status = shop.get("item-transfer/detail.do", number=out["number"])["d"]["itemTransferOutStatus"]
    assert status == "ONPROGRESS"
    too_many = shop.post("item-transfer/save.do", {"itemTransferType": "TRANSFER_IN", "warehouseName": "Cabang",
                                                   "fromItemTransferNo": out["number"],
                                                   "detailItem": [{"itemNo": "KOPI", "quantity": 5}]})
    assert too_many["s"] is False


def test_adjustments_and_target_quantity(shop: SandboxApi) -> None:
    shop.save("item-adjustment", {"adjustmentAccountNo": "5-2000", "detailItem": [
        {"itemNo": "KOPI", "quantity": 10, "itemAdjustmentType": "ADJUSTMENT_IN", "unitCost": 9100,
         "warehouseName": "Utama"},
        {"itemNo": "GULA", "quantity": 5, "itemAdjustmentType": "ADJUSTMENT_OUT", "warehouseName": "Utama"}]})
    assert stock(shop)[("KOPI", "Utama")] == 110
    assert balances(shop)["5-2000"] == -91000 + 5000
    reply = shop.post("item-adjustment/save-target-quantity.do", {
        "adjustmentAccountNo": "5-2100", "transDate": "12/01/2025",
        "detail": [{"itemNo": "KOPI", "targetQuantity": 100, "warehouseName": "Utama"},
                   {"itemNo": "GULA", "targetQuantity": 45, "warehouseName": "Utama"}]})
    assert reply["s"] is True
    assert [line["quantity"] for line in reply["r"]["detailItem"]] == [10]
    assert stock(shop)[("KOPI", "Utama")] == 100


def test_journal_voucher_refund_nets_customer_receivable(shop: SandboxApi) -> None:
    shop.save("sales-return", {"customerNo": "UMUM", "returnType": "NO_INVOICE",
                               "detailItem": [{"itemNo": "KOPI", "quantity": 1, "unitPrice": 20000}]})
    shop.save("journal-voucher", {"detailJournalVoucher": [
        {"accountNo": "1-1100", "amount": 20000, "amountType": "DEBIT", "customerNo": "UMUM"},
        {"accountNo": "1-1001", "amount": 20000, "amountType": "CREDIT"}]})
    customers = {c["customerNo"]: c for c in shop.books()["receivables"]["customers"]}
    assert customers["UMUM"]["balance"] == 0
    unbalanced = shop.post("journal-voucher/save.do", {"detailJournalVoucher": [
        {"accountNo": "6-1000", "amount": 1, "amountType": "DEBIT"},
        {"accountNo": "1-1001", "amount": 2, "amountType": "CREDIT"}]})
    assert unbalanced["s"] is False


def test_cash_documents(shop: SandboxApi) -> None:
    shop.save("other-deposit", {"bankNo": "1-1003", "detailAccount": [{"accountNo": "3-1000", "amount": 1000000}]})
    shop.save("other-payment", {"bankNo": "1-1003", "payee": "PLN",
                                "detailAccount": [{"accountNo": "6-1200", "amount": 250000}]})
    shop.save("bank-transfer", {"fromBankNo": "1-1003", "toBankNo": "1-1004", "fromBankAmount": 500000,
                                "detailBankTransfer": [{"accountNo": "6-2100", "amount": 6500}]})
    bal = balances(shop)
    assert bal["1-1003"] == 250000 and bal["1-1004"] == 493500 and bal["6-2100"] == 6500


def test_update_by_id_edits_and_deletes_lines_and_rebuilds_books(shop: SandboxApi) -> None:
    inv = invoice(shop, detailItem=[{"itemNo": "KOPI", "quantity": 2, "unitPrice": 20000},
                                    {"itemNo": "GULA", "quantity": 1, "unitPrice": 3000}])
    kopi, gula = inv["detailItem"]
    updated = shop.save("sales-invoice", {"id": inv["id"], "detailItem": [
        {"id": kopi["id"], "quantity": 3}, {"id": gula["id"], "_status": "delete"}]})
    assert [line["itemNo"] for line in updated["detailItem"]] == ["KOPI"]
    assert updated["totalAmount"] == 60000
    assert stock(shop)[("KOPI", "Utama")] == 97 and stock(shop)[("GULA", "Utama")] == 50


def test_paid_invoice_cannot_be_deleted_but_an_unpaid_one_can(shop: SandboxApi) -> None:
    paid, unpaid = invoice(shop), invoice(shop)
    shop.save("sales-receipt", {"customerNo": "UMUM", "bankNo": "1-1001", "transDate": "10/01/2025",
                                "detailInvoice": [{"invoiceNo": paid["number"], "paymentAmount": 40000}]})
    refused = shop.call("DELETE", "sales-invoice/delete.do", params={"number": paid["number"]}).json()
    assert refused["s"] is False
    done = shop.call("DELETE", "sales-invoice/delete.do", params={"id": unpaid["id"]}).json()
    assert done["s"] is True
    assert shop.get("sales-invoice/detail.do", id=unpaid["id"]) == {"s": False, "d": ["Faktur Penjualan tidak tepat"]}
    assert stock(shop)[("KOPI", "Utama")] == 98


def test_bulk_save_reports_per_record_with_partial_success(shop: SandboxApi) -> None:
    reply = shop.post("sales-invoice/bulk-save.do", {"data": [
        {"customerNo": "UMUM", "number": "B-1", "detailItem": [{"itemNo": "KOPI", "unitPrice": 1}]},
        {"customerNo": "NOPE", "number": "B-2", "detailItem": [{"itemNo": "KOPI", "unitPrice": 1}]},
        {"customerNo": "UMUM", "number": "B-1", "detailItem": [{"itemNo": "KOPI", "unitPrice": 1}]}]})
    assert [r["s"] for r in reply["d"]] == [True, False, False]
    assert reply["d"][0]["r"]["number"] == "B-1"
    assert reply["d"][2]["d"] == ['Sudah ada data lain dengan No Faktur "B-1"']
    too_many = shop.post("customer/bulk-save.do", {"data": [{"name": f"C{i}"} for i in range(101)]})
    assert too_many["s"] is False and isinstance(too_many["d"][0], str)


def test_form_encoded_flat_keys_are_accepted(shop: SandboxApi) -> None:
    reply = shop.call("POST", "sales-invoice/save.do", data={
        "customerNo": "UMUM", "transDate": "10/01/2025", "detailItem[0].itemNo": "KOPI",
        "detailItem[0].quantity": "2", "detailItem[0].unitPrice": "20000"}).json()
    assert reply["s"] is True and reply["r"]["totalAmount"] == 40000


def test_multi_branch_database_requires_a_branch(multi_branch: SandboxApi) -> None:
    multi_branch.save("customer", {"customerNo": "C1", "name": "X"})
    multi_branch.save("item", {"no": "S", "name": "Jasa", "itemType": "SERVICE"})
    body = {"customerNo": "C1", "detailItem": [{"itemNo": "S", "unitPrice": 1}]}
    refused = multi_branch.post("sales-invoice/save.do", body)
    assert refused["s"] is False and "lebih dari satu cabang" in refused["d"][0]
    assert multi_branch.save("sales-invoice", {**body, "branchName": "Depok"})["branchName"] == "Depok"
