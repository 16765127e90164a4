"""Finding 8 (mapper): what the fuzzing found answers a readable refusal, never a bare 500."""

import httpx
import pytest
from jembatan.mapper.bootstrap import MIGRATIONS, build_app
from jembatan.mapper.config import MapperSettings

pytestmark = pytest.mark.integration

AUTH = {"Authorization": "Bearer dev-admin-token"}
CLOSED = "http://127.0.0.1:1"  # nothing listens there


@pytest.fixture
async def mapper(postgres_url, unique_name):
    app = build_app(MapperSettings(database_url=postgres_url, db_schema=unique_name("mapper")))
    await app.state.mapper.db.migrate(MIGRATIONS)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, raise_app_exceptions=False),
        base_url="http://mapper",
        headers=AUTH,
    ) as client:
        yield client
    await app.state.mapper.db.dispose()


async def connect(mapper, account_url: str, token: str = "token-x") -> None:
    body = {"settings": {"accurate_account_url": account_url}, "accurate_api_token": token,
            "accurate_signature_secret": "secret-x"}  # fmt: skip
    (await mapper.put("/admin/tenants/t1", json=body)).raise_for_status()


@pytest.mark.parametrize(
    "base_url", ["not a url", "ftp://example.com", "http://", "http://host:99999", "http://ü.example"]
)
async def test_a_pull_from_an_unusable_url_is_refused(mapper, base_url):
    response = await mapper.post(
        "/admin/tenants/t1/products/pull", json={"base_url": base_url, "access_token": "t"}
    )
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "base_url"]


async def test_a_pull_with_a_token_that_cannot_be_a_header_is_refused(mapper):
    response = await mapper.post(
        "/admin/tenants/t1/products/pull", json={"base_url": CLOSED, "access_token": "tökén"}
    )
    assert response.status_code == 422 and "tökén" not in response.text


async def test_a_pull_from_a_store_that_does_not_answer_is_a_bad_gateway_with_the_reason(mapper):
    response = await mapper.post(
        "/admin/tenants/t1/products/pull", json={"base_url": CLOSED, "access_token": "t"}
    )
    assert response.status_code == 502 and "could not be reached" in response.json()["detail"]


async def test_an_accurate_that_does_not_answer_is_a_bad_gateway_with_the_reason(mapper):
    await connect(mapper, CLOSED)
    response = await mapper.post("/admin/tenants/t1/accurate/refresh")
    assert response.status_code == 502 and response.json()["detail"].startswith("Accurate: network")


async def test_an_accurate_account_url_that_is_not_a_url_is_refused(mapper):
    response = await mapper.put("/admin/tenants/t1", json={"settings": {"accurate_account_url": "0"}})
    assert response.status_code == 422


async def test_a_tenant_id_longer_than_the_column_is_refused(mapper):
    # no tenant can have such an id: the platform answers "not found" before any route runs
    response = await mapper.put(f"/admin/tenants/{'t' * 101}", json={})
    assert response.status_code == 404


async def test_catalogue_text_with_a_nul_character_is_refused_and_nothing_is_stored(mapper):
    response = await mapper.put("/admin/tenants/t1/catalogue", json=[{"sku": "A\u0000", "item_no": "A"}])
    assert response.status_code == 422
    assert (await mapper.get("/admin/tenants/t1/products/validation")).json()["counts"]["in_accurate"] == 0


async def test_an_accurate_that_refuses_the_token_is_a_readable_refusal(mapper):
    from jembatan.sandbox.accurate.testing import start_sandbox, stop_sandbox

    sandbox = start_sandbox()
    try:
        await connect(mapper, sandbox.account_url, token="not-a-token-accurate-knows")
        response = await mapper.post("/admin/tenants/t1/accurate/refresh")
    finally:
        stop_sandbox(sandbox)
    assert response.status_code == 422 and response.json()["detail"].startswith("Accurate: auth")


async def test_a_catalogue_listing_a_product_twice_stores_it_once_as_last_listed(mapper):
    products = [
        {"product_id": "p1", "sku": "A", "name": "first"},
        {"product_id": "p1", "sku": "A", "name": "second"},
    ]
    response = await mapper.put("/admin/tenants/t1/products", json=products)
    assert response.status_code == 200 and response.json()["products"] == 1
    [verdict] = (await mapper.get("/admin/tenants/t1/products/validation")).json()["products"]
    assert verdict["name"] == "second"
