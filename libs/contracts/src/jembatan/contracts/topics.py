"""Topic names. Versioned; the partition key is always the tenant id (DESIGN.md §2)."""

from typing import Final

POS_EVENTS: Final = "pos.events.v1"
LEDGER_FACTS: Final = "ledger.facts.v1"
SYNC_TRIGGERS: Final = "sync.triggers.v1"
SYNC_RESULTS: Final = "sync.results.v1"
TENANT_CONFIG: Final = "tenant.config.v1"  # compacted, keyed by tenant id (docs/tenants.md)
TENANT_MASTER_DATA: Final = "tenant.master-data.v1"  # outlets and products ingest pulled from iSeller

ALL: Final = (POS_EVENTS, LEDGER_FACTS, SYNC_TRIGGERS, SYNC_RESULTS, TENANT_CONFIG, TENANT_MASTER_DATA)
COMPACTED: Final = (TENANT_CONFIG,)  # only the latest message per key matters

# Which service consumes which topic; each consumer gets its own dead-letter topic.
CONSUMERS: Final = {
    "ingest": (SYNC_TRIGGERS,),
    "mapper": (POS_EVENTS,),
    "poster": (LEDGER_FACTS, SYNC_TRIGGERS),
    "mapper.tenant-config": (TENANT_CONFIG, TENANT_MASTER_DATA),
    "poster.tenant-config": (TENANT_CONFIG,),
}


def dead_letter(topic: str, consumer: str) -> str:
    """`<topic>.dlq.<consumer>`: where a consumer parks a message it can never process."""
    return f"{topic}.dlq.{consumer}"


def all_topics() -> list[str]:
    """Every topic the system needs, dead-letter topics included."""
    dlqs = [dead_letter(t, c) for c, topics in CONSUMERS.items() for t in topics]
    return [*ALL, *dlqs]
