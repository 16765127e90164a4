"""The console as a merchant's admin uses it, in headless chromium, against the real services.

Each test opens pages in a fresh browser context; a screenshot of each page goes to docs/images/.
"""

import asyncio
import re
import uuid

import httpx
import pytest
from jembatan.devstack.tenant_setup import SANDBOX_ACCOUNTS, create_accurate_database
from jembatan.sandbox.iseller.config import DEMO
from jembatan.sandbox.iseller.day import generate_day
from jembatan.sandbox.iseller.delivery import plan, send

from .conftest import STORE_DAY, shoot, sign_in

pytestmark = [pytest.mark.integration, pytest.mark.e2e, pytest.mark.slow]

DAY = generate_day(1, STORE_DAY, DEMO)  # what the stack's iSeller simulator serves
OUTLETS = DAY.outlets
PAGES = ("connect", "outlets", "products", "synchronization", "parked", "overview", "activity",
         "reconciliation", "find")  # fmt: skip


def new_tenant() -> str:
    return f"toko-{uuid.uuid4().hex[:6]}"


async def create_tenant_via_api(stack, tenant: str) -> None:
    headers = {"Authorization": f"Bearer {stack.admin_token}"}
    async with httpx.AsyncClient(timeout=30, headers=headers) as http:
        for service, body in (("ingest", {"store_name": "Toko", "api_key": "k"}), ("mapper", {"settings": {}})):
            (await http.put(f"{stack.urls[service]}/admin/tenants/{tenant}", json=body)).raise_for_status()


async def connect_accurate_in_the_console(page, stack, tenant: str) -> None:
    db = await create_accurate_database(stack.accurate.account_url, tenant,
                                        [o.outlet_name for o in OUTLETS], [f"Gudang {o.outlet_code}" for o in OUTLETS])  # fmt: skip
    await page.goto(f"/t/{tenant}/connect")
    await page.get_by_label("Accurate account URL").fill(db.account_url)
    await page.get_by_label("API token").fill(db.api_token)
    await page.get_by_label("Signature secret").fill(db.signature_secret)
    await page.get_by_role("button", name="Save and check").click()
    await page.locator("#accurate-ok").wait_for()


async def unlabelled_fields(page) -> list[str]:
    """Every visible form field without a label (a screen reader would announce nothing)."""
    return await page.evaluate("""() => [...document.querySelectorAll('input, select, textarea')]
        .filter(e => e.type !== 'hidden' && !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
        .map(e => e.name || e.id)""")


async def test_signing_in_with_the_operator_token_opens_the_tenants_page(pages, stack):
    page = await pages.new()
    await page.goto("/")
    await page.wait_for_url("**/signin")
    await shoot(page, "signin")
    await sign_in(page, stack.admin_token)
    await page.get_by_role("heading", name="Tenants", level=1).wait_for()


async def test_a_wrong_token_is_refused_in_words(pages):
    page = await pages.new()
    await page.goto("/signin")
    await page.get_by_label("Operator token").fill("not-the-token")
    await page.get_by_role("button", name="Sign in").click()
    assert "That token was not accepted" in await page.locator("#signin-error").inner_text()
    assert page.url.endswith("/signin")


async def test_a_form_without_its_csrf_token_is_refused(pages, stack):
    page = await pages.new()
    pages.expect_error("status of 403 (Forbidden)")
    await page.goto("/signin")
    await page.evaluate("() => document.querySelectorAll('main input[name=csrf_token]').forEach(e => e.remove())")
    await page.get_by_label("Operator token").fill(stack.admin_token)
    await page.get_by_role("button", name="Sign in").click()
    assert "did not come from this console" in await page.locator("main").inner_text()
    await page.goto("/tenants")
    assert page.url.endswith("/signin")  # not signed in


async def test_the_session_cookie_is_httponly_and_samesite_strict(pages, stack):
    page = await pages.new()
    await sign_in(page, stack.admin_token)
    [cookie] = await pages.context.cookies()
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert stack.admin_token not in cookie["value"]  # sealed, not merely signed


async def test_signing_out_ends_the_session(pages, stack):
    page = await pages.new()
    await sign_in(page, stack.admin_token)
    await page.get_by_role("button", name="Sign out").click()
    await page.wait_for_url("**/signin")
    await page.goto("/tenants")
    assert page.url.endswith("/signin")


async def test_creating_a_tenant_leads_to_connect_with_its_webhook_urls(pages, stack):
    page, tenant = await pages.new(), new_tenant()
    await sign_in(page, stack.admin_token)
    await page.get_by_label("Tenant id").first.fill(tenant)
    await page.get_by_label("Store name").fill("Toko Satu")
    await page.get_by_label("iSeller webhook key").fill("webhook-key")
    await page.get_by_role("button", name="Create").click()
    await page.wait_for_url(f"**/t/{tenant}/connect")
    assert f"/webhooks/iseller/{tenant}/" in await page.locator("main").inner_text()


async def test_a_bad_accurate_token_shows_the_refusal_in_words(pages, stack):
    page, tenant = await pages.new(), new_tenant()
    await create_tenant_via_api(stack, tenant)
    await sign_in(page, stack.admin_token)
    await page.goto(f"/t/{tenant}/connect")
    await page.get_by_label("Accurate account URL").fill(stack.accurate.account_url)
    await page.get_by_label("API token").fill("aat.bogus")
    await page.get_by_label("Signature secret").fill("nope")
    await page.get_by_role("button", name="Save and check").click()
    refusal = await page.locator("#accurate-refusal").inner_text()
    # Accurate's own words reach the merchant (the mapper passes its refusal on)
    assert "Invalid or Revoked API Token" in refusal and "Traceback" not in await page.content()
    await shoot(page, "connect-refused")


async def test_connecting_accurate_shows_what_was_read_from_it(pages, stack):
    page, tenant = await pages.new(), new_tenant()
    await create_tenant_via_api(stack, tenant)
    await sign_in(page, stack.admin_token)
    await connect_accurate_in_the_console(page, stack, tenant)
    assert "glaccount" in await page.locator("#accurate-ok").inner_text()
    await page.get_by_label("Client id").fill("test-client")
    await page.get_by_label("Client secret").fill("test-secret")
    await page.get_by_role("button", name="Save the API client").click()
    assert "test-client" in await page.locator("#pull-state").inner_text()
    await shoot(page, "connect")


async def test_outlets_fetched_from_iseller_are_mapped_with_the_form_and_a_refusal_is_explained(pages, stack):
    page, tenant = await pages.new(), new_tenant()
    await create_tenant_via_api(stack, tenant)
    await sign_in(page, stack.admin_token)
    await connect_accurate_in_the_console(page, stack, tenant)
    await page.get_by_label("Client id").fill("test-client")
    await page.get_by_label("Client secret").fill("test-secret")
    await page.get_by_role("button", name="Save the API client").click()
    outlet = OUTLETS[0]
    await page.goto(f"/t/{tenant}/outlets")
    await page.get_by_role("button", name="Fetch outlets and products from iSeller").click()
    # the status polls while the pull runs; the page reloads itself when it has ended
    await page.locator("#pull-status", has_text="done").wait_for(timeout=60_000)
    assert "not mapped" in await page.get_by_role("row", name=re.compile(outlet.outlet_name)).inner_text()
    await shoot(page, "outlets")
    await page.get_by_role("link", name=f"Map {outlet.outlet_name}").click()
    await page.get_by_label("Outlet code").fill(outlet.outlet_code)
    await page.get_by_label("Branch (cabang)").fill(outlet.outlet_name)
    await page.get_by_label("Warehouse (gudang)").fill(f"Gudang {outlet.outlet_code}")
    await page.get_by_label("Walk-in customer number").fill(f"UMUM-{outlet.outlet_code}")
    await page.get_by_label("Account number cash").select_option("1-1001")
    for name, number in SANDBOX_ACCOUNTS.items():
        if name != "receivable_account":  # not on the form
            await page.locator(f"#f-{name}").select_option(number)
    await page.get_by_label("Branch (cabang)").fill("Cabang Hilang")  # a branch Accurate does not have
    await page.get_by_role("button", name="Save the mapping").click()
    assert "Cabang Hilang" in await page.locator("#mapping-refusal").inner_text()
    await page.get_by_label("Branch (cabang)").fill(outlet.outlet_name)
    await page.get_by_role("button", name="Save the mapping").click()
    assert "checking it against Accurate" in await page.locator("#mapping-saved").inner_text()
    await page.goto(f"/t/{tenant}/outlets")
    assert "✓ mapped" in await page.get_by_role("row", name=re.compile(outlet.outlet_name)).inner_text()


async def test_product_import_shows_live_progress_until_done(pages, stack):
    page, tenant = await pages.new(), new_tenant()
    await create_tenant_via_api(stack, tenant)
    await sign_in(page, stack.admin_token)
    await connect_accurate_in_the_console(page, stack, tenant)
    products = [{"product_id": f"p{n}", "name": f"Roti {n}", "sku": f"ROTI-{n}", "price": 5000, "buying_price": 2000}
                for n in range(120)] + [{"product_id": "x", "name": "Es Batu", "price": 0, "buying_price": 0}]  # fmt: skip
    async with httpx.AsyncClient(timeout=30, headers={"Authorization": f"Bearer {stack.admin_token}"}) as http:
        (await http.put(f"{stack.urls['mapper']}/admin/tenants/{tenant}/products", json=products)).raise_for_status()
    await page.goto(f"/t/{tenant}/products")
    counts = await page.locator("#validation-counts").inner_text()
    assert re.search(r"to import\s+120", counts) and re.search(r"without SKU\s+1", counts)
    await page.get_by_role("button", name="Import to Accurate").click()
    await page.locator("#import-report").wait_for(timeout=120_000)
    assert "120 created" in await page.locator("#import-report").inner_text()
    await shoot(page, "products")


async def test_scheduled_hours_are_saved_and_shown_in_wib(pages, stack):
    page, tenant = await pages.new(), new_tenant()
    await sign_in(page, stack.admin_token)
    await page.goto(f"/t/{tenant}/synchronization")
    await page.get_by_label("Outlet id").fill("outlet-ho")
    await page.get_by_role("textbox", name="Scheduled posting hours (WIB)").fill("21, 9")
    await page.get_by_role("button", name="Save the hours").click()
    assert "09:00, 21:00 WIB" in await page.locator("#schedules").inner_text()


async def park_orders_of_an_unmapped_outlet(stack, tenant: str) -> None:
    """Three of the simulator's orders, signed with the tenant's key, for outlets nobody mapped."""
    orders = [d for d in DAY.deliveries if d.kind == "order"][:3]
    report = await send(plan(orders), target=stack.urls["ingest"], tenant=tenant, api_key="k")
    assert not report.failures
    headers = {"Authorization": f"Bearer {stack.admin_token}"}
    async with httpx.AsyncClient(timeout=30, headers=headers) as http:
        for _ in range(120):
            parked = (await http.get(f"{stack.urls['mapper']}/admin/tenants/{tenant}/parked")).json()
            if parked:
                return
            await asyncio.sleep(0.5)
    raise AssertionError("nothing was parked")


async def test_parked_events_show_their_reason_and_the_setting_that_fixes_it(pages, stack):
    page, tenant = await pages.new(), new_tenant()
    await create_tenant_via_api(stack, tenant)
    await park_orders_of_an_unmapped_outlet(stack, tenant)
    await sign_in(page, stack.admin_token)
    await page.goto(f"/t/{tenant}/parked")
    row = page.locator("#parked-events tbody tr").first
    assert "is not mapped" in await row.inner_text()
    await shoot(page, "parked")
    await row.get_by_role("link", name="Outlets and channels").click()
    await page.wait_for_url(f"**/t/{tenant}/outlets/*")
    await page.get_by_role("button", name="Save the mapping").wait_for()


async def test_trying_parked_events_again_says_how_many_went_through(pages, stack):
    page, tenant = await pages.new(), new_tenant()
    await sign_in(page, stack.admin_token)
    await page.goto(f"/t/{tenant}/parked")
    await page.get_by_role("button", name="Try the parked events again").click()
    assert "Parked events now posted: 0" in await page.locator("#redriven").inner_text()


async def test_reconciling_a_tenant_without_accurate_says_so_in_words(pages, stack):
    page, tenant = await pages.new(), new_tenant()
    await create_tenant_via_api(stack, tenant)
    await sign_in(page, stack.admin_token)
    await page.goto(f"/t/{tenant}/reconciliation?day={STORE_DAY.isoformat()}")
    assert "has not been reconciled yet" in await page.locator("#no-run").inner_text()
    await page.get_by_role("button", name=f"Run now ({STORE_DAY.isoformat()})").click()
    assert "has not connected Accurate" in await page.locator("#refusal").inner_text()


async def test_find_on_a_new_tenant_says_the_id_never_arrived(pages, stack):
    page, tenant = await pages.new(), new_tenant()
    await create_tenant_via_api(stack, tenant)
    await sign_in(page, stack.admin_token)
    await page.goto(f"/t/{tenant}/find")
    await page.get_by_label("iSeller reference").fill("order-that-never-came")
    await page.keyboard.press("Enter")
    assert "Never received" in await page.locator("#where").inner_text()


async def test_switching_to_bahasa_indonesia_translates_the_console(pages, stack):
    page, tenant = await pages.new(), new_tenant()
    await sign_in(page, stack.admin_token)
    await page.goto(f"/t/{tenant}/synchronization")
    await page.get_by_label("Language").select_option("id")
    await page.get_by_role("button", name="Change").click()
    await page.get_by_role("heading", name="Sinkronisasi", level=1).wait_for()
    assert await page.locator("html").get_attribute("lang") == "id"
    assert "Tertahan" in await page.get_by_role("navigation").inner_text()
    await shoot(page, "bahasa-indonesia")


async def test_every_field_on_every_page_is_labelled(pages, stack):
    page = await pages.new()
    await page.goto("/signin")
    assert await unlabelled_fields(page) == []
    await sign_in(page, stack.admin_token)
    tenant = new_tenant()
    for name in (*PAGES, "outlets/outlet-ho"):
        await page.goto(f"/t/{tenant}/{name}")
        assert await unlabelled_fields(page) == [], name


async def test_the_keyboard_reaches_the_menu_and_the_forms(pages, stack):
    page = await pages.new()
    await sign_in(page, stack.admin_token)
    await page.goto(f"/t/{new_tenant()}/synchronization")
    reached = []
    for _ in range(30):
        await page.keyboard.press("Tab")
        reached.append(await page.evaluate("() => document.activeElement.textContent.trim() || document.activeElement.name"))
    assert reached[0] == "Skip to content"
    assert "Parked" in reached and "outlet_id" in reached and "Save the hours" in reached


async def test_fetching_outlets_before_connecting_iseller_is_refused_in_words(pages, stack):
    page, tenant = await pages.new(), new_tenant()
    await sign_in(page, stack.admin_token)
    await page.goto(f"/t/{tenant}/outlets")
    await page.get_by_role("button", name="Fetch outlets and products from iSeller").click()
    assert "connect the tenant's iSeller API first" in await page.locator("#pull-refusal").inner_text()
