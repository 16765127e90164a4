"""A new tenant reaches the mapper twice at once: its own `PUT /admin/tenants/{t}` and the
`tenant.config.v1` projection (ingest publishes the configuration too). Neither may answer a 500."""

import asyncio

import httpx
import pytest
from cryptography.fernet import Fernet
from jembatan.contracts.tenant import TenantConfigured
from jembatan.mapper.adapters.tables import TenantRow
from jembatan.mapper.bootstrap import MIGRATIONS, build_app
from jembatan.mapper.config import MapperSettings
from jembatan.mapper.service_layer.tenant_projection import project

pytestmark = pytest.mark.integration

AUTH = {"Authorization": "Bearer dev-admin-token"}
BOX = Fernet(Fernet.generate_key())
ROUNDS = 25  # the race is narrow: one round rarely loses it, 25 fresh tenants did without the fix


def configured(version: int = 1) -> TenantConfigured:
    sealed = BOX.encrypt(b"k").decode()
    return TenantConfigured(version=version, store_name="Toko Satu", webhook_key_sealed=sealed)


@pytest.fixture
async def mapper(postgres_url, unique_name):
    app = build_app(MapperSettings(database_url=postgres_url, db_schema=unique_name("mapper")))
    await app.state.mapper.db.migrate(MIGRATIONS)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://mapper", headers=AUTH) as client:
        yield client, app.state.mapper.db
    await app.state.mapper.db.dispose()


async def test_the_admin_put_and_the_projection_of_one_new_tenant_both_succeed(mapper):
    client, db = mapper

    async def projected(tenant: str) -> bool:
        async with db.session() as session:
            return await project(session, tenant, configured())

    for n in range(ROUNDS):
        tenant = f"toko-{n}"
        put = client.put(
            f"/admin/tenants/{tenant}", json={"settings": {"customer_number_from_iseller": False}}
        )
        answer, kept = await asyncio.gather(put, projected(tenant))
        assert answer.status_code == 200, answer.text
        assert kept is True
        async with db.session() as session:
            row = await session.get(TenantRow, tenant)
        assert row is not None and row.config_version == 1


async def test_a_put_that_names_one_setting_keeps_the_store_name_the_projection_wrote(mapper):
    client, db = mapper
    async with db.session() as session:
        assert await project(session, "toko-x", configured())
    answer = await client.put(
        "/admin/tenants/toko-x", json={"settings": {"customer_number_from_iseller": False}}
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["store_name"] == "Toko Satu"
    assert answer.json()["customer_number_from_iseller"] is False
    async with db.session() as session:
        row = await session.get(TenantRow, "toko-x")
    assert row is not None and row.settings["store_name"] == "Toko Satu"
