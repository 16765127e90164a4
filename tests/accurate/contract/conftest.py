"""Contract-test fixtures: a fresh sandbox database per test and a client for it over real HTTP."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest
from jembatan.accurate import AccurateClient, ApiTokenAuth, RetryPolicy

_aliases = itertools.count(1)

Faults = Callable[..., Awaitable[dict[str, Any]]]


@pytest.fixture
async def admin(sandbox: Any) -> AsyncIterator[httpx.AsyncClient]:
    """HTTP client for the sandbox admin API (``/_sandbox`` on the account host)."""
    async with httpx.AsyncClient(base_url=f"{sandbox.account_url}/_sandbox", timeout=30) as client:
        yield client


@pytest.fixture
async def database(admin: httpx.AsyncClient) -> dict[str, Any]:
    """A new database with one branch and one warehouse; returns its credentials."""
    spec = {"alias": f"PT Kontrak {next(_aliases)}", "branches": ["Pusat"], "warehouses": ["Utama"]}
    response = await admin.post("/databases", json=spec)
    response.raise_for_status()
    return dict(response.json())


@pytest.fixture
def fast_retry() -> RetryPolicy:
    return RetryPolicy(max_attempts=4, base_delay=0.02, max_delay=0.1)


@pytest.fixture
async def accurate(
    sandbox: Any, database: dict[str, Any], fast_retry: RetryPolicy
) -> AsyncIterator[AccurateClient]:
    """An API-token client for ``database`` using the shared per-database budget."""
    auth = ApiTokenAuth(database["apiToken"], database["signatureSecret"])
    async with AccurateClient(auth, sandbox.account_url, retry=fast_retry) as client:
        yield client


@pytest.fixture
def faults(admin: httpx.AsyncClient, database: dict[str, Any]) -> Faults:
    """``await faults({"kind": "drop", "path": "item/save.do"}, ...)`` replaces the database's fault plan."""

    async def apply(*rules: dict[str, Any], seed: int = 0) -> dict[str, Any]:
        response = await admin.post(
            f"/databases/{database['id']}/faults", json={"seed": seed, "rules": list(rules)}
        )
        response.raise_for_status()
        return dict(response.json())

    return apply
