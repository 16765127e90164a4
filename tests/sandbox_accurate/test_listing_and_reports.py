"""list.do filters, fields, sorting and paging; business keys on detail.do; stock and GL reports."""

from __future__ import annotations

import time

import httpx
from jembatan.sandbox.accurate.testing import SandboxApi


def _customers(api: SandboxApi, n: int) -> None:
    reply = api.post("customer/bulk-save.do", {"data": [
        {"customerNo": f"C-{i:02d}", "name": f"Pelanggan {i:02d}", "email": "" if i % 2 else f"c{i}@x.id"}
        for i in range(n)]})
    assert all(r["s"] for r in reply["d"])


def test_without_fields_only_ids_come_back_and_unknown_fields_are_null(api: SandboxApi) -> None:
    _customers(api, 2)
    bare = api.get("customer/list.do")["d"]
    assert all(set(row) == {"id"} for row in bare)
    chosen = api.get("customer/list.do", fields="id,customerNo,tidakAda")["d"][0]
    assert chosen["tidakAda"] is None and chosen["customerNo"] == "C-00"


def test_paging_and_sorting(api: SandboxApi) -> None:
    _customers(api, 25)
    first = api.get("customer/list.do", fields="id,customerNo")
    assert first["sp"] == {**first["sp"], "page": 1, "pageSize": 20, "pageCount": 2, "rowCount": 25}
    last = api.get("customer/list.do", **{"fields": "customerNo", "sp.page": 2, "sp.pageSize": 10,
                                           "sp.sort": "customerNo|desc"})
    assert [r["customerNo"] for r in last["d"]] == [f"C-{i:02d}" for i in range(14, 4, -1)]


def test_filter_operators(api: SandboxApi) -> None:
    _customers(api, 10)
    def numbers(**params: object) -> list[str]:
        return [r["customerNo"] for r in api.get("customer/list.do", fields="customerNo", **params)["d"]]

    assert numbers(**{"filter.customerNo.op": "EQUAL", "filter.customerNo.val[0]": "C-03"}) == ["C-03"]
    assert numbers(**{"filter.customerNo": "C-04"}) == ["C-04"]
    assert len(numbers(**{"filter.customerNo.op": "NOT_EQUAL", "filter.customerNo.val": "C-03"})) == 9
    assert numbers(**{"filter.customerNo.op": "BETWEEN", "filter.customerNo.val[0]": "C-02",
                      "filter.customerNo.val[1]": "C-04"}) == ["C-02", "C-03", "C-04"]
    assert numbers(**{"filter.name.op": "CONTAIN", "filter.name.val": "gan 07"}) == ["C-07"]
    assert numbers(**{"filter.email.op": "EMPTY"}) == ["C-01", "C-03", "C-05", "C-07", "C-09"]
    assert numbers(**{"filter.id.op": "GREATER_THAN", "filter.id.val": 10**9}) == []
    assert numbers(**{"filter.customerNo.op": "EQUAL", "filter.customerNo.val[0]": "C-01",
                      "filter.customerNo.val[1]": "C-02"}) == ["C-01", "C-02"]


def test_last_update_filter_for_incremental_sync(api: SandboxApi) -> None:
    _customers(api, 3)
    time.sleep(1.1)
    marker = api.get("customer/detail.do", customerNo="C-02")["d"]["lastUpdate"]
    api.save("customer", {"customerNo": "C-NEW", "name": "Baru"})
    newer = api.get("customer/list.do", **{"fields": "customerNo,lastUpdate", "filter.lastUpdate.op": "GREATER_THAN",
                                            "filter.lastUpdate.val": marker})
    assert [r["customerNo"] for r in newer["d"]] == ["C-NEW"]


def test_detail_by_business_keys(api: SandboxApi) -> None:
    api.save("item", {"no": "SKU-9", "name": "Teh", "itemType": "NON_INVENTORY"})
    assert api.get("item/detail.do", no="SKU-9")["d"]["name"] == "Teh"
    assert api.get("branch/detail.do", branchName="Pusat")["d"]["name"] == "Pusat"
    assert api.get("glaccount/detail.do", no="1-1003")["d"]["accountType"] == "CASH_BANK"
    assert api.get("item/detail.do", id="SKU-9") == {"s": False, "d": ['Invalid field value for field "id".']}
    assert api.get("item/detail.do", no="NOPE") == {"s": False, "d": ["Barang & Jasa tidak tepat"]}


def test_duplicate_codes_and_item_code_rules(api: SandboxApi) -> None:
    api.save("item", {"no": "SKU-1", "name": "A", "itemType": "SERVICE", "upcNo": "899"})
    assert api.post("item/save.do", {"no": "SKU-1", "name": "B", "itemType": "SERVICE"})["d"] == [
        'Sudah ada data lain dengan Kode Barang "SKU-1"']
    assert api.post("item/save.do", {"no": "SKU-2", "name": "B", "itemType": "SERVICE", "upcNo": "899"})["d"] == [
        'Sudah ada data lain dengan UPC/Barcode "899"']
    assert "Maksimal 30 karakter" in api.post("item/save.do", {"no": "X" * 31, "name": "B", "itemType": "SERVICE"})["d"][0]
    auto = api.save("item", {"name": "Tanpa kode", "itemType": "SERVICE"})
    assert auto["no"].startswith("I.")


def test_stock_reads(api: SandboxApi) -> None:
    api.save("item", {"no": "K", "name": "Kopi", "itemType": "INVENTORY",
                      "detailOpenBalance": [{"quantity": 7, "unitCost": 100, "warehouseName": "Utama"},
                                            {"quantity": 3, "unitCost": 100, "warehouseName": "Cabang"}]})
    assert api.get("item/get-stock.do", no="K")["d"]["availableStock"] == 10
    assert api.get("item/get-stock.do", no="K", warehouseName="Cabang")["d"]["availableStock"] == 3
    rows = api.get("item/list-stock.do", warehouseName="Utama")["d"]
    assert [(r["no"], r["quantity"]) for r in rows] == [("K", 7)]
    detail = api.get("item/detail.do", no="K")["d"]
    assert {w["name"]: w["balance"] for w in detail["detailWarehouseData"]} == {"Utama": 7, "Cabang": 3}


def test_gl_balance_and_pl_and_balance_sheet(api: SandboxApi) -> None:
    api.save("glaccount", {"no": "1-1005", "name": "Bank BRI", "accountType": "CASH_BANK", "parentNo": "1-1000",
                           "openBalance": 1000000, "asOf": "01/01/2020"})
    api.save("customer", {"customerNo": "C", "name": "C"})
    api.save("item", {"no": "J", "name": "Jasa", "itemType": "SERVICE"})
    api.save("sales-invoice", {"customerNo": "C", "transDate": "05/03/2025", "detailItem": [{"itemNo": "J", "unitPrice": 300}]})
    assert api.get("glaccount/get-balance.do", no="1-1005")["d"]["balance"] == 1000000
    assert api.get("glaccount/get-balance.do", no="1-1000")["d"]["balance"] == 1000000
    pl = {r["no"]: r["amount"] for r in api.get("glaccount/get-pl-account-amount.do", fromDate="01/03/2025",
                                                 toDate="31/03/2025")["d"]}
    assert pl["4-1000"] == 300
    before = {r["no"]: r["amount"] for r in api.get("glaccount/get-pl-account-amount.do", fromDate="01/01/2025",
                                                     toDate="28/02/2025")["d"]}
    assert before["4-1000"] == 0
    bs = api.get("glaccount/get-bs-account-amount.do", asOfDate="31/03/2025")["d"]
    assets = sum(r["amount"] for r in bs if r["no"] and r["no"].startswith("1-") and r["lvl"] == 1)
    others = sum(r["amount"] for r in bs if not (r["no"] or "").startswith("1-"))
    assert assets == others == 1000300


def test_invoice_page_lists_posted_invoices(api: SandboxApi) -> None:
    api.save("customer", {"customerNo": "C", "name": "Toko & Co"})
    api.save("item", {"no": "J", "name": "Jasa", "itemType": "SERVICE"})
    api.save("sales-invoice", {"customerNo": "C", "number": "POS-77", "detailItem": [{"itemNo": "J", "unitPrice": 5}]})
    page = httpx.get(f"{api.sandbox.account_url}/_sandbox/databases/{api.db_id}/invoices")
    assert page.status_code == 200 and "POS-77" in page.text and "Toko &amp; Co" in page.text
