"""How many statements a database's engine sent: what the batch benches and tests count to show
that a batch's statements do not grow with its messages (docs/performance.md)."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from sqlalchemy import event

from .db import Database


class StatementCounter:
    """Counts every statement `db`'s engine sends from the moment it is made (SQLAlchemy's
    `before_cursor_execute`). Statements sent straight to the driver are not seen."""

    def __init__(self, db: Database) -> None:
        self.sent = 0
        event.listen(db.engine.sync_engine, "before_cursor_execute", self._one)

    def _one(self, *_: Any) -> None:
        self.sent += 1

    async def during(self, work: Awaitable[Any]) -> int:
        """The statements sent while `work` ran."""
        before = self.sent
        await work
        return self.sent - before
