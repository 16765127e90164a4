"""Messages of `sync.triggers.v1` and `sync.results.v1`, first versions."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class TriggerKind(StrEnum):
    HOURLY = "hourly"  # housekeeping: retry what can be retried, close overdue windows
    SCHEDULED_HOUR = "scheduled_hour"  # an hour the merchant picked for posting
    RECONCILE = "reconcile"  # ask ingest to pull the last window (or the given span) from iSeller
    TRANSFER_SYNC = "transfer_sync"  # an hour the merchant picked for posting stock transfers
    STOCK_COUNT_SYNC = "stock_count_sync"  # an hour the merchant picked for posting stock counts
    DAILY_RECONCILIATION = "daily_reconciliation"  # compare iSeller's day with Accurate's books


class SyncTriggered(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    trigger_id: str
    kind: TriggerKind
    outlet_id: str | None = None
    fire_at: datetime  # the tick this trigger stands for (a catch-up fires late for an old tick)
    catch_up: bool = False  # fired after downtime, later than its tick
    # A reconcile for one span (a shift's open…close): ingest pulls the outlet's orders of that span
    # rather than the last window before `fire_at`. Both or neither.
    span_start: datetime | None = None
    span_end: datetime | None = None


class DocumentState(StrEnum):
    PLANNED = "planned"
    SENDING = "sending"
    POSTED = "posted"
    FAILED = "failed"
    UNKNOWN = "unknown"


class DocumentPosted(BaseModel):
    """What happened to one Accurate document (emitted on every terminal state change)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    document_key: str
    document_type: str  # sales-invoice, sales-receipt, …
    number: str
    state: DocumentState
    accurate_id: int | None = None
    message: str | None = None
    source_ids: list[str] = []


SYNC_SCHEMAS: dict[str, type[BaseModel]] = {
    "sync.triggered/1": SyncTriggered,
    "sync.document_posted/1": DocumentPosted,
}
