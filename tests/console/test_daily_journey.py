"""A merchant's admin, from a new tenant to a posted day, in the console only (headless chromium, the
real services, the Accurate sandbox and the iSeller simulator's day):

sign in → create the tenant → a bad Accurate token refused in Accurate's words → connect → fetch
outlets → map one with the pickers → validate and import products → switch the outlet to shift
close → play part of the day → preview the shift's window → the mapped cash account is suspended
in Accurate → "Post now" → the failure and Accurate's reason in the activity log → fix → "Retry all
failed" → posted; then the overview counts and the tenants list.
"""

import asyncio
import re
import time
import uuid

import httpx
import pytest
from jembatan.accurate import AccurateClient, ApiTokenAuth
from jembatan.devstack.tenant_setup import SANDBOX_ACCOUNTS, AccurateDatabase, create_accurate_database
from jembatan.sandbox.iseller.config import DEMO
from jembatan.sandbox.iseller.day import generate_day
from jembatan.sandbox.iseller.delivery import plan, send

from .conftest import STORE_DAY, shoot, sign_in

pytestmark = [pytest.mark.integration, pytest.mark.e2e, pytest.mark.slow]

DAY = generate_day(1, STORE_DAY, DEMO)
OUTLET = DAY.outlets[0]
WEBHOOK_KEY = "journey-webhook-key"
# payment rows of the mapping form, in its order (cash, debit, credit, custom, gift card, store credit)
PAYMENT_ROWS = ("1-1001", "1-1012", "1-1013", "1-1014", "1-1002", "1-1002")
CASH = PAYMENT_ROWS[0]
FORM_ACCOUNTS = {k: v for k, v in SANDBOX_ACCOUNTS.items() if k != "receivable_account"}


def importable_products() -> list[dict]:
    """The day's standard and variant products with a SKU of their own, as iSeller lists them."""
    counts: dict[str, int] = {}
    for item in DAY.catalogue.items:
        counts[item.sku] = counts.get(item.sku, 0) + 1
    return [{"product_id": i.product_id, "name": i.name, "sku": i.sku, "price": i.price, "buying_price": i.cost}
            for i in DAY.catalogue.items
            if i.sku and counts[i.sku] == 1 and i.type in ("standard", "variant")]  # fmt: skip


def cash_orders_of_the_outlet(skus: set[str], at_most: int = 4) -> list:
    """Completed orders of OUTLET paid in cash whose every line is an imported product."""
    chosen = [d for d in DAY.deliveries if d.kind == "order" and d.payload["outlet_id"] == OUTLET.outlet_id
              and d.payload["status"] == "completed"
              and all(line["sku"] in skus for line in d.payload["order_details"])
              and {t["gateway"] for t in d.payload["transactions"]} == {"cash"}]  # fmt: skip
    assert chosen, "the simulator's day has no such order"
    return chosen[:at_most]


async def suspend_account(db: AccurateDatabase, number: str, suspended: bool) -> None:
    """What a bookkeeper does in Accurate: switch an account off (or on again)."""
    auth = ApiTokenAuth(token=db.api_token, signature_secret=db.signature_secret)
    async with AccurateClient(auth, account_url=db.account_url) as client:
        account = await client.detail("glaccount", no=number)
        record = {"id": account["id"], "no": number, "name": account["name"], "accountType": account["accountType"],
                  "parentNo": account.get("parentNo"), "suspended": suspended}  # fmt: skip
        await client.save("glaccount", {k: v for k, v in record.items() if v is not None})


async def reload_until(page, selector: str, text: str | re.Pattern, within: float = 90.0) -> str:
    """Reload until `selector` shows `text` (the poster works in the background); fails after
    `within` seconds of wall time, however slow each reload is on a loaded machine."""
    deadline = time.monotonic() + within
    while True:
        found = page.locator(selector)
        if await found.count():
            content = await found.first.inner_text()
            if (text.search(content) if isinstance(text, re.Pattern) else text in content):
                return content
        if time.monotonic() > deadline:
            raise AssertionError(f"{selector} never showed {text!r} within {within:g} s")
        await asyncio.sleep(0.5)
        await page.reload()


async def test_a_merchant_takes_a_new_store_to_a_posted_day_and_recovers_from_a_failure(pages, stack):
    page, tenant = await pages.new(), f"toko-{uuid.uuid4().hex[:6]}"
    db = await create_accurate_database(stack.accurate.account_url, tenant,
                                        [o.outlet_name for o in DAY.outlets], [f"Gudang {o.outlet_code}" for o in DAY.outlets])  # fmt: skip
    await sign_in(page, stack.admin_token)

    # the tenant, once
    await page.get_by_label("Tenant id").first.fill(tenant)
    await page.get_by_label("Store name").fill("Toko Perjalanan")
    await page.get_by_label("iSeller webhook key").fill(WEBHOOK_KEY)
    await page.get_by_role("button", name="Create").click()
    await page.wait_for_url(f"**/t/{tenant}/connect")

    # Accurate: a bad token is refused in words, the right one is read
    await page.get_by_label("Accurate account URL").fill(db.account_url)
    await page.get_by_label("API token").fill("aat.bogus")
    await page.get_by_label("Signature secret").fill("nope")
    await page.get_by_role("button", name="Save and check").click()
    assert "Invalid or Revoked API Token" in await page.locator("#accurate-refusal").inner_text()  # Accurate's words
    await page.get_by_label("Accurate account URL").fill(db.account_url)
    await page.get_by_label("API token").fill(db.api_token)
    await page.get_by_label("Signature secret").fill(db.signature_secret)
    await page.get_by_role("button", name="Save and check").click()
    await page.locator("#accurate-ok").wait_for()
    await page.get_by_label("Client id").fill("test-client")
    await page.get_by_label("Client secret").fill("test-secret")
    await page.get_by_role("button", name="Save the API client").click()

    # outlets from iSeller, one mapped with the pickers filled from Accurate
    await page.goto(f"/t/{tenant}/outlets")
    await page.get_by_role("button", name="Fetch outlets and products from iSeller").click()
    await page.locator("#pull-status", has_text="done").wait_for(timeout=60_000)
    await page.get_by_role("link", name=f"Map {OUTLET.outlet_name}").click()
    await page.get_by_label("Outlet code").fill(OUTLET.outlet_code)
    await page.get_by_label("Branch (cabang)").fill(OUTLET.outlet_name)
    await page.get_by_label("Warehouse (gudang)").fill(f"Gudang {OUTLET.outlet_code}")
    await page.get_by_label("Walk-in customer number").fill(f"UMUM-{OUTLET.outlet_code}")
    mdr_choices = await page.locator("#f-mdr_fee_account option").all_inner_texts()
    assert any(c.startswith(FORM_ACCOUNTS["mdr_fee_account"]) for c in mdr_choices)
    assert not any(c.startswith(CASH) for c in mdr_choices)  # a cash account is never offered for a fee
    for row, number in enumerate(PAYMENT_ROWS, start=1):
        await page.locator(f"#pa-{row}").select_option(number)
    for name, number in FORM_ACCOUNTS.items():
        await page.locator(f"#f-{name}").select_option(number)
    await page.get_by_role("button", name="Save the mapping").click()
    assert "checking it against Accurate" in await page.locator("#mapping-saved").inner_text()
    await shoot(page, "outlet-mapping")

    # products: validation, then the import with its progress
    products = importable_products()
    headers = {"Authorization": f"Bearer {stack.admin_token}"}
    async with httpx.AsyncClient(timeout=30, headers=headers) as http:
        (await http.put(f"{stack.urls['mapper']}/admin/tenants/{tenant}/products", json=products)).raise_for_status()
    await page.goto(f"/t/{tenant}/products")
    assert re.search(rf"to import\s+{len(products)}", await page.locator("#validation-counts").inner_text())
    await page.get_by_role("button", name="Import to Accurate").click()
    await page.locator("#import-report").wait_for(timeout=120_000)
    assert f"{len(products)} created" in await page.locator("#import-report").inner_text()

    # synchronization: the outlet posts on register shift close
    await page.goto(f"/t/{tenant}/synchronization")
    await page.locator(f"#mode-{OUTLET.outlet_id}").select_option("shift_close")
    await page.locator(f"#sync-{OUTLET.outlet_id}").get_by_role("button", name="Save").click()
    assert OUTLET.outlet_id in await page.locator("#sync-saved").inner_text()

    # part of the day arrives; the shift's window waits, and its preview shows what it would post.
    # The orders are four days old and the sync save just gave the outlet its hourly housekeeping,
    # which fires within a scheduler round: it must not take them for a shift whose close never came
    # (docs/posting-windows.md; it did, and this test hung whenever that round came after them).
    orders = cash_orders_of_the_outlet({p["sku"] for p in products})
    report = await send(plan(orders), target=stack.urls["ingest"], tenant=tenant, api_key=WEBHOOK_KEY)
    assert not report.failures
    total = sum(int(o.payload["total_amount"]) for o in orders)
    await reload_until(page, "#preview-sales", f"Rp {total:,}")  # every order held in the shift's window
    assert "shift:" in await page.locator("#preview-title").inner_text()
    assert await page.locator("#preview-documents tbody tr").count() >= 2  # an invoice and its receipt
    await shoot(page, "synchronization")

    # a bookkeeper switches the mapped cash account off in Accurate; the receipts are refused
    await suspend_account(db, CASH, suspended=True)
    await page.get_by_role("button", name="Post now").click()
    assert "Documents planned for Accurate" in await page.locator("#posted-now").inner_text()
    await page.goto(f"/t/{tenant}/activity?state=failed")
    message = await reload_until(page, "#activity tbody", "failed")
    assert CASH in message and "Traceback" not in message  # Accurate's own words, naming the account
    await shoot(page, "activity-failed")

    # fixed in Accurate; one click retries every failed document, and they reach Accurate
    await suspend_account(db, CASH, suspended=False)
    await page.get_by_role("button", name="Retry all failed").click()
    assert re.search(r"Sent again: [1-9]", await page.locator("#retry-outcome").inner_text())
    await page.goto(f"/t/{tenant}/activity?state=failed")
    await reload_until(page, "main", "No document matches.")
    await page.goto(f"/t/{tenant}/activity")
    log = await page.locator("#activity").inner_text()
    assert "Order sync" in log and "Receipt" in log and "failed" not in log
    assert orders[0].payload["order_reference"] in log or orders[0].payload["order_id"] in log
    await shoot(page, "activity")

    # the overview counts what the log holds; the tenant is in the list
    await page.goto(f"/t/{tenant}/overview?day={STORE_DAY.isoformat()}")
    counts = await page.locator("#today").inner_text()
    assert re.search(r"Order sync\s+[1-9]\d*\s+0\s+0", counts)  # posted, none waiting, none failed
    await shoot(page, "overview")
    await page.goto("/tenants")
    assert "Toko Perjalanan" in await page.locator("#tenants").inner_text()
    await shoot(page, "tenants")
