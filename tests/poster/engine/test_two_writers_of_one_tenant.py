"""A new tenant's Accurate connection reaches the poster twice at once: its own
`PUT /admin/tenants/{t}/accurate` and the `tenant.config.v1` projection. Neither may answer a 500."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from cryptography.fernet import Fernet
from jembatan.contracts.tenant import AccurateApiToken, TenantConfigured
from jembatan.platform.db import Database
from jembatan.poster.adapters.tables import AccurateConnection
from jembatan.poster.bootstrap import MIGRATIONS, build_app
from jembatan.poster.config import PosterSettings
from jembatan.poster.entrypoints.tenant_config import project

pytestmark = pytest.mark.integration

AUTH = {"Authorization": "Bearer dev-admin-token"}
BOX = Fernet(Fernet.generate_key())
ROUNDS = 25  # the race is narrow: one round rarely loses it, 25 fresh tenants did without the fix
ACCOUNT_URL = "https://account.accurate.id"


def configured() -> TenantConfigured:
    def sealed(text: str) -> str:
        return BOX.encrypt(text.encode()).decode()

    accurate = AccurateApiToken(account_url=ACCOUNT_URL, api_token_sealed=sealed("aat.x"),
                                signature_secret_sealed=sealed("s"))  # fmt: skip
    return TenantConfigured(version=1, store_name="Toko Satu", accurate=accurate)


@pytest.fixture
async def poster(postgres_url: str, unique_name: Any) -> AsyncIterator[tuple[httpx.AsyncClient, Database]]:
    app = build_app(PosterSettings(database_url=postgres_url, db_schema=unique_name("poster")))
    runtime = app.state.runtime
    await runtime.db.migrate(MIGRATIONS)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://poster", headers=AUTH) as client:
        yield client, runtime.db
    await runtime.db.dispose()


async def test_the_admin_put_and_the_projection_of_one_new_connection_both_succeed(
    poster: tuple[httpx.AsyncClient, Database],
) -> None:
    client, db = poster

    async def projected(tenant: str) -> bool:
        async with db.session() as session:
            return await project(session, tenant, configured())

    body = {"account_url": ACCOUNT_URL, "api_token": "aat.direct", "signature_secret": "direct"}
    for n in range(ROUNDS):
        tenant = f"toko-{n}"
        answer, _ = await asyncio.gather(
            client.put(f"/admin/tenants/{tenant}/accurate", json=body), projected(tenant)
        )
        assert answer.status_code == 204, answer.text
        async with db.session() as session:
            row = await session.get(AccurateConnection, tenant)
        assert row is not None and row.token_sealed  # one connection, whichever came last
