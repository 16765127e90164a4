"""Plumbing every Jembatan service shares: settings, logs, database, Kafka, outbox, consumers, HTTP."""
