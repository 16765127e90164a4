"""Prometheus metrics every service exports (DESIGN.md §7). Names are what Grafana queries.

Labels the dashboard's selectors filter by: `tenant` (and `outlet` where a metric is about one
outlet's activity). Never an order, document or other per-record id: one series per tenant and
outlet at most. A label value that is not known yet (a webhook refused before its tenant is
recognised, a fact without an outlet) is the empty string."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

WEBHOOKS_RECEIVED = Counter(
    "jembatan_webhooks_received_total",
    "iSeller webhooks by tenant, kind and outcome",
    ["tenant", "kind", "outcome"],
)
OUTBOX_PENDING = Gauge("jembatan_outbox_pending", "Outbox rows not yet relayed", ["service"])
OUTBOX_RELAYED = Counter("jembatan_outbox_relayed_total", "Outbox rows published", ["service"])
OUTBOX_DEAD_LETTERED = Counter(
    "jembatan_outbox_dead_lettered_total", "Outbox rows the broker refused for good, moved aside", ["service"]
)
OUTBOX_DEAD_LETTERS = Gauge(
    "jembatan_outbox_dead_letters", "Outbox rows waiting in outbox_dead_letter for an operator", ["service"]
)
MESSAGES_CONSUMED = Counter(
    "jembatan_messages_consumed_total", "Kafka messages handled by outcome", ["service", "topic", "outcome"]
)
CONSUMER_LAG = Gauge(
    "jembatan_consumer_lag", "Messages behind the log end", ["service", "topic", "partition"]
)
FACTS = Counter(
    "jembatan_facts_total",
    "POS events mapped or parked by the mapper",
    ["tenant", "outlet", "type", "outcome"],
)
DOCUMENTS = Counter(
    "jembatan_documents_total", "Accurate documents by type and state", ["tenant", "outlet", "type", "state"]
)
ACCURATE_CALLS = Counter(
    "jembatan_accurate_calls_total",
    "Accurate API calls by tenant, endpoint and outcome (ok, refused, unreachable, throttled)",
    ["tenant", "endpoint", "outcome"],
)
RATE_LIMIT_WAIT = Histogram(
    "jembatan_rate_limit_wait_seconds", "Time waiting for the Accurate budget", ["tenant"]
)
EVENT_TO_POSTED = Histogram(
    "jembatan_event_to_posted_seconds",
    "From the POS event to its posted Accurate document",
    ["tenant", "outlet"],
    buckets=(0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600, 6 * 3600, 24 * 3600),
)
RECONCILIATION_GAPS = Gauge(
    "jembatan_reconciliation_gaps", "Open differences found by reconciliation", ["tenant", "kind"]
)
RECONCILIATION_RUNS = Counter(
    "jembatan_reconciliation_runs_total",
    "Reconciliation runs finished, by tenant and status",
    ["tenant", "status"],
)
RECONCILIATION_LAST_RUN = Gauge(
    "jembatan_reconciliation_last_run_timestamp_seconds",
    "When the tenant's last reconciliation run completed (status done)",
    ["tenant"],
)
