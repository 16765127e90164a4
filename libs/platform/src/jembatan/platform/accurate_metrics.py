"""A tenant's Accurate calls as metrics: `jembatan_accurate_calls_total{tenant, endpoint, outcome}` and
`jembatan_rate_limit_wait_seconds{tenant}`. Give one to each tenant's AccurateClient (`observer=`)."""

from __future__ import annotations

from .metrics import ACCURATE_CALLS, RATE_LIMIT_WAIT


class TenantCallMeter:
    """Counts one tenant's Accurate attempts and budget waits (an AccurateClient `CallObserver`)."""

    def __init__(self, tenant_id: str) -> None:
        self.tenant_id = tenant_id
        self._wait = RATE_LIMIT_WAIT.labels(tenant_id)

    def attempted(self, endpoint: str, outcome: str) -> None:
        ACCURATE_CALLS.labels(self.tenant_id, endpoint, outcome).inc()

    def waited(self, seconds: float) -> None:
        self._wait.observe(seconds)
