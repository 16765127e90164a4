"""Per-database request budget: at most N request starts per sliding second and M in flight.

Accurate allows 8 requests per second and 8 parallel requests per token/database. Every
:class:`~jembatan.accurate.client.AccurateClient` talking to the same database in this process
shares one :class:`RequestBudget` (see :func:`shared_budget`), so the limit holds however many
callers there are. A small safety margin widens the window so that request starts measured a few
milliseconds later (by a test hook or by the server) still respect the limit.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

DEFAULT_RATE = 8
DEFAULT_CONCURRENCY = 8
DEFAULT_WINDOW = 1.0
DEFAULT_MARGIN = 0.05


class RequestBudget:
    """Sliding-window rate limit plus concurrency cap; waiters are served first come, first served."""

    def __init__(
        self,
        rate: int = DEFAULT_RATE,
        concurrency: int = DEFAULT_CONCURRENCY,
        *,
        window: float = DEFAULT_WINDOW,
        margin: float = DEFAULT_MARGIN,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if rate < 1 or concurrency < 1:
            raise ValueError("rate and concurrency must be at least 1")
        self.rate = rate
        self.concurrency = concurrency
        self.window = window + margin
        self._clock = clock
        self._sleep = sleep
        self._starts: deque[float] = deque()
        self._in_flight = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._gate = asyncio.Lock()
        self._released = asyncio.Event()
        self.waited_seconds = 0.0  # total time callers spent waiting (for metrics)

    @property
    def in_flight(self) -> int:
        """Requests currently holding a slot."""
        return self._in_flight

    async def acquire(self) -> None:
        """Wait until a request may start, then count it as started and in flight."""
        self._bind_loop()
        began = self._clock()
        async with self._gate:
            while True:
                now = self._clock()
                while self._starts and now - self._starts[0] >= self.window:
                    self._starts.popleft()
                if self._in_flight >= self.concurrency:
                    self._released.clear()
                    await self._released.wait()
                elif len(self._starts) >= self.rate:
                    await self._sleep(self._starts[0] + self.window - now)
                else:
                    break
            self._starts.append(now)
            self._in_flight += 1
        self.waited_seconds += self._clock() - began

    def release(self) -> None:
        """Mark one request as finished."""
        self._in_flight -= 1
        self._released.set()

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold one request slot for the duration of the block."""
        await self.acquire()
        try:
            yield
        finally:
            self.release()

    def _bind_loop(self) -> None:
        # asyncio primitives belong to one loop; a budget reused under a new loop starts afresh.
        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            self._loop = loop
            self._gate = asyncio.Lock()
            self._released = asyncio.Event()
            self._in_flight = 0


_REGISTRY: dict[str, RequestBudget] = {}


def shared_budget(
    key: str, rate: int = DEFAULT_RATE, concurrency: int = DEFAULT_CONCURRENCY
) -> RequestBudget:
    """Return the process-wide budget for one database, creating it on first use."""
    budget = _REGISTRY.get(key)
    if budget is None:
        budget = _REGISTRY[key] = RequestBudget(rate, concurrency)
    return budget


def forget_budgets() -> None:
    """Drop every shared budget (for tests)."""
    _REGISTRY.clear()
