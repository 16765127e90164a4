"""Outlets and products ingest pulled reach the mapper: each kept page is also published as
`tenant.master_data_pulled/1` on `tenant.master-data.v1` (through the outbox, in the same
transaction that keeps the page)."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any, Literal

from jembatan.contracts import Envelope
from jembatan.contracts.envelope import stable_id
from jembatan.contracts.tenant import MasterDataPulled
from jembatan.contracts.topics import TENANT_MASTER_DATA
from jembatan.platform.db import Database
from jembatan.platform.outbox import add_to_outbox

from ..adapters import pulled

SCHEMA = "tenant.master_data_pulled/1"
Kind = Literal["outlet", "product"]


async def keep_and_publish(db: Database, tenant_id: str, kind: Kind, items: list[tuple[str, bytes]]) -> int:
    """Keep the page's records (latest copy per id) and publish them; returns how many were given."""
    if not items:
        return 0
    now = datetime.now(UTC)
    records: list[dict[str, Any]] = [json.loads(body) for _, body in items]
    digest = hashlib.sha256(b"".join(body for _, body in items)).hexdigest()[:32]
    message_id = stable_id(tenant_id, f"master-data:{kind}:{digest}", SCHEMA)
    payload = MasterDataPulled(kind=kind, items=records, pulled_at=now).model_dump(mode="json")
    envelope = Envelope(id=message_id, type="tenant.master_data_pulled", tenant_id=tenant_id, occurred_at=now,
                        correlation_id=message_id, schema_=SCHEMA, payload=payload)  # fmt: skip
    async with db.session() as session:
        count = await pulled.keep_latest_in(session, tenant_id, kind, items, now)
        add_to_outbox(session, TENANT_MASTER_DATA, envelope)
    return count
