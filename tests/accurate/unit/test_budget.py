"""RequestBudget: ≤ N starts per sliding window and ≤ M in flight, shared per database."""

from __future__ import annotations

import asyncio
import time

import httpx
from jembatan.accurate import AccurateClient, ApiTokenAuth, RequestBudget, shared_budget
from jembatan.accurate.testing import FAKE_ACCOUNT_URL, FakeAccurate, ok


def max_starts_in_window(starts: list[float], window: float) -> int:
    ordered = sorted(starts)
    return max((sum(1 for t in ordered[i:] if t - s < window) for i, s in enumerate(ordered)), default=0)


def max_overlap(spans: list[tuple[float, float]]) -> int:
    events = sorted([(s, 1) for s, _ in spans] + [(e, -1) for _, e in spans], key=lambda x: (x[0], x[1]))
    current = peak = 0
    for _, delta in events:
        current += delta
        peak = max(peak, current)
    return peak


async def test_fifty_callers_never_exceed_rate_or_concurrency_on_a_scaled_window() -> None:
    budget = RequestBudget(8, 8, window=0.2, margin=0.01)
    spans: list[tuple[float, float]] = []

    async def caller() -> None:
        async with budget.slot():
            start = time.monotonic()
            await asyncio.sleep(0.03)
            spans.append((start, time.monotonic()))

    await asyncio.gather(*(caller() for _ in range(50)))
    assert len(spans) == 50
    assert max_starts_in_window([s for s, _ in spans], 0.2) <= 8
    assert max_overlap(spans) <= 8


async def test_slow_requests_are_limited_by_concurrency() -> None:
    budget = RequestBudget(100, 3)
    spans: list[tuple[float, float]] = []

    async def caller() -> None:
        async with budget.slot():
            start = time.monotonic()
            await asyncio.sleep(0.02)
            spans.append((start, time.monotonic()))

    await asyncio.gather(*(caller() for _ in range(12)))
    assert max_overlap(spans) == 3


async def test_fake_clock_budget_waits_exactly_until_the_oldest_start_leaves_the_window() -> None:
    now = [0.0]
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    budget = RequestBudget(2, 10, window=1.0, margin=0.0, clock=lambda: now[0], sleep=sleep)
    for _ in range(3):
        await budget.acquire()
        budget.release()
    assert slept == [1.0]


async def test_a_cancelled_caller_gives_its_slot_back() -> None:
    budget = RequestBudget(100, 1)
    await budget.acquire()
    waiter = asyncio.create_task(budget.acquire())
    await asyncio.sleep(0.01)
    waiter.cancel()
    budget.release()
    await asyncio.wait_for(budget.acquire(), 1)
    assert budget.in_flight == 1


def test_clients_of_the_same_database_share_one_budget() -> None:
    first = AccurateClient(ApiTokenAuth("aat.a.eyJkIjo3fQ.x", "s1"), FAKE_ACCOUNT_URL)
    second = AccurateClient(ApiTokenAuth("aat.b.eyJkIjo3fQ.y", "s2"), FAKE_ACCOUNT_URL)
    other = AccurateClient(ApiTokenAuth("aat.c.eyJkIjo4fQ.z", "s3"), FAKE_ACCOUNT_URL)
    assert first.budget is second.budget is shared_budget("db:7")
    assert other.budget is not first.budget


async def test_every_http_request_goes_through_the_budget() -> None:
    fake = FakeAccurate()
    fake.on("GET /accurate/api/item/list.do", lambda r: ok([]))
    budget = RequestBudget(100, 100)
    acquired = 0
    original = budget.acquire

    async def counting() -> None:
        nonlocal acquired
        acquired += 1
        await original()

    budget.acquire = counting  # type: ignore[method-assign]
    async with AccurateClient(
        ApiTokenAuth("aat.t", "s"), FAKE_ACCOUNT_URL, budget, http_transport=httpx.MockTransport(fake)
    ) as client:
        await client.list("item")
    assert acquired == 2  # api-token.do + list.do


async def test_a_refusal_widens_the_window_and_a_calm_minute_restores_it() -> None:
    now = [0.0]

    async def sleep(seconds: float) -> None:
        now[0] += seconds

    budget = RequestBudget(8, 8, clock=lambda: now[0], sleep=sleep)
    normal = budget.window
    budget.refused()
    widened = budget.window
    budget.refused()
    assert normal < widened < budget.window <= normal + 0.5
    now[0] += 61
    async with budget.slot():
        pass
    assert budget.window == normal
    assert budget.refusals == 2


def test_the_default_margin_keeps_a_saturated_client_within_5_percent_of_8_per_second() -> None:
    budget = RequestBudget()
    assert 8 / budget.window >= 8 * 0.95
    assert budget.window > 1.0  # and covers some arrival jitter
