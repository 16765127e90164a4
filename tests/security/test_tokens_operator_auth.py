"""Finding 1 and the operator tokens, on the platform's HTTP face every service is built on.

A toy service with a global list and per-tenant routes, one of them forgotten by its router's
author (no `AdminOnly`): the app itself must still guard it.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi import APIRouter, FastAPI
from jembatan.platform.http import AdminOnly, create_service_app, no_lifespan
from jembatan.platform.operator_tokens import OperatorKeys

GLOBAL = "global-operator-token-of-at-least-32-chars"
KEY = os.urandom(32)


def toy_service(admin_token: str = GLOBAL, secret_key: bytes = KEY) -> FastAPI:
    app = create_service_app("toy", admin_token=admin_token, secret_key=secret_key, lifespan=no_lifespan)
    guarded = APIRouter(prefix="/admin", dependencies=[AdminOnly])

    @guarded.get("/tenants")
    async def every_tenant() -> list[str]:
        return ["a", "b"]

    @guarded.get("/tenants/{tenant_id}/books")
    async def books(tenant_id: str) -> dict[str, str]:
        return {"tenant": tenant_id}

    @guarded.put("/tenants/{tenant_id}/books", status_code=204)
    async def change_books(tenant_id: str) -> None:
        return None

    forgotten = APIRouter(prefix="/admin")  # no AdminOnly: the app guards it anyway

    @forgotten.get("/tenants/{tenant_id}/secrets")
    async def secrets(tenant_id: str) -> dict[str, str]:
        return {"tenant": tenant_id}

    app.include_router(guarded)
    app.include_router(forgotten)
    return app


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=toy_service()), base_url="http://toy"
    ) as c:
        yield c


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def tenant_token(tenant: str, days: int = 1, admin_token: str = GLOBAL) -> str:
    token, _ = OperatorKeys(admin_token, KEY).issue(tenant, timedelta(days=days), datetime.now(UTC))
    return token


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer "}, {"Authorization": "Bearer"}])
async def test_an_empty_configured_admin_token_opens_nothing(headers: dict[str, str]) -> None:
    app = toy_service(admin_token="")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://toy") as c:
        answer = await c.get("/admin/tenants", headers=headers)
    assert answer.status_code == 401


async def test_a_missing_token_is_refused(client: httpx.AsyncClient) -> None:
    assert (await client.get("/admin/tenants")).status_code == 401


async def test_a_wrong_global_token_is_refused(client: httpx.AsyncClient) -> None:
    assert (await client.get("/admin/tenants", headers=bearer(GLOBAL[:-1] + "X"))).status_code == 401


async def test_the_global_token_reaches_every_tenant_and_the_global_list(client: httpx.AsyncClient) -> None:
    assert (await client.get("/admin/tenants", headers=bearer(GLOBAL))).status_code == 200
    assert (await client.get("/admin/tenants/b/books", headers=bearer(GLOBAL))).json() == {"tenant": "b"}


async def test_a_tenant_token_reads_and_changes_its_own_tenant(client: httpx.AsyncClient) -> None:
    token = tenant_token("a")
    assert (await client.get("/admin/tenants/a/books", headers=bearer(token))).json() == {"tenant": "a"}
    assert (await client.put("/admin/tenants/a/books", headers=bearer(token))).status_code == 204


async def test_a_tenant_token_cannot_read_or_change_another_tenant(client: httpx.AsyncClient) -> None:
    token = tenant_token("a")
    assert (await client.get("/admin/tenants/b/books", headers=bearer(token))).status_code == 403
    assert (await client.put("/admin/tenants/b/books", headers=bearer(token))).status_code == 403


async def test_a_tenant_token_cannot_read_a_global_list(client: httpx.AsyncClient) -> None:
    assert (await client.get("/admin/tenants", headers=bearer(tenant_token("a")))).status_code == 403


async def test_a_route_whose_router_forgot_the_guard_is_still_guarded(client: httpx.AsyncClient) -> None:
    assert (await client.get("/admin/tenants/a/secrets")).status_code == 401
    assert (
        await client.get("/admin/tenants/b/secrets", headers=bearer(tenant_token("a")))
    ).status_code == 403


async def test_an_expired_tenant_token_is_refused(client: httpx.AsyncClient) -> None:
    token, _ = OperatorKeys(GLOBAL, KEY).issue(
        "a", timedelta(seconds=1), datetime.now(UTC) - timedelta(hours=1)
    )
    assert (await client.get("/admin/tenants/a/books", headers=bearer(token))).status_code == 401


async def test_a_tenant_token_altered_to_name_another_tenant_is_refused(client: httpx.AsyncClient) -> None:
    prefix, _, expiry, signature = tenant_token("a").split(".")
    forged = ".".join([prefix, "Yg", expiry, signature])  # "b"
    assert (await client.get("/admin/tenants/b/books", headers=bearer(forged))).status_code == 401


async def test_rotating_the_global_token_revokes_every_tenant_token(client: httpx.AsyncClient) -> None:
    old = tenant_token("a", admin_token="the-previous-global-operator-token-0000")
    assert (await client.get("/admin/tenants/a/books", headers=bearer(old))).status_code == 401


async def test_the_global_operator_issues_a_tenant_token_that_works(client: httpx.AsyncClient) -> None:
    answer = await client.post(
        "/admin/operator-tokens", json={"tenant_id": "a", "valid_days": 7}, headers=bearer(GLOBAL)
    )
    assert answer.status_code == 201
    token = answer.json()["token"]
    assert (await client.get("/admin/tenants/a/books", headers=bearer(token))).status_code == 200
    assert (await client.get("/admin/tenants/b/books", headers=bearer(token))).status_code == 403


async def test_a_tenant_token_cannot_issue_tokens(client: httpx.AsyncClient) -> None:
    answer = await client.post(
        "/admin/operator-tokens", json={"tenant_id": "b"}, headers=bearer(tenant_token("a"))
    )
    assert answer.status_code == 403


async def test_a_token_longer_than_allowed_is_not_issued(client: httpx.AsyncClient) -> None:
    answer = await client.post(
        "/admin/operator-tokens", json={"tenant_id": "a", "valid_days": 3650}, headers=bearer(GLOBAL)
    )
    assert answer.status_code == 422


@pytest.mark.parametrize("tenant", ["a%00b", "x" * 101, "a%0Ab"])
async def test_a_tenant_id_no_tenant_can_have_is_not_found(client: httpx.AsyncClient, tenant: str) -> None:
    assert (await client.get(f"/admin/tenants/{tenant}/books", headers=bearer(GLOBAL))).status_code == 404


def test_the_command_line_issues_a_token_the_services_accept(monkeypatch, capsys) -> None:
    import base64

    from jembatan.platform import operator_tokens

    monkeypatch.setenv("JEMBATAN_ENVIRONMENT", "production")
    monkeypatch.setenv("JEMBATAN_ADMIN_TOKEN", GLOBAL)
    monkeypatch.setenv("JEMBATAN_SECRET_KEY", base64.urlsafe_b64encode(KEY).decode())
    assert operator_tokens.main(["issue", "--tenant", "toko-a", "--days", "3"]) == 0
    token = capsys.readouterr().out.strip()
    operator = OperatorKeys(GLOBAL, KEY).identify(token, datetime.now(UTC))
    assert operator is not None and operator.tenant_id == "toko-a"


@pytest.mark.parametrize(
    "body", [rb'{"tenant_id": "\ud800"}', rb'{"tenant_id": "a\u0000b"}', rb'{"tenant_id": ""}']
)
async def test_no_token_is_issued_for_a_tenant_id_no_path_can_hold(
    client: httpx.AsyncClient, body: bytes
) -> None:
    headers = {**bearer(GLOBAL), "Content-Type": "application/json"}
    answer = await client.post("/admin/operator-tokens", content=body, headers=headers)
    assert answer.status_code == 422
