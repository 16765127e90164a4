"""The scheduler's metrics, beside the shared ones in `jembatan.platform.metrics`."""

from __future__ import annotations

from prometheus_client import Counter, Gauge

TRIGGERS_FIRED = Counter(
    "jembatan_scheduler_triggers_total",
    "Triggers put in the outbox by tenant, outlet (* for the tenant) and kind; catch_up=true when "
    "fired late after downtime",
    ["tenant", "outlet", "kind", "catch_up"],
)
LEADER = Gauge("jembatan_scheduler_leader", "1 on the replica holding the firing lease, else 0")
LAST_ROUND = Gauge(
    "jembatan_scheduler_last_round_timestamp_seconds", "When this replica last completed a round"
)
