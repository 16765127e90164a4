"""Long-running loops (relays, consumers, schedulers) that live as long as the HTTP app.

A loop is meant to run until the app stops. One that ends before — it raised, returned, or was
cancelled by something else — is logged at ERROR with its name, and `check` (the "loops" readiness
check of every service) names it from then on: a service whose consumer or sender is gone says so
on `/readyz` instead of answering 200 while nothing moves.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger(__name__)


class BackgroundLoops:
    def __init__(self) -> None:
        self._tasks: list[asyncio.Task[Any]] = []
        self._stopping = False
        self.ended: dict[str, str] = {}  # loop name → why it ended before the app stopped

    def start(self, name: str, loop: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.create_task(loop, name=name)
        task.add_done_callback(self._report)
        self._tasks.append(task)

    def _report(self, task: asyncio.Task[Any]) -> None:
        if self._stopping:
            return
        name = task.get_name()
        if task.cancelled():
            self.ended[name] = "cancelled"
            log.error("background loop died", extra={"loop": name, "reason": "cancelled"})
        elif (error := task.exception()) is not None:
            self.ended[name] = f"{type(error).__name__}: {error}"[:200]
            log.error("background loop died", extra={"loop": name}, exc_info=error)
        else:
            self.ended[name] = "returned"
            log.error("background loop died", extra={"loop": name, "reason": "returned"})

    async def check(self) -> str | None:
        """Readiness: None while every loop runs; otherwise which ended, and why."""
        if not self.ended:
            return None
        return "; ".join(f"{name} ended ({why})" for name, why in sorted(self.ended.items()))

    async def stop(self) -> None:
        self._stopping = True
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks.clear()
