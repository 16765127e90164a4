"""The daily verbs (activity log, windows, tenants list, operator tokens) against the real services:
what a person sees on success and on refusal, and the exit status a script relies on."""

import uuid

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.e2e]


def new_tenant() -> str:
    return f"cli-{uuid.uuid4().hex[:8]}"


def no_traceback(ran) -> bool:
    return "Traceback" not in ran.out + ran.err


async def test_tenants_list_shows_every_tenant_and_whether_accurate_is_connected(jembatan):
    tenant = new_tenant()
    assert jembatan("tenants", "create", tenant, "--store-name", "Toko Daftar", "--iseller-key", "k").code == 0
    ran = jembatan("tenants", "list")
    assert ran.code == 0
    row = next(line for line in ran.out.splitlines() if tenant in line)
    assert "Toko Daftar" in row and "not connected" in row
    assert {"tenant_id": tenant, "store_name": "Toko Daftar", "accurate_connected": False} in jembatan(
        "--json", "tenants", "list").json()  # fmt: skip


async def test_connecting_accurate_keeps_the_store_name(stack, jembatan):
    from jembatan.devstack.tenant_setup import create_accurate_database

    tenant = new_tenant()
    db = await create_accurate_database(stack.accurate.account_url, tenant, ["Kantor Pusat"], ["Gudang HO"])
    assert jembatan("tenants", "create", tenant, "--store-name", "Toko Tetap", "--iseller-key", "k").code == 0
    assert jembatan("connect", "accurate", tenant, "--api-token", db.api_token, "--signature-secret",
                    db.signature_secret, "--account-url", db.account_url).code == 0  # fmt: skip
    row = next(line for line in jembatan("tenants", "list").out.splitlines() if tenant in line)
    assert "Toko Tetap" in row and "not connected" not in row and "connected" in row


async def test_a_tenant_token_may_not_list_every_tenant(jembatan):
    issued = jembatan("--json", "operator-tokens", "issue", "toko-a", "--days", "1")
    assert issued.code == 0 and issued.json()["token"].startswith("jt1.")
    ran = jembatan("tenants", "list", JEMBATAN_ADMIN_TOKEN=issued.json()["token"])
    assert ran.code == 1 and "mapper refused (HTTP 403)" in ran.err and no_traceback(ran)


async def test_operator_tokens_issue_prints_the_token_and_its_expiry(jembatan):
    ran = jembatan("operator-tokens", "issue", "toko-b", "--days", "7")
    assert ran.code == 0 and "jt1." in ran.out and "expires" in ran.out


async def test_operator_tokens_beyond_the_longest_lifetime_are_refused_in_words(jembatan):
    ran = jembatan("operator-tokens", "issue", "toko-b", "--days", "3650")
    assert ran.code == 1 and "valid_days is at most" in ran.err and no_traceback(ran)


async def test_a_tenant_token_cannot_issue_tokens(jembatan):
    token = jembatan("--json", "operator-tokens", "issue", "toko-c").json()["token"]
    ran = jembatan("operator-tokens", "issue", "toko-c", JEMBATAN_ADMIN_TOKEN=token)
    assert ran.code == 1 and "ingest refused (HTTP 403)" in ran.err


async def test_activity_of_a_quiet_tenant_says_so_and_exits_0(jembatan):
    tenant = new_tenant()
    ran = jembatan("activity", "list", tenant)
    assert ran.code == 0 and f"No activity for {tenant}." in ran.out
    page = jembatan("--json", "activity", "list", tenant, "--state", "failed").json()
    assert page["total"] == 0 and page["documents"] == []


async def test_activity_with_a_kind_the_add_on_does_not_have_is_refused(jembatan):
    ran = jembatan("activity", "list", new_tenant(), "--kind", "invoice")
    assert ran.code == 1 and "poster refused (HTTP 422)" in ran.err and no_traceback(ran)


async def test_activity_retry_of_an_unknown_document_is_refused_with_exit_1(jembatan):
    ran = jembatan("activity", "retry", new_tenant(), "no-such-key")
    assert ran.code == 1 and "no such document" in ran.err


async def test_retry_failed_on_a_tenant_without_failures_sends_nothing(jembatan):
    ran = jembatan("activity", "retry-failed", new_tenant())
    assert ran.code == 0 and "0 failed document(s) will be sent again." in ran.out


async def test_windows_of_a_quiet_tenant_and_a_resync_that_finds_nothing_missing(jembatan):
    tenant = new_tenant()
    assert f"No windows for {tenant}." in jembatan("windows", "list", tenant).out
    ran = jembatan("windows", "resync", tenant, "--from", "2026-11-24", "--to", "2026-11-25")
    assert ran.code == 0 and "0 window(s) looked at, 0 missing document(s) added." in ran.out


async def test_preview_and_post_now_of_an_unknown_window_are_refused(jembatan):
    tenant = new_tenant()
    for verb in ("preview", "post-now"):
        ran = jembatan("windows", verb, tenant, "shift:no-such-shift")
        assert ran.code == 1 and "no such window" in ran.err and no_traceback(ran), verb


async def test_resync_with_days_the_wrong_way_round_exits_2(jembatan):
    ran = jembatan("windows", "resync", new_tenant(), "--from", "2026-11-25", "--to", "2026-11-24")
    assert ran.code == 2 and ran.err.strip() == "--to is before --from"
    ran = jembatan("windows", "resync", new_tenant(), "--from", "25-11-2026", "--to", "2026-11-24")
    assert ran.code == 2 and ran.err.strip() == "25-11-2026 is not a day (YYYY-MM-DD)"
