"""Contract-test fixtures: a fresh sandbox database per test and a client for it over real HTTP.

Every test that uses ``database`` runs once per switch profile: the sandbox offers each behaviour
the reference leaves unconfirmed in every plausible form (``assumptions.SWITCHES``), and profile
*n* picks the n-th form of every switch, so each form of each switch is exercised by the whole
contract suite. Timing measurements run in the first profile only (see ``measured_once``).
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest
from jembatan.accurate import AccurateClient, ApiTokenAuth, RetryPolicy

_aliases = itertools.count(1)

PROFILES: dict[str, dict[str, str]] = {
    "as-assumed": {"rateLimitForm": "http429", "movedSession": "kept", "wrongMethod": "405", "excessDecimals": "refuse"},
    "alternative": {"rateLimitForm": "http200", "movedSession": "reopen", "wrongMethod": "404", "excessDecimals": "round"},
}  # fmt: skip

Faults = Callable[..., Awaitable[dict[str, Any]]]


@pytest.fixture
async def admin(sandbox: Any) -> AsyncIterator[httpx.AsyncClient]:
    """HTTP client for the sandbox admin API (``/_sandbox`` on the account host)."""
    async with httpx.AsyncClient(base_url=f"{sandbox.account_url}/_sandbox", timeout=30) as client:
        yield client


@pytest.fixture(params=list(PROFILES))
def switches(request: pytest.FixtureRequest) -> dict[str, str]:
    """The switch profile this run of the test uses."""
    return PROFILES[request.param]


@pytest.fixture
def measured_once(switches: dict[str, str]) -> None:
    """Skip a timing measurement outside the first profile (the switches do not change timing)."""
    if switches != next(iter(PROFILES.values())):
        pytest.skip("a timing measurement: measured in the first switch profile only")


@pytest.fixture
async def database(admin: httpx.AsyncClient, switches: dict[str, str]) -> dict[str, Any]:
    """A new database with one branch and one warehouse, set to ``switches``; returns its credentials."""
    spec = {"alias": f"PT Kontrak {next(_aliases)}", "branches": ["Pusat"], "warehouses": ["Utama"]}
    response = await admin.post("/databases", json=spec)
    response.raise_for_status()
    credentials = dict(response.json())
    (await admin.put(f"/databases/{credentials['id']}/switches", json=switches)).raise_for_status()
    return credentials


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
