"""Per-database request budget: at most N request starts per sliding second and M in flight.

Accurate allows 8 requests per second and 8 parallel requests per token/database. Every
:class:`~jembatan.accurate.client.AccurateClient` talking to the same database in this process
shares one :class:`RequestBudget` (see :func:`shared_budget`), so the limit holds however many
callers there are.

The margin. The budget counts a request when it *starts* here; Accurate counts it when it *arrives*
there, one network trip later. If that trip takes d seconds, varying between d_min and d_max, then
any 9 requests whose starts span at least ``1 s + margin`` arrive spanning at least
``1 s + margin - (d_max - d_min)``. The strict sliding window never refuses exactly when
``margin >= d_max - d_min``: the margin must cover the jitter of the one-way trip, nothing else
(the trip itself, however long, cancels out). The cost is rate: a saturated client runs at
``8 / (1 + margin)`` per second, so a margin above 52 ms falls more than 5 % short of 8/s. The
default, 40 ms, covers the sandbox's 20 ms arrival jitter plus 20 ms of scheduling noise here and
runs at 7.69/s (-3.8 %). Should the real network jitter more, a refusal widens the margin
(doubling, up to :data:`MAX_EXTRA_MARGIN`) and a calm minute returns it to the default.
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
DEFAULT_MARGIN = 0.04
# One database's 8/s and 8 in flight are shared by every process that calls it: the poster's sender
# (one replica per tenant, by its sending lease) takes all but KEPT_FREE of each, the occasional
# callers (the mapper's mapping checks and master-data refresh, ingest's connection check) share
# KEPT_FREE. Together they never exceed Accurate's limits (docs/posting-sender.md, "One budget").
KEPT_FREE = 1
MAX_EXTRA_MARGIN = 0.5  # widest extra margin after repeated refusals
CALM_SECONDS = 60.0  # a minute without refusals returns the margin to its default


class Start:
    """When one request started, as the budget counts it; :meth:`sent` moves it to the real send."""

    __slots__ = ("_clock", "at")

    def __init__(self, at: float, clock: Callable[[], float]) -> None:
        self.at = at
        self._clock = clock

    def sent(self) -> None:
        """The request's first byte leaves now: count the request from here (never earlier than granted).

        Whatever delayed it on our side (the event loop, a new connection) is then not part of the
        jitter the margin has to cover.
        """
        self.at = max(self.at, self._clock())


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
        self.base_window = window + margin
        self.extra_margin = 0.0  # added after refusals (see refused())
        self._last_refusal = 0.0
        self._clock = clock
        self._sleep = sleep
        self._starts: deque[Start] = deque()
        self._in_flight = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._gate = asyncio.Lock()
        self._released = asyncio.Event()
        self.waited_seconds = 0.0  # total time callers spent waiting (for metrics)
        self.refusals = 0  # rate-limit refusals reported by the transport

    @property
    def window(self) -> float:
        """The current sliding window: one second, the margin, and any margin added after refusals."""
        return self.base_window + self.extra_margin

    def refused(self) -> None:
        """Accurate refused a request for rate: its clock saw us faster than ours did. Widen the margin."""
        self.refusals += 1
        self.extra_margin = min(MAX_EXTRA_MARGIN, max(0.05, self.extra_margin * 2))
        self._last_refusal = self._clock()

    @property
    def in_flight(self) -> int:
        """Requests currently holding a slot."""
        return self._in_flight

    async def acquire(self) -> Start:
        """Wait until a request may start, then count it as started and in flight."""
        self._bind_loop()
        began = self._clock()
        async with self._gate:
            while True:
                now = self._clock()
                if self.extra_margin and now - self._last_refusal >= CALM_SECONDS:
                    self.extra_margin = 0.0
                while self._starts and now - self._starts[0].at >= self.window:
                    self._starts.popleft()
                if self._in_flight >= self.concurrency:
                    self._released.clear()
                    await self._released.wait()
                elif len(self._starts) >= self.rate:
                    await self._sleep(max(0.0, self._starts[0].at + self.window - now))
                else:
                    break
            start = Start(now, self._clock)
            self._starts.append(start)
            self._in_flight += 1
        self.waited_seconds += self._clock() - began
        return start

    def release(self) -> None:
        """Mark one request as finished."""
        self._in_flight -= 1
        self._released.set()

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[Start]:
        """Hold one request slot for the duration of the block."""
        start = await self.acquire()
        try:
            yield start
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
