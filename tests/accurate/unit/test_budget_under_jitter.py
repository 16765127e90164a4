"""The budget's margin against arrival jitter: a server counting arrivals in a strict sliding second
never sees more than 8 when the margin covers the one-way delay's spread, whatever the delays are."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
from jembatan.accurate import RequestBudget

RATE = 8


def most_arrivals_in_a_strict_second(arrivals: list[float]) -> int:
    """What Accurate's limiter sees: the most arrivals within any span shorter than 1.0 s."""
    ordered = sorted(arrivals)
    most, left = 0, 0
    for right, at in enumerate(ordered):
        while at - ordered[left] >= 1.0:
            left += 1
        most = max(most, right - left + 1)
    return most


async def saturated_starts(margin: float, requests: int, service: Callable[[int], float]) -> list[float]:
    """Start times of `requests` calls made as fast as the budget allows, on a simulated clock."""
    now = [0.0]

    async def sleep(seconds: float) -> None:
        now[0] += seconds + 1e-9  # a real sleep never wakes early; a float sum might land a hair short

    budget = RequestBudget(RATE, RATE, margin=margin, clock=lambda: now[0], sleep=sleep)
    starts = []
    for n in range(requests):
        start = await budget.acquire()
        now[0] += service(n)  # our own scheduling between the grant and the first byte
        start.sent()
        starts.append(start.at)
        budget.release()
    return starts


def adversarial(starts: list[float], spread: float) -> list[float]:
    """Delays that bunch arrivals most: every ninth call late by the whole spread, the rest on time."""
    return [at + (spread if n % (RATE + 1) == 0 else 0.0) for n, at in enumerate(starts)]


@pytest.mark.parametrize("spread_ms", [0, 10, 20, 39, 40])
async def test_no_ninth_arrival_in_any_second_when_the_margin_covers_the_delay_spread(spread_ms: int) -> None:
    starts = await saturated_starts(0.04, 400, service=lambda n: 0.001 * (n % 3))
    rng = random.Random(spread_ms)
    spread = spread_ms / 1000
    random_delays = [at + 0.25 + rng.uniform(0, spread) for at in starts]  # a long trip cancels out
    assert most_arrivals_in_a_strict_second(adversarial(starts, spread)) <= RATE
    assert most_arrivals_in_a_strict_second(random_delays) <= RATE


async def test_a_delay_spread_wider_than_the_margin_lets_the_server_see_nine() -> None:
    starts = await saturated_starts(0.04, 100, service=lambda n: 0.0)
    assert most_arrivals_in_a_strict_second(adversarial(starts, 0.05)) == RATE + 1


async def test_pacing_at_exactly_eight_per_second_is_refused_by_any_jitter_at_all() -> None:
    starts = await saturated_starts(0.0, 100, service=lambda n: 0.0)
    assert most_arrivals_in_a_strict_second(adversarial(starts, 0.001)) == RATE + 1


async def test_a_saturated_budget_with_the_default_margin_runs_within_five_percent_of_eight_per_second() -> (
    None
):
    starts = await saturated_starts(0.04, 801, service=lambda n: 0.0)
    rate = (len(starts) - 1) / (starts[-1] - starts[0])
    assert 7.6 <= rate <= 8.0
