"""The running day every action works in: seeded randomness, the store, its books and the outbox
of webhook deliveries. Actions are scheduled on a clock and run in time order."""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .books import Tallies
from .catalogue import Catalogue
from .config import StoreConfig
from .store import Member, Outlet, Shift, new_id


@dataclass(frozen=True)
class Delivery:
    """One webhook the store sends: its kind (URL path segment) and its body."""

    seq: int
    at: datetime
    kind: str
    payload: dict[str, Any]


@dataclass
class Day:
    rng: random.Random
    config: StoreConfig
    catalogue: Catalogue
    outlets: list[Outlet]
    shifts: list[Shift]
    members: list[Member]
    books: Tallies
    deliveries: list[Delivery] = field(default_factory=list)
    _agenda: list[tuple[datetime, int, Callable[[Day], None]]] = field(default_factory=list)
    _seq: int = 0

    def new_id(self) -> str:
        return new_id(self.rng)

    def _next(self) -> int:
        self._seq += 1
        return self._seq

    def emit(self, at: datetime, kind: str, payload: dict[str, Any]) -> None:
        self.deliveries.append(Delivery(self._next(), at, kind, payload))

    def schedule(self, at: datetime, action: Callable[[Day], None]) -> None:
        heapq.heappush(self._agenda, (at, self._next(), action))

    def run(self) -> None:
        """Run every scheduled action in time order (actions may schedule more)."""
        while self._agenda:
            _, _, action = heapq.heappop(self._agenda)
            action(self)
        self.deliveries.sort(key=lambda d: (d.at, d.seq))

    def shift_at(self, register_id: str, moment: datetime) -> Shift | None:
        return next((s for s in self.shifts if s.register_id == register_id and s.covers(moment)), None)

    def last_close(self, register_id: str) -> datetime:
        return max(s.closed_date for s in self.shifts if s.register_id == register_id)
