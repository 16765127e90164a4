"""The platform's outbox relay, plus a `nudge` that respects its backoff while the broker is down.

Every stored delivery nudges the relay so events leave at once; while the broker is unreachable
a nudge must not turn each webhook into another failing publish attempt.
"""

from __future__ import annotations

from jembatan.platform.outbox import OutboxRelay


class IngestRelay(OutboxRelay):
    healthy: bool = True

    async def relay_once(self) -> int:
        try:
            sent = await super().relay_once()
        except Exception:
            self.healthy = False
            raise
        self.healthy = True
        return sent

    def nudge(self) -> None:
        """Wake the relay now, unless it is backing off from a broker failure."""
        if self.healthy:
            self.wake.set()
