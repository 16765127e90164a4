"""Finding 5: products iSeller sends without a buying price are stored, read back and imported."""

import json

import httpx
import pytest
from jembatan.contracts.iseller import Product
from jembatan.mapper.adapters import catalogue_store
from jembatan.mapper.bootstrap import MIGRATIONS, build_app
from jembatan.mapper.config import MapperSettings
from jembatan.sandbox.accurate.testing import create_database, start_sandbox, stop_sandbox

pytestmark = pytest.mark.integration

AUTH = {"Authorization": "Bearer dev-admin-token"}


def unpriced(products: list[Product]) -> list[dict]:
    """The simulator's catalogue as iSeller sends it when no buying price was entered."""
    return [p.model_dump(mode="json") | {"buying_price": None} for p in products]


@pytest.fixture(scope="module")
def accurate():
    sandbox = start_sandbox()
    yield sandbox
    stop_sandbox(sandbox)


@pytest.fixture
async def mapper(postgres_url, unique_name):
    app = build_app(MapperSettings(database_url=postgres_url, db_schema=unique_name("mapper")))
    await app.state.mapper.db.migrate(MIGRATIONS)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://mapper", headers=AUTH
    ) as client:
        client.app = app  # type: ignore[attr-defined]
        yield client
    await app.state.mapper.db.dispose()


async def test_a_product_without_a_buying_price_reads_back_without_one(mapper, simulator_products):
    (await mapper.put("/admin/tenants/t1/products", json=unpriced(simulator_products))).raise_for_status()
    async with mapper.app.state.mapper.db.session() as session:
        stored = await catalogue_store.products(session, "t1")
    assert len(stored) == len(simulator_products)
    assert {p.buying_price for p in stored} == {None}


async def test_the_validation_report_works_for_products_without_a_buying_price(mapper, simulator_products):
    (await mapper.put("/admin/tenants/t1/products", json=unpriced(simulator_products))).raise_for_status()
    response = await mapper.get("/admin/tenants/t1/products/validation")
    assert response.status_code == 200, response.text
    assert response.json()["counts"]["to_import"] == 17


async def test_products_without_a_buying_price_are_imported(mapper, accurate, simulator_products):
    creds = create_database(accurate, alias="PT Tanpa Harga Beli", branches=["Pusat"])
    body = {"settings": {"store_name": "toko", "accurate_account_url": accurate.account_url},
            "accurate_api_token": creds["apiToken"], "accurate_signature_secret": creds["signatureSecret"]}  # fmt: skip
    (await mapper.put("/admin/tenants/t1", json=body)).raise_for_status()
    (await mapper.put("/admin/tenants/t1/products", json=unpriced(simulator_products))).raise_for_status()
    async with mapper.stream("POST", "/admin/tenants/t1/products/import", timeout=120) as response:
        lines = [json.loads(line) async for line in response.aiter_lines() if line]
    assert "report" in lines[-1], lines[-1]
    assert len(lines[-1]["report"]["created"]) == 17 and lines[-1]["report"]["refused"] == {}


async def test_products_stored_with_the_text_none_read_back_after_the_repair_migration(
    postgres_url, unique_name
):
    from datetime import UTC, datetime

    from alembic import command
    from alembic.config import Config
    from jembatan.mapper.adapters.tables import IsellerProduct
    from jembatan.platform.db import Database

    db = Database(postgres_url, unique_name("mapper"))
    await db.migrate(MIGRATIONS)

    def to_revision(connection, revision: str, upgrade: bool) -> None:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        (command.upgrade if upgrade else command.downgrade)(config, revision)

    async with db.engine.begin() as conn:
        await conn.run_sync(to_revision, "0002", False)
    async with db.session() as session:
        session.add(IsellerProduct(tenant_id="t1", product_id="p1", sku="KOPI", name="Kopi", loaded_at=datetime.now(UTC),
                                   product={"product_id": "p1", "sku": "KOPI", "buying_price": "None"}))  # fmt: skip
    await db.migrate(MIGRATIONS)
    async with db.session() as session:
        [product] = await catalogue_store.products(session, "t1")
    await db.dispose()
    assert product.buying_price is None
