"""One iSeller order travels webhook → ingest → mapper → poster → an Accurate invoice, once.

Every service runs as its own process on real PostgreSQL and a real Kafka-protocol broker; the
Accurate side is the sandbox over real HTTP.
"""

from decimal import Decimal

import pytest
from jembatan.accurate import AccurateClient, ApiTokenAuth
from jembatan.devstack.tenant_setup import Admin, connect_tenant, create_accurate_database, wait_for_documents

pytestmark = pytest.mark.e2e

TENANT = "toko-demo"
ORDER = {
    "order_id": "7c8ff6f8-306c-4475-aac1-57f7f2bcd080",
    "order_reference": "#HO-1001",
    "channel": "pos",
    "status": "completed",
    "payment_status": "paid",
    "order_date": "2026-11-25 02:53:37",
    "closed_date": "2026-11-25 02:54:20",
    "outlet_id": "outlet-ho",
    "outlet_code": "HO",
    "register_id": "reg-1",
    "tax_inclusive": False,
    "total_order_amount": "60000",
    "total_discount_amount": "9000",
    "subtotal": "51000",
    "total_additional_subtotal_amount": "1000",
    "total_tax_amount": "0",
    "rounding_amount": "-500",
    "total_amount": "51500",
    "order_details": [
        {
            "order_detail_id": "d1",
            "product_id": "p1",
            "product_name": "Kopi Susu L",
            "sku": "KOPI-L",
            "type": "standard",
            "quantity": "2",
            "base_price": "25000",
            "discount_amount": "5000",
            "taxable": False,
        },
        {
            "order_detail_id": "d2",
            "product_id": "p2",
            "product_name": "Roti Bakar",
            "sku": "ROTI",
            "type": "standard",
            "quantity": "1",
            "base_price": "10000",
            "discount_amount": "0",
            "taxable": False,
        },
    ],
    "discounts": [{"discount_name": "Promo", "discount_amount": "4000"}],
    "transactions": [
        {
            "transaction_id": "t1",
            "type": "sale",
            "status": "success",
            "gateway": "cash",
            "payment_type_name": "Cash",
            "amount": "20000",
        },
        {
            "transaction_id": "t2",
            "type": "sale",
            "status": "success",
            "gateway": "iseller_pay",
            "payment_type_name": "QRIS",
            "amount": "31500",
            "mdr": [{"payment_method_fee": "220.5", "total_amount_fee": "31279.5"}],
        },
    ],
}


@pytest.fixture(scope="module")
async def connected(stack):
    accurate = await create_accurate_database(
        stack.accurate.account_url, "Toko Demo", ["Kantor Pusat"], ["Gudang HO"]
    )
    async with AccurateClient(
        ApiTokenAuth(token=accurate.api_token, signature_secret=accurate.signature_secret),
        account_url=accurate.account_url,
    ) as client:
        for sku, name in (("KOPI-L", "Kopi Susu L"), ("ROTI", "Roti Bakar")):
            await client.save(
                "item", {"no": sku, "name": name, "itemType": "NON_INVENTORY", "unit1Name": "PCS"}
            )
    await connect_tenant(
        stack.urls,
        stack.admin_token,
        TENANT,
        store_name="Toko Demo",
        iseller_api_key="test-iseller-api-key",
        accurate=accurate,
    )
    return accurate


async def test_one_order_becomes_one_invoice_and_its_receipts(stack, connected, send_webhook, demo_mapping):
    mapper = Admin(stack.urls["mapper"], stack.admin_token)
    await mapper.put(f"/admin/tenants/{TENANT}/outlets/outlet-ho", demo_mapping)
    await mapper.put(
        f"/admin/tenants/{TENANT}/catalogue",
        [{"sku": "KOPI-L", "item_no": "KOPI-L"}, {"sku": "ROTI", "item_no": "ROTI"}],
    )
    await mapper.close()

    for _ in range(3):  # iSeller retries: the same delivery three times
        reply = await send_webhook(stack.urls["ingest"], TENANT, "order", ORDER)
        assert reply.status_code in (200, 202), reply.text

    docs = await wait_for_documents(stack.urls, stack.admin_token, TENANT, expected=3)
    assert sorted((d["document_type"], d["state"]) for d in docs) == [
        ("sales-invoice", "posted"),
        ("sales-receipt", "posted"),
        ("sales-receipt", "posted"),
    ], [(d["number"], d["state"], d["message"]) for d in docs]

    invoice = next(d for d in docs if d["document_type"] == "sales-invoice")
    auth = ApiTokenAuth(token=connected.api_token, signature_secret=connected.signature_secret)
    async with AccurateClient(auth, account_url=connected.account_url) as client:
        in_accurate = await client.detail("sales-invoice", number=invoice["number"])
        page = await client.list("sales-invoice", fields=["id", "number"], page_size=100)
    assert Decimal(str(in_accurate["totalAmount"])) == Decimal("51500")
    assert [row["number"] for row in page.rows] == [invoice["number"]]
