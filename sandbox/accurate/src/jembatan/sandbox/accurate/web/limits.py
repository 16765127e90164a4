"""Per-database request budget: N requests per sliding second and N in flight (§2.3)."""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field

from .. import assumptions as A


@dataclass
class Limits:
    per_second: int = A.RATE_LIMIT_PER_SECOND
    in_flight: int = A.RATE_LIMIT_IN_FLIGHT
    status: int = A.RATE_LIMIT_STATUS
    enabled: bool = True

    def as_dict(self) -> dict[str, object]:
        return {"perSecond": self.per_second, "inFlight": self.in_flight, "status": self.status,
                "enabled": self.enabled}


@dataclass
class Limiter:
    limits: Limits = field(default_factory=Limits)
    _window: deque[float] = field(default_factory=deque)
    busy: int = 0
    rejected: int = 0
    rejected_rate: int = 0  # refused by the per-second window
    rejected_in_flight: int = 0  # refused by the in-flight cap

    def enter(self, now: float | None = None) -> str | None:
        """Admit a request (returns None) or return the refusal message."""
        if not self.limits.enabled:
            self.busy += 1
            return None
        now = time.monotonic() if now is None else now
        while self._window and now - self._window[0] >= 1.0:
            self._window.popleft()
        if self.busy >= self.limits.in_flight:
            self.rejected_in_flight += 1
            return self._refuse(now, A.IN_FLIGHT_MESSAGE.format(limit=self.limits.in_flight))
        if len(self._window) >= self.limits.per_second:
            self.rejected_rate += 1
            return self._refuse(now, A.RATE_LIMIT_MESSAGE.format(limit=self.limits.per_second))
        self._window.append(now)
        self.busy += 1
        return None

    def leave(self) -> None:
        self.busy = max(0, self.busy - 1)

    def _refuse(self, now: float, message: str) -> str:
        self.rejected += 1
        if A.RATE_LIMIT_COUNTS_REJECTED:
            self._window.append(now)
        return message
