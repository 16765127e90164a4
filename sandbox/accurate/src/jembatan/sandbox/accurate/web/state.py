"""Everything the two hosts share at run time."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..store.tenants import Tenants
from .faults import FaultPlan
from .limits import Limiter, Limits


@dataclass
class SandboxState:
    tenants: Tenants = field(default_factory=Tenants)
    account_url: str = "http://127.0.0.1"
    data_url: str = "http://127.0.0.1"
    default_limits: Limits = field(default_factory=Limits)
    session_ttl_seconds: int | None = None
    limiters: dict[int, Limiter] = field(default_factory=dict)
    faults: dict[int, FaultPlan] = field(default_factory=dict)
    admin_token: str | None = None  # if set, /_sandbox requires "Authorization: Bearer <it>"
    # A database "moved" to another data host is served under a path prefix such as "/moved1";
    # its old address answers 308 (§1.1).
    host_prefix: dict[int, str] = field(default_factory=dict)

    def host_of(self, db_id: int) -> str:
        return self.data_url + self.host_prefix.get(db_id, "")

    def limiter(self, db_id: int) -> Limiter:
        if db_id not in self.limiters:
            d = self.default_limits
            self.limiters[db_id] = Limiter(Limits(d.per_second, d.in_flight, d.status, d.enabled))
        return self.limiters[db_id]

    def fault_plan(self, db_id: int) -> FaultPlan:
        return self.faults.setdefault(db_id, FaultPlan())
