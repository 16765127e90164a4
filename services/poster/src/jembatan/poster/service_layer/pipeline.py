"""The calls of one tenant's sending task: a fixed number talking to Accurate at a time, and a
count of those that have not talked yet (so the task knows when to take more documents)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any


class Ticket:
    """One call's place in the pipe, given back once it has talked to Accurate (or given up)."""

    def __init__(self, pipe: Pipe) -> None:
        self.pipe = pipe
        self.open = True
        pipe.unsent += 1

    def close(self) -> None:
        if self.open:
            self.open = False
            self.pipe.unsent -= 1
            self.pipe.moved.set()


class Pipe:
    """The calls of one tenant's task: at most `slots` talking to Accurate; `unsent` counts those
    not yet past that point; `moved` is set whenever one gets past it."""

    def __init__(self, slots: int) -> None:
        self.gate = asyncio.Semaphore(slots)
        self.unsent = 0
        self.moved = asyncio.Event()

    def launch(self, job: Callable[[Ticket], Coroutine[Any, Any, str | None]]) -> asyncio.Task[str | None]:
        ticket = Ticket(self)

        async def run() -> str | None:
            try:
                return await job(ticket)
            finally:
                ticket.close()

        return asyncio.create_task(run())

    @contextlib.asynccontextmanager
    async def talk(self, ticket: Ticket) -> AsyncIterator[None]:
        try:
            async with self.gate:
                yield
        finally:
            ticket.close()
