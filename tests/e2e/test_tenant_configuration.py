"""One place per tenant (docs/tenants.md), against the real services, broker and sandboxes: a tenant
is configured once in ingest, every credential is checked with its own service when saved, the whole
configuration reaches the mapper and the poster on tenant.config.v1 with every secret sealed, OAuth
tokens are refreshed by ingest alone and reach the others, and pulled outlets reach the mapper."""

import asyncio
import uuid
from datetime import date
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from aiokafka import AIOKafkaConsumer
from cryptography.fernet import Fernet
from jembatan.contracts import Envelope
from jembatan.contracts.topics import TENANT_CONFIG
from jembatan.devstack.broker import TANSU_HEARTBEAT_INTERVAL_MS, TANSU_SESSION_TIMEOUT_MS
from jembatan.devstack.pytest_plugin import start_stack
from jembatan.devstack.services import ServiceSpec
from jembatan.devstack.tenant_setup import Admin, create_accurate_database, wait_until_projected
from jembatan.sandbox.iseller.config import DEMO
from jembatan.sandbox.iseller.day import generate_day

pytestmark = [pytest.mark.integration, pytest.mark.e2e, pytest.mark.slow]

STORE_DAY = date(2026, 11, 25)
REDIRECT = "http://127.0.0.1:9/oauth/accurate/callback"  # never opened: the code is read from the redirect
# The sandbox's access tokens live 15 days (360 h): with this margin each is due 15 s after it was issued,
# checked every second, so ingest refreshes every ~15 s and the others have those seconds to use each pair:
# the mapper's whole read of the chart takes a few of them at its share of Accurate's budget, 4 requests/s
# here (the poster keeps 4 free for it, docs/posting-sender.md "One budget"; it sends nothing here).
REFRESHING = {
    "JEMBATAN_ACCURATE_TOKEN_REFRESH_MARGIN_HOURS": str(360 - 15 / 3600),
    "JEMBATAN_ACCURATE_TOKEN_CHECK_SECONDS": "1",
}
MAPPER_SHARE = {"JEMBATAN_ACCURATE_SHARE": "4"}
POSTER_KEEPS_FREE = {"JEMBATAN_ACCURATE_KEPT_FREE": "4"}


@pytest.fixture(scope="module")
async def stack(tmp_path_factory, postgres_url, unique_name):
    async with start_stack(
        tmp_path_factory.mktemp("tenant-config"),
        services=[ServiceSpec("ingest", env=REFRESHING), ServiceSpec("mapper", env=MAPPER_SHARE),
                  ServiceSpec("poster", env=POSTER_KEEPS_FREE)],
        iseller=True,
        iseller_date=STORE_DAY.isoformat(),
        database_url=postgres_url,
        schema_prefix=unique_name("tenantcfg"),
    ) as running:
        yield running


@pytest.fixture
async def ingest(stack):
    admin = Admin(stack.urls["ingest"], stack.admin_token)
    yield admin
    await admin.close()


def new_tenant() -> str:
    return f"toko-{uuid.uuid4().hex[:6]}"


async def configure(ingest: Admin, tenant: str, body: dict) -> httpx.Response:
    return await ingest.http.put(f"/admin/tenants/{tenant}/configuration", json=body)


async def configs_on_the_topic(stack, tenant: str, version: int) -> list[bytes]:
    """Every raw tenant.config.v1 message of `tenant`, read until `version` is among them."""
    consumer = AIOKafkaConsumer(TENANT_CONFIG, bootstrap_servers=stack.kafka_bootstrap, group_id=uuid.uuid4().hex,
                                auto_offset_reset="earliest", session_timeout_ms=TANSU_SESSION_TIMEOUT_MS,
                                heartbeat_interval_ms=TANSU_HEARTBEAT_INTERVAL_MS)  # fmt: skip
    await consumer.start()
    found: list[bytes] = []
    try:
        for _ in range(60):
            for records in (await consumer.getmany(timeout_ms=500)).values():
                found += [r.value for r in records if r.key == tenant.encode() and r.value]
            if any(Envelope.from_bytes(v).payload["version"] >= version for v in found):
                return found
        raise TimeoutError(f"version {version} of {tenant} never reached {TENANT_CONFIG}")
    finally:
        await consumer.stop()


async def test_a_bad_accurate_token_is_refused_in_accurates_words_and_nothing_is_saved(stack, ingest):
    tenant = new_tenant()
    reply = await configure(ingest, tenant, {
        "store_name": "Toko", "webhook_key": "k",
        "accurate": {"account_url": stack.accurate.account_url, "api_token": "aat.bogus", "signature_secret": "x"}})  # fmt: skip
    assert reply.status_code == 422
    detail = reply.json()["detail"]
    assert detail["refused_by"] == "accurate" and "Invalid or Revoked API Token" in detail["message"]
    assert (await ingest.http.get(f"/admin/tenants/{tenant}/configuration")).status_code == 404


async def test_a_wrong_iseller_client_is_refused_in_isellers_words(stack, ingest):
    reply = await configure(ingest, new_tenant(), {
        "store_name": "Toko", "webhook_key": "k", "iseller_pull": {"client_id": "test-client", "client_secret": "wrong"}})  # fmt: skip
    assert reply.status_code == 422
    assert "invalid_client" in reply.json()["detail"]["message"]


async def test_entered_once_the_configuration_reaches_every_service_with_its_secrets_sealed(stack, ingest):
    tenant = new_tenant()
    db = await create_accurate_database(stack.accurate.account_url, tenant, ["Kantor Pusat"], ["Gudang HO"])
    reply = await configure(ingest, tenant, {
        "store_name": "Toko Sekali", "webhook_key": "webhook-key-1",
        "iseller_pull": {"client_id": "test-client", "client_secret": "test-secret"},
        "accurate": {"account_url": db.account_url, "api_token": db.api_token, "signature_secret": db.signature_secret}})  # fmt: skip
    assert reply.status_code == 200, reply.text
    saved = reply.json()
    assert saved["accurate"] == {"method": "api_token", "account_url": db.account_url, "database_id": str(db.id),
                                 "database_alias": tenant, "access_expires_at": None}  # fmt: skip
    await wait_until_projected(stack.urls, stack.admin_token, tenant, saved["version"])

    mapper = Admin(stack.urls["mapper"], stack.admin_token)
    try:
        counts = await mapper.post(
            f"/admin/tenants/{tenant}/accurate/refresh"
        )  # the mapper reads Accurate with it
        assert counts["glaccount"] > 0
        assert (await mapper.get(f"/admin/tenants/{tenant}/settings"))["store_name"] == "Toko Sekali"
    finally:
        await mapper.close()

    raw = b"".join(await configs_on_the_topic(stack, tenant, saved["version"]))
    for secret in (db.api_token, db.signature_secret, "webhook-key-1", "test-secret"):
        assert secret.encode() not in raw  # never plain on the topic
    record = Envelope.from_bytes((await configs_on_the_topic(stack, tenant, saved["version"]))[-1]).payload
    opened = (
        Fernet(stack.secret_key.encode()).decrypt(record["accurate"]["api_token_sealed"].encode()).decode()
    )
    assert opened == db.api_token  # sealed with the key every service shares


async def oauth_code(stack, ingest: Admin, tenant: str) -> str:
    """Consent on the sandbox's page (the URL ingest gives) as the database owner, granting every scope
    asked for; the code from the redirect."""
    url = (
        await ingest.post(f"/admin/tenants/{tenant}/accurate-oauth/authorize-url", {"redirect_uri": REDIRECT})
    )["url"]
    asked = parse_qs(urlsplit(url).query)
    assert asked["client_id"] == [stack.oauth_app["accurate_oauth_client_id"]] and asked["redirect_uri"] == [
        REDIRECT
    ]
    async with httpx.AsyncClient(timeout=30) as http:
        reply = await http.post(f"{stack.accurate.account_url}/oauth/authorize", data={
            "client_id": asked["client_id"][0], "redirect_uri": REDIRECT, "response_type": "code", "state": "s",
            "user": "sandbox@jembatan.test", "decision": "allow", "approve": asked["scope"][0].split()})  # fmt: skip
    assert reply.status_code == 302
    return parse_qs(urlsplit(reply.headers["location"]).query)["code"][0]


async def test_oauth_tokens_are_refreshed_by_ingest_alone_and_reach_the_others(stack, ingest):
    tenant = new_tenant()
    db = await create_accurate_database(
        stack.accurate.account_url, f"PT {tenant}", ["Kantor Pusat"], ["Gudang HO"]
    )
    (await configure(ingest, tenant, {"store_name": "Toko", "webhook_key": "k"})).raise_for_status()
    code = await oauth_code(stack, ingest, tenant)
    databases = await ingest.post(
        f"/admin/tenants/{tenant}/accurate-oauth/code", {"code": code, "redirect_uri": REDIRECT}
    )
    assert {"id": str(db.id), "alias": f"PT {tenant}"} in databases
    connected = await ingest.post(
        f"/admin/tenants/{tenant}/accurate-oauth/database", {"database_id": str(db.id)}
    )
    assert connected["accurate"]["method"] == "oauth" and connected["accurate"]["database_id"] == str(db.id)

    # ingest refreshes (every token is due in this stack); each refresh is published as a new version
    for _ in range(400):
        now = (await ingest.get(f"/admin/tenants/{tenant}/configuration"))["version"]
        if now >= connected["version"] + 1:
            break
        await asyncio.sleep(0.2)
    assert now >= connected["version"] + 1, "ingest did not refresh the OAuth tokens"
    await wait_until_projected(stack.urls, stack.admin_token, tenant, now)
    mapper = Admin(stack.urls["mapper"], stack.admin_token)
    counts, last = None, ""
    try:  # the first access token was revoked by the rotation: the mapper reads with the newest one
        for _ in range(40):
            try:
                counts = await mapper.post(f"/admin/tenants/{tenant}/accurate/refresh")
                break
            except httpx.HTTPStatusError as error:  # a refresh published meanwhile: take the next version
                last = error.response.text
                await asyncio.sleep(0.5)
        assert counts is not None, last  # a whole read went through with the newest tokens
        assert (await mapper.get(f"/admin/tenants/{tenant}/master-data"))["accounts"]  # the chart was read
    finally:
        await mapper.close()


async def test_outlets_and_products_pulled_by_ingest_reach_the_mapper(stack, ingest):
    tenant = new_tenant()
    saved = await configure(ingest, tenant, {
        "store_name": "Toko", "webhook_key": "k", "iseller_pull": {"client_id": "test-client", "client_secret": "test-secret"}})  # fmt: skip
    saved.raise_for_status()
    day = generate_day(1, STORE_DAY, DEMO)
    run = await ingest.post(
        f"/admin/tenants/{tenant}/backfill", {"from": STORE_DAY.isoformat(), "to": STORE_DAY.isoformat()}
    )
    mapper = Admin(stack.urls["mapper"], stack.admin_token)
    try:
        for _ in range(150):
            outlets = await mapper.get(f"/admin/tenants/{tenant}/iseller-outlets")
            if len(outlets) >= len(day.outlets):
                break
            await asyncio.sleep(0.2)
        assert {o["outlet_id"] for o in outlets} == {o.outlet_id for o in day.outlets}
        assert (await ingest.get(f"/admin/tenants/{tenant}/pulls/{run['id']}"))["status"] in (
            "running",
            "done",
        )
        report = await mapper.get(f"/admin/tenants/{tenant}/products/validation")
        assert sum(report["counts"].values()) > 0  # the products the pull found are the mapper's catalogue
    finally:
        await mapper.close()
