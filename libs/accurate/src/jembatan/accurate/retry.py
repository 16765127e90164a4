"""Retry policy: exponential backoff with jitter, and the rule for what may be re-sent.

What is retried:
- rate-limit replies (HTTP 429 or ``s:false`` with "request per detik") — Accurate refused before
  doing anything, so any request may be re-sent;
- connection failures before the request was sent (connect error/timeout, pool timeout);
- for requests that are safe to repeat (reads, explicitly idempotent calls): 5xx, server-side
  exceptions, read timeouts and dropped connections.

A write that is not idempotent (a create) is never re-sent once it may have reached Accurate;
the client raises ``UNKNOWN_OUTCOME`` and the caller looks the number up.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx

# Raised before a single byte of the request left this process.
NOT_SENT_ERRORS: tuple[type[httpx.TransportError], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.UnsupportedProtocol,
)


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to retry.

    ``max_attempts`` counts the first try. The delay before retry *n* (1-based) is drawn uniformly
    from ``[cap/2, cap]`` with ``cap = min(max_delay, base_delay * 2**(n-1))`` ("equal jitter"),
    and is at least the server's ``Retry-After`` when one is given.
    """

    max_attempts: int = 5
    base_delay: float = 0.25
    max_delay: float = 8.0
    sleep: Callable[[float], Awaitable[None]] = field(default=asyncio.sleep, compare=False)
    random: Callable[[], float] = field(default=random.random, compare=False)

    def delay(self, retry_number: int, retry_after: float | None = None) -> float:
        """Seconds to wait before retry number ``retry_number`` (1 = first retry)."""
        cap = min(self.max_delay, self.base_delay * (2 ** (retry_number - 1)))
        jittered = cap / 2 + self.random() * cap / 2
        if retry_after is not None:
            jittered = max(jittered, min(retry_after, self.max_delay))
        return jittered

    async def wait(self, retry_number: int, retry_after: float | None = None) -> float:
        """Sleep before a retry and return how long it slept."""
        seconds = self.delay(retry_number, retry_after)
        await self.sleep(seconds)
        return seconds


def was_sent(error: httpx.TransportError) -> bool:
    """Could this transport failure have happened after Accurate received the request?"""
    return not isinstance(error, NOT_SENT_ERRORS)


def retry_after_seconds(headers: httpx.Headers) -> float | None:
    """Parse a numeric ``Retry-After`` header (HTTP-date forms are ignored)."""
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None
