"""Fixtures for the Accurate client tests.

- ``fake`` / ``client``: the client against :class:`jembatan.accurate.testing.FakeAccurate`
  (``httpx.MockTransport``), with a retry policy that records its sleeps instead of sleeping.
- ``sandbox``: the real Accurate sandbox as a subprocess on free ports (contract tests); see
  ``contract/conftest.py``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from jembatan.accurate import AccurateClient, ApiTokenAuth, RequestBudget, RetryPolicy
from jembatan.accurate.testing import FAKE_ACCOUNT_URL, FakeAccurate

TOKEN = "aat.TESTAPPKEY.eyJkIjo0MiwiYWsiOiJrIn0.sig"
SECRET = "31d49b3dc632614495ff8071e5be44a1"


@pytest.fixture
def fake() -> FakeAccurate:
    return FakeAccurate()


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def policy(sleeps: list[float]) -> RetryPolicy:
    async def record(seconds: float) -> None:
        sleeps.append(seconds)

    return RetryPolicy(max_attempts=4, base_delay=0.1, max_delay=1.0, sleep=record)


@pytest.fixture
def api_token_auth() -> ApiTokenAuth:
    return ApiTokenAuth(TOKEN, SECRET)


@pytest.fixture
async def client(
    fake: FakeAccurate, policy: RetryPolicy, api_token_auth: ApiTokenAuth
) -> AsyncIterator[AccurateClient]:
    async with AccurateClient(
        api_token_auth,
        FAKE_ACCOUNT_URL,
        budget=RequestBudget(100, 100),
        retry=policy,
        http_transport=httpx.MockTransport(fake),
    ) as accurate:
        yield accurate
