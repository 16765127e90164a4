"""The mapper against the real Accurate sandbox process, PostgreSQL and the iSeller simulator's day."""

import json

import httpx
import pytest
from jembatan.contracts import Envelope, stable_id
from jembatan.contracts.iseller import Order
from jembatan.contracts.iseller.to_pos_orders import order_completed
from jembatan.mapper.bootstrap import MIGRATIONS, build_app
from jembatan.mapper.config import MapperSettings
from jembatan.mapper.service_layer.handlers import map_event
from jembatan.platform.consumer import handle_once
from jembatan.platform.outbox import OutboxMessage
from jembatan.sandbox.accurate.testing import SandboxApi, create_database, start_sandbox, stop_sandbox
from sqlmodel import select

AUTH = {"Authorization": "Bearer dev-admin-token"}


@pytest.fixture(scope="module")
def accurate():
    sandbox = start_sandbox()
    yield sandbox
    stop_sandbox(sandbox)


@pytest.fixture
async def mapper(postgres_url, unique_name):
    settings = MapperSettings(
        environment="development", database_url=postgres_url, db_schema=unique_name("mapper")
    )
    app = build_app(settings)
    await app.state.mapper.db.migrate(MIGRATIONS)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://mapper", headers=AUTH
    ) as c:
        c.app = app  # type: ignore[attr-defined]
        yield c
    await app.state.mapper.db.dispose()


@pytest.fixture
async def tenant(mapper, accurate, simulator_products):
    """A tenant bound to a fresh sandbox database, with the simulator's catalogue loaded."""
    creds = create_database(accurate, alias="PT Uji", branches=["Pusat"])
    body = {"settings": {"store_name": "toko", "accurate_account_url": accurate.account_url},
            "accurate_api_token": creds["apiToken"], "accurate_signature_secret": creds["signatureSecret"]}  # fmt: skip
    (await mapper.put("/admin/tenants/t1", json=body)).raise_for_status()
    products = [p.model_dump(mode="json") for p in simulator_products]
    (await mapper.put("/admin/tenants/t1/products", json=products)).raise_for_status()
    api = SandboxApi(accurate, creds)
    yield api
    api.close()


async def run_import(mapper) -> tuple[list[dict], dict]:
    async with mapper.stream("POST", "/admin/tenants/t1/products/import", timeout=120) as response:
        lines = [json.loads(line) async for line in response.aiter_lines() if line]
    return lines[:-1], lines[-1]["report"]


def outlet(outlet_id, code, payments, **snap):
    snapshot = {"outlet_id": outlet_id, "outlet_code": code, "branch_name": "Pusat", "warehouse_name": "Utama",
                "walk_in_customer_no": "UMUM", "iseller_pay_clearing_account": "1-1010", "mdr_fee_account": "6-2000",
                "payout_account": "1-1003", "rounding_account": "7-1100", **snap}  # fmt: skip
    return {"snapshot": snapshot, "payment_accounts": payments}


async def test_the_validation_report_counts_no_sku_and_duplicate_sku_products(mapper, tenant):
    report = (await mapper.get("/admin/tenants/t1/products/validation")).json()
    assert (report["counts"]["no_sku"], report["counts"]["duplicate_sku"], report["counts"]["to_import"]) == (
        1,
        2,
        17,
    )
    assert list(report["duplicate_skus"]) == ["PSG-01"]


async def test_import_creates_each_valid_item_once_with_group_components_and_a_second_import_creates_nothing(
    mapper, tenant
):
    progress, first = await run_import(mapper)
    assert len(first["created"]) == 17 and first["refused"] == {}
    assert progress[-1] == {"done": 17, "total": 17}
    items = tenant.get("item/list.do", fields="id,no,itemType", **{"sp.pageSize": 100})["d"]
    assert sorted(i["no"] for i in items) == sorted(first["created"])
    ksga = tenant.get("item/detail.do", no="KSGA")["d"]
    assert ksga["itemType"] == "GROUP"
    assert {c["itemNo"]: c["quantity"] for c in ksga["detailGroup"]} == {
        "BHN-ESP": 1,
        "BHN-SUSU": 1,
        "BHN-GULA": 1,
    }
    _, second = await run_import(mapper)
    assert second["created"] == [] and second["refused"] == {}
    assert len(tenant.get("item/list.do", fields="id,no", **{"sp.pageSize": 100})["d"]) == 17
    report = (await mapper.get("/admin/tenants/t1/products/validation")).json()
    assert (report["counts"]["in_accurate"], report["counts"]["to_import"]) == (17, 0)


async def test_an_import_after_items_were_created_outside_jembatan_adopts_them(mapper, tenant):
    tenant.save(
        "item", {"no": "TMB-01", "name": "Tumbler (manual)", "itemType": "INVENTORY", "unit1Name": "PCS"}
    )
    _, report = await run_import(mapper)
    assert report["skipped"]["TMB-01"] == "already in Accurate" and "TMB-01" not in report["created"]


async def test_a_mapping_naming_a_revenue_account_as_a_payment_account_is_refused(mapper, tenant):
    response = await mapper.put("/admin/tenants/t1/outlets/o1", json=outlet("o1", "HO", {"Cash": "4-1000"}))
    assert response.status_code == 422
    assert response.json()["detail"]["problems"] == [
        "payment type 'Cash' account 4-1000 (Penjualan) is a revenue account; it must be a cash/bank account"
    ]
    assert (await mapper.get("/admin/tenants/t1/outlets/o1")).status_code == 404


async def test_a_mapping_charging_ppn_is_saved_only_with_a_ppn_tax_code_accurate_has(mapper, tenant):
    ppn = {"output_tax_account": "2-1100"}
    refused = await mapper.put("/admin/tenants/t1/outlets/o1", json=outlet(
        "o1", "HO", {"Cash": "1-1001"}, tax={"charges_ppn": True, "tax_code": "VAT"}, **ppn))  # fmt: skip
    assert refused.status_code == 422
    assert refused.json()["detail"]["problems"] == [
        "outlet HO charges PPN with tax code 'VAT', which does not exist in Accurate (PPN codes there: PPN, PPN 12%)"]
    saved = await mapper.put("/admin/tenants/t1/outlets/o1", json=outlet(
        "o1", "HO", {"Cash": "1-1001"}, tax={"charges_ppn": True, "tax_code": "PPN"}, **ppn))  # fmt: skip
    assert saved.status_code == 200


async def test_a_missing_warehouse_is_created_in_accurate_when_asked(mapper, tenant):
    body = outlet("o1", "HO", {"Cash": "1-1001"}, warehouse_name="Gudang Kemang")
    refused = await mapper.put("/admin/tenants/t1/outlets/o1", json=body)
    assert refused.json()["detail"]["problems"] == ["warehouse 'Gudang Kemang' does not exist in Accurate"]
    saved = await mapper.put("/admin/tenants/t1/outlets/o1?create_missing=true", json=body)
    assert saved.status_code == 200 and saved.json()["checked_against_accurate"]
    assert "Gudang Kemang" in {w["name"] for w in tenant.get("warehouse/list.do", fields="id,name")["d"]}


async def test_a_day_with_an_unmapped_payment_type_parks_those_orders_until_the_mapping_makes_each_one_fact(
    mapper, tenant, simulator_day
):
    await run_import(mapper)
    orders = [Order.model_validate(o) for o in simulator_day.orders.values() if o["status"] == "completed"]
    accounts = {"Cash": "1-1001", "EDC BCA Debit": "1-1012", "EDC BCA Kredit": "1-1013", "GoPay": "1-1014"}
    for outlet_id, code in sorted({(o.outlet_id, o.outlet_code) for o in orders}):
        r = await mapper.put(f"/admin/tenants/t1/outlets/{outlet_id}", json=outlet(outlet_id, code, accounts))
        assert r.status_code == 200, r.text
    db = mapper.app.state.mapper.db
    for order in orders:
        event = order_completed(order)
        envelope = Envelope(id=stable_id("order", order.order_id), type="pos.order_completed", tenant_id="t1",
                            outlet_id=event.outlet_id, occurred_at=event.closed_at, correlation_id=order.order_id,
                            schema="pos.order_completed/1", payload=event.model_dump(mode="json"))  # fmt: skip
        await handle_once(db, "mapper", envelope, map_event)
    parked = (await mapper.get("/admin/tenants/t1/parked")).json()
    waiting_for_ovo = [p for p in parked if p["reason"] == "payment type 'OVO' (custom) has no account"]
    other = [p for p in parked if p not in waiting_for_ovo]
    assert waiting_for_ovo and all("SKU" in p["reason"] for p in other)
    accounts["OVO"] = "1-1014"
    for outlet_id, code in sorted({(o.outlet_id, o.outlet_code) for o in orders}):
        await mapper.put(f"/admin/tenants/t1/outlets/{outlet_id}", json=outlet(outlet_id, code, accounts))
    await mapper.post("/admin/tenants/t1/parked/redrive")  # on demand, once more: makes nothing new
    async with db.session() as session:
        facts = [m.message_id for m in (await session.exec(select(OutboxMessage))).all()]
    for p in waiting_for_ovo:
        assert facts.count(stable_id(p["message_id"], "ledger.sale/1")) == 1
    assert len(facts) == len(set(facts)) == len(orders) - len(other)
    assert [p["id"] for p in (await mapper.get("/admin/tenants/t1/parked")).json()] == [
        p["id"] for p in other
    ]
