"""What the HTTP routes and the trigger consumer need, wired once by `bootstrap.py`."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from jembatan.platform.crypto import SecretBox
from jembatan.platform.db import Database
from jembatan.platform.outbox import OutboxRelay

from ..adapters.group_commit import DeliveryWriter
from ..adapters.tenants import WebhookKeys
from ..config import IngestSettings
from ..service_layer.pulling import Puller


@dataclass
class Runtime:
    settings: IngestSettings
    db: Database
    secrets: SecretBox
    relay: OutboxRelay
    puller: Puller
    keys: WebhookKeys
    writer: DeliveryWriter
    pulls: set[asyncio.Task[Any]] = field(default_factory=set)

    def start_pull(self, pull: Coroutine[Any, Any, None]) -> None:
        """Run a pull in the background (its progress lives on its pull run row)."""
        task = asyncio.create_task(pull)
        self.pulls.add(task)
        task.add_done_callback(self._forget)

    def _forget(self, task: asyncio.Task[Any]) -> None:
        self.pulls.discard(task)
        if not task.cancelled():
            task.exception()  # retrieved: the failure is already on the run row

    async def stop_pulls(self) -> None:
        for task in list(self.pulls):
            task.cancel()
        for task in list(self.pulls):
            with contextlib.suppress(BaseException):
                await task


def runtime_of(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime
