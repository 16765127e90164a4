""" "Where is my order?" on a real stack: a posted order delivered three times, and an order parked
because its outlet is not mapped, each shown with its whole journey."""

from __future__ import annotations

import asyncio
import copy
import json
import os
import re
import subprocess
import sys
import time
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from jembatan.accurate import AccurateClient, ApiTokenAuth
from jembatan.cli import journey
from jembatan.cli.admin import Admin as CliAdmin
from jembatan.contracts.iseller.signature import sign
from jembatan.devstack.tenant_setup import (
    Admin,
    connect_tenant,
    create_accurate_database,
    sandbox_outlet_mapping,
    wait_for_documents,
)

pytestmark = pytest.mark.e2e

TENANT, API_KEY = "toko-jejak", "test-iseller-api-key"
ORDER: dict[str, Any] = {
    "order_id": "0b5c3f0e-4a51-4f3e-9d64-7f1c2f0a0001", "order_reference": "#HO-2001", "channel": "pos",
    "status": "completed", "payment_status": "paid", "order_date": "2026-11-25 02:53:37",
    "closed_date": "2026-11-25 02:54:20", "outlet_id": "outlet-ho", "outlet_code": "HO", "register_id": "reg-1",
    "tax_inclusive": False, "total_order_amount": "20000", "total_discount_amount": "0", "subtotal": "20000",
    "total_tax_amount": "0", "rounding_amount": "0", "total_amount": "20000",
    "order_details": [{"order_detail_id": "d1", "product_id": "p1", "product_name": "Roti Bakar", "sku": "ROTI",
                       "type": "standard", "quantity": "2", "base_price": "10000", "discount_amount": "0",
                       "taxable": False}],
    "transactions": [{"transaction_id": "t1", "type": "sale", "status": "success", "gateway": "cash",
                      "payment_type_name": "Cash", "amount": "20000"}],
}  # fmt: skip
PARKED_ID = "0b5c3f0e-4a51-4f3e-9d64-7f1c2f0a0002"


@pytest.fixture(scope="module")
async def connected(stack):
    accurate = await create_accurate_database(
        stack.accurate.account_url, "Toko Jejak", ["Kantor Pusat"], ["Gudang HO"]
    )
    auth = ApiTokenAuth(token=accurate.api_token, signature_secret=accurate.signature_secret)
    async with AccurateClient(auth, account_url=accurate.account_url) as client:
        await client.save(
            "item", {"no": "ROTI", "name": "Roti Bakar", "itemType": "NON_INVENTORY", "unit1Name": "PCS"}
        )
    await connect_tenant(stack.urls, stack.admin_token, TENANT, store_name="Toko Jejak", iseller_api_key=API_KEY,
                         accurate=accurate)  # fmt: skip
    mapper = Admin(stack.urls["mapper"], stack.admin_token)
    mapping = sandbox_outlet_mapping("outlet-ho", "HO", "Kantor Pusat", "Gudang HO",
                                     payment_accounts={"Cash": "1-1001"}, walk_in_customer_no="C-WALKIN-HO")  # fmt: skip
    await mapper.put(f"/admin/tenants/{TENANT}/outlets/outlet-ho", json.loads(json.dumps(mapping)))
    await mapper.put(f"/admin/tenants/{TENANT}/catalogue", [{"sku": "ROTI", "item_no": "ROTI"}])
    await mapper.close()
    return accurate


async def deliver(stack, payload: dict[str, Any]) -> None:
    body = json.dumps(payload).encode()
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f0Z")
    headers = {
        "Content-Type": "application/json",
        "Timestamp": stamp,
        "Signature": sign(API_KEY, body, stamp),
    }
    async with httpx.AsyncClient(timeout=30) as http:
        reply = await http.post(
            f"{stack.urls['ingest']}/webhooks/iseller/{TENANT}/order", content=body, headers=headers
        )
    assert reply.status_code in (200, 202), reply.text


async def find(stack, iseller_id: str) -> dict[str, Any]:
    """What `jembatan find` shows (the CLI's own client, over HTTP)."""
    admin = CliAdmin(token=stack.admin_token, urls=stack.urls)
    return await asyncio.to_thread(journey.fetch, admin.call, TENANT, iseller_id)


async def test_a_posted_order_delivered_three_times(stack, connected):
    for _ in range(3):  # iSeller retries the same delivery
        await deliver(stack, ORDER)
    docs = await wait_for_documents(stack.urls, stack.admin_token, TENANT, expected=2)
    assert {d["state"] for d in docs} == {"posted"}, docs

    seen = await find(stack, ORDER["order_id"])

    [delivery] = seen["deliveries"]
    assert (
        delivery["deliveries"] == 3 and delivery["status"] == "accepted" and delivery["source"] == "webhook"
    )
    assert [e["outcome"] for e in delivery["events"]] == ["mapped"]
    [fact] = seen["facts"]
    assert fact["envelope_id"] in delivery["events"][0]["fact_ids"]  # the join: event → fact → documents
    assert sorted((d["document_type"], d["state"]) for d in seen["documents"]) == [
        ("sales-invoice", "posted"), ("sales-receipt", "posted")]  # fmt: skip
    assert all(d["accurate_id"] for d in seen["documents"])
    assert seen["where"].startswith("in 2 document(s), posted: ")


async def test_an_order_of_an_unmapped_outlet_is_shown_parked_with_the_reason(stack, connected):
    parked = copy.deepcopy(ORDER) | {"order_id": PARKED_ID, "order_reference": "#KG-1", "outlet_id": "outlet-kg",
                                     "outlet_code": "KG"}  # fmt: skip
    await deliver(stack, parked)
    deadline = time.monotonic() + 60
    while True:
        seen = await find(stack, PARKED_ID)
        events = [e for d in seen["deliveries"] for e in d["events"]]
        if any(e["outcome"] == "parked" for e in events) or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.5)

    [delivery] = seen["deliveries"]
    assert delivery["deliveries"] == 1 and delivery["status"] == "accepted"
    [event] = delivery["events"]
    assert event["outcome"] == "parked" and "outlet-kg" in event["reason"], event
    assert seen["facts"] == [] and seen["documents"] == []
    assert seen["where"] == f"parked by the mapper: {event['reason']}"


async def test_an_id_nobody_delivered(stack, connected):
    seen = await find(stack, "no-such-order")
    assert (seen["deliveries"], seen["documents"], seen["where"]) == ([], [], "never delivered")


def run_find(stack, *args: str) -> subprocess.CompletedProcess[str]:
    """`jembatan [--json] find TENANT ID` as a person runs it: a process with the stack's URLs and token."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JEMBATAN_")} | {
        "COLUMNS": "250", "NO_COLOR": "1", "JEMBATAN_ADMIN_TOKEN": stack.admin_token,
        **{f"JEMBATAN_{n.upper()}_URL": u for n, u in stack.urls.items() if n in ("ingest", "mapper", "poster")},
    }  # fmt: skip
    return subprocess.run([sys.executable, "-m", "jembatan.cli", *args], capture_output=True, text=True, env=env,
                          timeout=60)  # fmt: skip


async def test_jembatan_find_prints_where_the_order_is(stack, connected):
    await wait_for_documents(stack.urls, stack.admin_token, TENANT, expected=2)  # the posted order above
    ran = await asyncio.to_thread(run_find, stack, "find", TENANT, ORDER["order_id"])
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.startswith(f"{ORDER['order_id']}: in 2 document(s), posted")
    assert "webhook" in ran.stdout and "mapped" in ran.stdout and "sales-invoice" in ran.stdout
    as_json = await asyncio.to_thread(run_find, stack, "--json", "find", TENANT, PARKED_ID)
    assert json.loads(as_json.stdout)["where"].startswith("parked by the mapper: ")


async def test_the_console_answers_the_same_journey_for_a_signed_in_operator(stack, connected):
    await wait_for_documents(stack.urls, stack.admin_token, TENANT, expected=2)
    async with httpx.AsyncClient(base_url=stack.urls["console"], timeout=30) as console:
        path = f"/api/journey/{TENANT}/{ORDER['order_id']}"
        assert (await console.get(path)).status_code in (303, 401)  # not signed in: nothing shown
        page = (await console.get("/signin")).text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert csrf, page
        signed = await console.post("/signin", data={"token": stack.admin_token, "csrf_token": csrf.group(1)})
        assert signed.status_code == 303, signed.text
        seen = (await console.get(path)).json()
    assert seen == await find(stack, ORDER["order_id"])


async def test_an_unreadable_delivery_is_found_by_the_id_in_its_body(stack, connected):
    broken_id = "0b5c3f0e-4a51-4f3e-9d64-7f1c2f0a0003"
    await deliver(stack, copy.deepcopy(ORDER) | {"order_id": broken_id, "total_amount": "dua puluh ribu"})

    seen = await find(stack, broken_id)

    [delivery] = seen["deliveries"]
    assert delivery["status"] == "parked" and delivery["reason"] and delivery["event_ids"] == []
    assert seen["where"] == f"delivered but not readable: {delivery['reason']}"
