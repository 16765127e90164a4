"""Everything the hosts share at run time."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..store.tenants import Tenants
from .faults import FaultPlan
from .latency import Latency
from .limits import Limiter, Limits
from .switches import Switches


@dataclass
class SandboxState:
    tenants: Tenants = field(default_factory=Tenants)
    account_url: str = "http://127.0.0.1"
    data_url: str = "http://127.0.0.1"
    # A second data host (another origin: its own port) that moved databases are served from (§1.1).
    moved_data_url: str | None = None
    default_limits: Limits = field(default_factory=Limits)
    session_ttl_seconds: int | None = None
    limiters: dict[int, Limiter] = field(default_factory=dict)
    faults: dict[int, FaultPlan] = field(default_factory=dict)
    switches: dict[int, Switches] = field(default_factory=dict)
    latency: Latency = field(default_factory=Latency)
    admin_token: str | None = None  # if set, /_sandbox requires "Authorization: Bearer <it>"
    # The data host of each moved database; the other data host answers 308 for it (§1.1).
    db_hosts: dict[int, str] = field(default_factory=dict)

    def host_of(self, db_id: int) -> str:
        return self.db_hosts.get(db_id, self.data_url)

    def data_hosts(self) -> list[str]:
        return [self.data_url] + ([self.moved_data_url] if self.moved_data_url else [])

    def move(self, db_id: int) -> str:
        """Serve ``db_id`` from the other data host; return the new host."""
        hosts = self.data_hosts()
        if len(hosts) < 2:
            raise ValueError("this sandbox runs no second data host (--moved-data-port)")
        current = self.host_of(db_id)
        self.db_hosts[db_id] = hosts[1] if current == hosts[0] else hosts[0]
        return self.db_hosts[db_id]

    def limiter(self, db_id: int) -> Limiter:
        if db_id not in self.limiters:
            d = self.default_limits
            self.limiters[db_id] = Limiter(Limits(d.per_second, d.in_flight, d.status, d.enabled))
        return self.limiters[db_id]

    def fault_plan(self, db_id: int) -> FaultPlan:
        return self.faults.setdefault(db_id, FaultPlan())

    def switches_of(self, db_id: int) -> Switches:
        if db_id not in self.switches:
            form = "http429" if self.default_limits.status == 429 else "http200"
            self.switches[db_id] = Switches(rateLimitForm=form)
        return self.switches[db_id]
