"""A loop that moves shift windows on when their grace runs out (the hourly trigger does too)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime

from jembatan.platform.db import Database

from .shift_closing import Grace, settle_due_shifts

log = logging.getLogger(__name__)


class WindowSweeper:
    def __init__(
        self, db: Database, grace: Grace, wake_sender: Callable[[], None], *, interval: float = 30.0
    ):
        self.db = db
        self.grace = grace
        self.wake_sender = wake_sender
        self.interval = interval

    async def sweep(self) -> int:
        async with self.db.session() as session:
            return await settle_due_shifts(session, self.grace, datetime.now(UTC))

    async def run(self) -> None:
        while True:
            try:
                if await self.sweep():
                    self.wake_sender()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("window sweep failed")
            await asyncio.sleep(self.interval)
