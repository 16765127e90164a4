"""Each `jembatan` verb against the real services: what a person sees on success and on refusal, and
the exit status a script relies on (0 done, 1 refused, 2 bad input, 3 unreachable)."""

import uuid

import pytest
from jembatan.devstack.tenant_setup import create_accurate_database, sandbox_outlet_mapping

from .conftest import STORE_DAY

pytestmark = [pytest.mark.integration, pytest.mark.e2e]

MAPPING = sandbox_outlet_mapping("outlet-ho", "HO", "Kantor Pusat", "Gudang HO",
                                 payment_accounts={"cash": "1-1001"}, walk_in_customer_no="UMUM-HO")  # fmt: skip


def new_tenant() -> str:
    return f"cli-{uuid.uuid4().hex[:8]}"


def no_traceback(ran) -> bool:
    return "Traceback" not in ran.out + ran.err


async def connected_tenant(stack, jembatan) -> str:
    tenant = new_tenant()
    db = await create_accurate_database(stack.accurate.account_url, tenant, ["Kantor Pusat"], ["Gudang HO"])
    assert jembatan("tenants", "create", tenant, "--store-name", "Toko", "--iseller-key", "k").code == 0
    ran = jembatan("connect", "accurate", tenant, "--api-token", db.api_token,
                   "--signature-secret", db.signature_secret, "--account-url", db.account_url)  # fmt: skip
    assert ran.code == 0, ran.err
    return tenant


async def test_tenants_create_prints_a_table_with_the_next_step(jembatan):
    tenant = new_tenant()
    ran = jembatan("tenants", "create", tenant, "--store-name", "Toko Satu", "--iseller-key", "secret-key")
    assert ran.code == 0
    assert "Toko Satu" in ran.out and f"jembatan connect accurate {tenant}" in ran.out
    assert "secret-key" not in ran.out and "{" not in ran.out


async def test_a_wrong_token_is_refused_in_words_with_exit_1(jembatan):
    ran = jembatan("tenants", "create", new_tenant(), "--store-name", "T", "--iseller-key", "k",
                   JEMBATAN_ADMIN_TOKEN="not-the-token")  # fmt: skip
    assert ran.code == 1
    assert "admin token was not accepted" in ran.err and no_traceback(ran)


async def test_connect_accurate_prints_what_it_read_from_accurate(stack, jembatan):
    tenant = new_tenant()
    assert jembatan("tenants", "create", tenant, "--store-name", "Toko", "--iseller-key", "k").code == 0
    db = await create_accurate_database(stack.accurate.account_url, tenant, ["Kantor Pusat"], ["Gudang HO"])
    ran = jembatan("connect", "accurate", tenant, "--api-token", db.api_token,
                   "--signature-secret", db.signature_secret, "--account-url", db.account_url)  # fmt: skip
    assert ran.code == 0, ran.err
    assert "connected to Accurate" in ran.out and "glaccount" in ran.out


async def test_connecting_a_tenant_never_created_is_refused_in_words(stack, jembatan):
    db = await create_accurate_database(stack.accurate.account_url, "nowhere", ["Kantor Pusat"], ["Gudang HO"])
    tenant = new_tenant()
    ran = jembatan("connect", "accurate", tenant, "--api-token", db.api_token,
                   "--signature-secret", db.signature_secret, "--account-url", db.account_url)  # fmt: skip
    assert ran.code == 1
    assert f"create the tenant {tenant} first" in ran.err and no_traceback(ran)


async def test_connect_accurate_with_a_bogus_token_is_refused_with_exit_1(stack, jembatan):
    ran = jembatan("connect", "accurate", new_tenant(), "--api-token", "aat.bogus",
                   "--signature-secret", "nope", "--account-url", stack.accurate.account_url)  # fmt: skip
    assert ran.code == 1
    assert "Invalid or Revoked API Token" in ran.err and no_traceback(ran)  # Accurate's own words


async def test_connect_iseller_shows_the_client_but_never_its_secret(jembatan):
    tenant = new_tenant()
    assert jembatan("tenants", "create", tenant, "--store-name", "Toko", "--iseller-key", "k").code == 0
    # the iSeller simulator's API client (sandbox/iseller: --client-id / --client-secret)
    ran = jembatan("connect", "iseller", tenant, "--client-id", "test-client", "--client-secret", "test-secret")
    assert ran.code == 0, ran.err
    assert "test-client" in ran.out and "test-secret" not in ran.out


async def test_connect_iseller_with_a_wrong_secret_is_refused_in_iseller_words(jembatan):
    tenant = new_tenant()
    assert jembatan("tenants", "create", tenant, "--store-name", "Toko", "--iseller-key", "k").code == 0
    ran = jembatan("connect", "iseller", tenant, "--client-id", "test-client", "--client-secret", "s3cr3t-value")
    assert ran.code == 1
    assert "iSeller refused the API client" in ran.err and "invalid_client" in ran.err
    assert "s3cr3t-value" not in ran.out + ran.err and no_traceback(ran)


async def test_outlets_set_checks_the_mapping_against_accurate(stack, jembatan, write_json):
    tenant = await connected_tenant(stack, jembatan)
    ran = jembatan("outlets", "set", tenant, "outlet-ho", str(write_json("m.json", MAPPING)))
    assert ran.code == 0, ran.err
    assert "checked against Accurate" in ran.out and "yes" in ran.out


async def test_outlets_set_lists_each_problem_when_refused(stack, jembatan, write_json):
    tenant = await connected_tenant(stack, jembatan)
    wrong = MAPPING | {"snapshot": MAPPING["snapshot"] | {"branch_name": "Cabang Hilang", "mdr_fee_account": "1-1001"}}
    ran = jembatan("outlets", "set", tenant, "outlet-ho", str(write_json("m.json", wrong)))
    assert ran.code == 1
    assert "Cabang Hilang" in ran.err and "MDR fee account 1-1001" in ran.err and no_traceback(ran)


async def test_outlets_show_prints_the_mapping_as_a_table(stack, jembatan, write_json):
    tenant = await connected_tenant(stack, jembatan)
    jembatan("outlets", "set", tenant, "outlet-ho", str(write_json("m.json", MAPPING)))
    ran = jembatan("outlets", "show", tenant, "outlet-ho")
    assert ran.code == 0
    assert "Gudang HO" in ran.out and "payment cash" in ran.out and "{" not in ran.out


async def test_outlets_show_of_an_unmapped_outlet_says_so_with_exit_1(jembatan):
    ran = jembatan("outlets", "show", new_tenant(), "outlet-x")
    assert ran.code == 1
    assert "outlet outlet-x is not mapped" in ran.err


async def test_outlets_set_with_a_missing_file_exits_2_in_one_line(jembatan, tmp_path):
    ran = jembatan("outlets", "set", new_tenant(), "outlet-ho", str(tmp_path / "absent.json"))
    assert ran.code == 2
    assert ran.err.strip() == f"no such file: {tmp_path / 'absent.json'}"


async def test_products_validate_counts_products_without_sku_and_shared_skus(jembatan, write_json):
    tenant = new_tenant()
    # buying_price is given: the mapper cannot read back a stored product without one (a mapper bug)
    products = [{"product_id": "p1", "name": "Kopi", "sku": "KOPI", "price": 20000, "buying_price": 9000},
                {"product_id": "p2", "name": "Kopi Besar", "sku": "KOPI", "price": 25000, "buying_price": 9000},
                {"product_id": "p3", "name": "Es Batu", "price": 1000, "buying_price": 100}]  # fmt: skip
    assert jembatan("products", "load", tenant, str(write_json("p.json", products))).code == 0
    ran = jembatan("--json", "products", "validate", tenant)
    assert ran.code == 0
    report = ran.json()
    assert report["counts"]["no_sku"] == 1 and report["duplicate_skus"] == {"KOPI": ["p1", "p2"]}
    table = jembatan("products", "validate", tenant)
    assert "SKUs shared by several products" in table.out and "Es Batu" in table.out


async def test_products_import_creates_the_items_accurate_lacks(stack, jembatan, write_json):
    tenant = await connected_tenant(stack, jembatan)
    products = [{"product_id": f"p{n}", "name": f"Roti {n}", "sku": f"ROTI-{n}", "price": 5000, "buying_price": 2000} for n in range(5)]
    jembatan("products", "load", tenant, str(write_json("p.json", products)))
    ran = jembatan("--json", "products", "import", tenant)
    assert ran.code == 0, ran.err
    assert sorted(ran.json()["created"]) == [f"ROTI-{n}" for n in range(5)]


async def test_products_import_before_connecting_accurate_is_refused(jembatan):
    ran = jembatan("products", "import", new_tenant())
    assert ran.code == 1
    assert "connect the tenant to Accurate first" in ran.err and no_traceback(ran)


async def test_parked_list_and_redrive_on_a_quiet_tenant(jembatan):
    tenant = new_tenant()
    assert f"Nothing is parked for {tenant}" in jembatan("parked", "list", tenant).out
    ran = jembatan("parked", "redrive", tenant)
    assert ran.code == 0 and "now posted" in ran.out


async def test_schedule_hours_are_saved_and_shown_in_wib(jembatan):
    tenant = new_tenant()
    assert jembatan("schedule", "hours", tenant, "outlet-ho", "21", "9").code == 0
    ran = jembatan("schedule", "show", tenant)
    assert ran.code == 0 and "09:00, 21:00" in ran.out


async def test_schedule_hours_outside_the_day_exit_2(jembatan):
    ran = jembatan("schedule", "hours", new_tenant(), "outlet-ho", "24")
    assert ran.code == 2 and "0 to 23" in ran.err


async def test_documents_retry_of_an_unknown_document_is_refused(jembatan):
    ran = jembatan("documents", "retry", new_tenant(), "no-such-key")
    assert ran.code == 1 and "no such document" in ran.err


async def test_tenants_webhooks_lists_one_url_per_event_kind(stack, jembatan):
    ran = jembatan("--json", "tenants", "webhooks", "toko-1", "--public-url", "https://jembatan.example")
    assert ran.code == 0
    urls = ran.json()
    assert urls and all(url == f"https://jembatan.example/webhooks/iseller/toko-1/{k}" for k, url in urls.items())


async def test_pull_backfill_follows_the_run_to_the_end_and_prints_its_figures(jembatan):
    tenant = new_tenant()
    assert jembatan("tenants", "create", tenant, "--store-name", "Toko", "--iseller-key", "k").code == 0
    assert jembatan("connect", "iseller", tenant, "--client-id", "test-client", "--client-secret", "test-secret").code == 0
    ran = jembatan("--json", "pull", "backfill", tenant, "--from", STORE_DAY, "--to", STORE_DAY)
    assert ran.code == 0, ran.err
    run = ran.json()
    assert run["status"] == "done" and run["orders_seen"] > 0 and run["outlets"] > 0
    assert f"{run['id']}" in jembatan("pull", "list", tenant).out


async def test_pull_backfill_before_connecting_iseller_is_refused(jembatan):
    ran = jembatan("pull", "backfill", new_tenant(), "--from", STORE_DAY, "--to", STORE_DAY)
    assert ran.code == 1 and "connect the tenant's iSeller API first" in ran.err and no_traceback(ran)


async def test_pull_backfill_with_a_day_that_is_not_a_date_exits_2(jembatan):
    ran = jembatan("pull", "backfill", new_tenant(), "--from", "25-11-2026", "--to", STORE_DAY)
    assert ran.code == 2 and ran.err.strip() == "25-11-2026 is not a store day (YYYY-MM-DD)"
