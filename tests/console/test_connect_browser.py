"""Connect, in a real browser: a tenant is created once, a bad Accurate token is refused in Accurate's
words, and Accurate is connected as a merchant does it — consent on the (sandbox's) Accurate page,
back to the console, the database picked — after which the mapper and the poster hold the connection."""

import uuid

import httpx
import pytest
from jembatan.devstack.tenant_setup import create_accurate_database

from .conftest import shoot, sign_in

pytestmark = [pytest.mark.integration, pytest.mark.e2e, pytest.mark.slow]


async def create_tenant_in_the_console(page, tenant: str) -> None:
    await page.goto("/tenants")
    await page.get_by_label("Tenant id").first.fill(tenant)
    await page.get_by_label("Store name").fill("Toko OAuth")
    await page.get_by_label("iSeller webhook key").fill("webhook-key")
    await page.get_by_role("button", name="Create").click()
    await page.wait_for_url(f"**/t/{tenant}/connect")


async def held_by(stack, service: str, tenant: str) -> dict:
    headers = {"Authorization": f"Bearer {stack.admin_token}"}
    async with httpx.AsyncClient(timeout=30, headers=headers) as http:
        reply = await http.get(f"{stack.urls[service]}/admin/tenants/{tenant}/configuration")
        return reply.raise_for_status().json()


async def test_a_tenant_is_connected_to_accurate_through_oauth_after_a_bad_token_was_refused(pages, stack):
    tenant = f"toko-{uuid.uuid4().hex[:6]}"
    db = await create_accurate_database(
        stack.accurate.account_url, f"PT OAuth {tenant}", ["Kantor Pusat"], ["Gudang HO"]
    )
    page = await pages.new()
    pages.expect_error("404 (Not Found)")  # the sandbox's consent page has no favicon
    await sign_in(page, stack.admin_token)
    await create_tenant_in_the_console(page, tenant)

    await page.get_by_label("Accurate account URL").fill(stack.accurate.account_url)
    await page.get_by_label("API token").fill("aat.bogus")
    await page.get_by_label("Signature secret").fill("nope")
    await page.get_by_role("button", name="Save and check").click()
    refusal = await page.locator("#accurate-refusal").inner_text()
    assert "Invalid or Revoked API Token" in refusal and "Traceback" not in await page.content()
    assert (await held_by(stack, "poster", tenant))["accurate_connected"] is False  # nothing was saved

    await page.get_by_role("link", name="Connect with Accurate").click()
    await page.wait_for_url(f"{stack.accurate.account_url}/oauth/authorize**")  # Accurate's own page
    await page.locator("select[name=user]").select_option("sandbox@jembatan.test")  # the database's owner
    await page.get_by_role("button", name="Izinkan").click()
    await page.wait_for_url("**/oauth/accurate/return**")
    choice = page.locator("#database-choice")
    await choice.get_by_label(f"PT OAuth {tenant} ({db.id})").check()
    await shoot(page, "connect-oauth-database")
    await choice.get_by_role("button", name="Use this database").click()
    ok = await page.locator("#accurate-ok").inner_text()
    assert "glaccount" in ok  # the mapper read Accurate's master data with the OAuth tokens
    state = await page.locator("#accurate-state").inner_text()
    assert f"PT OAuth {tenant} ({db.id})" in state and "Accurate sign-in (OAuth)" in state

    poster = await held_by(stack, "poster", tenant)
    mapper = await held_by(stack, "mapper", tenant)
    assert poster["accurate_connected"] and mapper["accurate_connected"]
    assert poster["version"] == mapper["version"] >= 2  # created, then connected


async def test_an_oauth_answer_that_this_session_did_not_ask_for_is_refused(pages, stack):
    page = await pages.new()
    pages.expect_error("status of 400 (Bad Request)")
    await sign_in(page, stack.admin_token)
    await page.goto("/oauth/accurate/callback?code=stolen&state=toko-x.guess")
    await page.wait_for_url("**/oauth/accurate/return**")
    assert (
        "does not belong to a connection started in this session" in await page.locator("main").inner_text()
    )
