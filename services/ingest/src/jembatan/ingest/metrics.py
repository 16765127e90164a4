"""Ingest's own metrics, beside the shared ones in `jembatan.platform.metrics`."""

from __future__ import annotations

from prometheus_client import Counter, Gauge

PULLED_ORDERS = Counter(
    "jembatan_ingest_pulled_orders_total",
    "Orders read from iSeller's GetOrders by outcome (new, repeat, parked)",
    ["mode", "outcome"],
)
PULL_RUNS = Counter("jembatan_ingest_pull_runs_total", "Pull runs by mode and outcome", ["mode", "outcome"])
PULL_RUNNING = Gauge("jembatan_ingest_pull_running", "Pull runs in progress", ["mode"])
SHIFT_CLOSES_LEARNED = Counter(
    "jembatan_ingest_shift_closes_learned_total",
    "Register shift closes admitted from polling GetRegisterShifts (no webhook had brought them)",
    ["source"],
)
