"""Masters and sales invoices over real HTTP with API-token auth."""

from __future__ import annotations

from jembatan.sandbox.accurate.testing import SandboxApi


def test_invoice_posts_a_balanced_journal_with_cogs(api: SandboxApi) -> None:
    api.save("item", {"no": "SKU-1", "name": "Kopi", "itemType": "INVENTORY", "unitPrice": 25000,
                      "detailOpenBalance": [{"quantity": 10, "unitCost": 12000, "warehouseName": "Utama"}]})
    api.save("customer", {"customerNo": "C.1", "name": "Umum"})
    invoice = api.save("sales-invoice", {"customerNo": "C.1", "transDate": "25/12/2025", "number": "POS-1",
                                         "detailItem": [{"itemNo": "SKU-1", "quantity": 2, "unitPrice": 25000}]})
    assert invoice["number"] == "POS-1"
    assert invoice["totalAmount"] == 50000
    books = api.books()
    assert books["totals"]["balanced"]
    balances = {row["no"]: row["balance"] for row in books["trialBalance"]}
    assert balances["1-1100"] == 50000
    assert balances["5-1000"] == 24000
    assert balances["1-1200"] == 96000


def test_list_detail_and_dates(api: SandboxApi) -> None:
    api.save("customer", {"customerNo": "C.1", "name": "Umum"})
    api.save("item", {"no": "JASA", "name": "Jasa", "itemType": "SERVICE"})
    api.save("sales-invoice", {"customerNo": "C.1", "transDate": "01/02/2025",
                               "detailItem": [{"itemNo": "JASA", "unitPrice": 1000}]})
    iso = api.post("sales-invoice/save.do", {"customerNo": "C.1", "transDate": "2025-02-01",
                                             "detailItem": [{"itemNo": "JASA", "unitPrice": 1000}]})
    assert iso == {"s": False, "d": ['Invalid field value for field "transDate".']}
    listed = api.get("sales-invoice/list.do", fields="id,number,transDate,totalAmount")
    assert listed["sp"]["rowCount"] == 1
    row = listed["d"][0]
    assert row["number"].startswith("SI.2025.02.")
    assert row["transDate"] == "01/02/2025"
    detail = api.get("sales-invoice/detail.do", number=row["number"])
    assert detail["d"]["id"] == row["id"]
    assert detail["d"]["outstanding"] == 1000
