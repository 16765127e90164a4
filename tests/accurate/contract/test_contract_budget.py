"""Measured: the client never exceeds 8 requests per second or 8 in flight, and the sandbox refuses one that does.

Every data-host request's start and end are recorded by a transport wrapper *below* the client
(closest to the wire), across two client instances of the same database sharing one budget.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from jembatan.accurate import (
    AccurateClient,
    AccurateError,
    ApiTokenAuth,
    FailureKind,
    RequestBudget,
    RetryPolicy,
)

CALLERS = 50
LIMIT = 8


@dataclass
class Recorder(httpx.AsyncBaseTransport):
    """Wraps the real HTTP transport and records (start, end, status) of each data-host request."""

    inner: httpx.AsyncHTTPTransport = field(default_factory=httpx.AsyncHTTPTransport)
    spans: list[tuple[float, float, int]] = field(default_factory=list)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        start = time.monotonic()
        response = await self.inner.handle_async_request(request)
        body = await response.aread()
        end = time.monotonic()
        if request.url.path.startswith("/accurate/api/"):
            self.spans.append((start, end, response.status_code))
        return httpx.Response(response.status_code, headers=response.headers, content=body, request=request)

    async def aclose(self) -> None:
        await self.inner.aclose()

    def peak_starts_per_second(self) -> int:
        starts = sorted(start for start, _, _ in self.spans)
        return max((sum(1 for t in starts[i:] if t - s < 1.0) for i, s in enumerate(starts)), default=0)

    def peak_in_flight(self) -> int:
        events = sorted([(s, 1) for s, _, _ in self.spans] + [(e, -1) for _, e, _ in self.spans])
        current = peak = 0
        for _, delta in events:  # an end at the same instant as a start is counted first
            current += delta
            peak = max(peak, current)
        return peak


async def limits(admin: httpx.AsyncClient, database: dict[str, Any]) -> dict[str, Any]:
    return dict((await admin.get(f"/databases/{database['id']}/limits")).json())


@pytest.mark.usefixtures("measured_once")
async def test_fifty_concurrent_callers_stay_within_8_per_second_and_8_in_flight(
    sandbox: Any, admin: httpx.AsyncClient, database: dict[str, Any], faults: Any
) -> None:
    # Most calls take 1.2 s on the server, so the in-flight cap binds as well as the rate.
    await faults({"kind": "latency", "path": "*", "rate": 0.8, "latencyMs": 1200}, seed=7)
    recorder = Recorder()
    auth = ApiTokenAuth(database["apiToken"], database["signatureSecret"])
    first = AccurateClient(auth, sandbox.account_url, http_transport=recorder)
    second = AccurateClient(
        ApiTokenAuth(database["apiToken"], database["signatureSecret"]),
        sandbox.account_url,
        http_transport=recorder,
    )
    assert first.budget is second.budget  # one budget per database, shared by every client

    def caller(index: int) -> Awaitable[Any]:
        client = first if index % 2 else second
        if index % 3 == 0:
            return client.save("item", {"no": f"B-{index}", "name": f"Barang {index}", "itemType": "SERVICE"})
        return client.list("item", fields=["no"])

    began = time.monotonic()
    async with first, second:
        await first.connect()
        await second.connect()
        outcomes = await asyncio.gather(*(caller(i) for i in range(CALLERS)), return_exceptions=True)
    elapsed = time.monotonic() - began

    assert [o for o in outcomes if isinstance(o, BaseException)] == []
    assert len(recorder.spans) == CALLERS and {status for _, _, status in recorder.spans} == {200}
    per_second, in_flight = recorder.peak_starts_per_second(), recorder.peak_in_flight()
    print(f"\nbudget: {CALLERS} callers, {elapsed:.2f}s, peak {per_second} starts/1s window, peak {in_flight} in flight, "
          f"waited {first.budget.waited_seconds:.1f}s in total")  # fmt: skip
    assert per_second <= LIMIT
    assert in_flight <= LIMIT
    assert per_second == LIMIT  # the limit was really exercised, not avoided by slowness
    assert (await limits(admin, database))["rejected"] == 0


async def test_sandbox_refuses_a_client_that_exceeds_the_limit(
    sandbox: Any, admin: httpx.AsyncClient, database: dict[str, Any]
) -> None:
    recorder = Recorder()
    auth = ApiTokenAuth(database["apiToken"], database["signatureSecret"])
    unlimited = RequestBudget(1000, 1000)
    async with AccurateClient(
        auth, sandbox.account_url, unlimited, retry=RetryPolicy(max_attempts=1), http_transport=recorder
    ) as client:
        await client.connect()
        outcomes = await asyncio.gather(
            *(client.list("item") for _ in range(CALLERS)), return_exceptions=True
        )
    refused = [o for o in outcomes if isinstance(o, AccurateError) and o.kind is FailureKind.RATE]
    assert recorder.peak_starts_per_second() > LIMIT
    assert refused and all("request per detik" in error.messages[0] for error in refused)
    assert (await limits(admin, database))["rejected"] == len(refused)
