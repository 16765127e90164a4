"""Prometheus metrics every service exports (DESIGN.md §7). Names are what Grafana queries."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

WEBHOOKS_RECEIVED = Counter(
    "jembatan_webhooks_received_total", "iSeller webhooks by kind and outcome", ["kind", "outcome"]
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
FACTS = Counter("jembatan_facts_total", "POS events mapped or parked by the mapper", ["type", "outcome"])
DOCUMENTS = Counter("jembatan_documents_total", "Accurate documents by type and state", ["type", "state"])
ACCURATE_CALLS = Counter(
    "jembatan_accurate_calls_total", "Accurate API calls by endpoint and outcome", ["endpoint", "outcome"]
)
RATE_LIMIT_WAIT = Histogram("jembatan_rate_limit_wait_seconds", "Time waiting for the Accurate budget")
EVENT_TO_POSTED = Histogram(
    "jembatan_event_to_posted_seconds",
    "From the POS event to its posted Accurate document",
    buckets=(0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600, 6 * 3600, 24 * 3600),
)
RECONCILIATION_GAPS = Gauge(
    "jembatan_reconciliation_gaps", "Open differences found by reconciliation", ["tenant", "kind"]
)
