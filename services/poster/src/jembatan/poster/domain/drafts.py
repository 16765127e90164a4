"""A planned Accurate document: what the poster will write, keyed for exactly-once."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class ActivityKind(StrEnum):
    """What a document is, in the merchant's words (the activity log's "kind" column)."""

    ORDER_SYNC = "order sync"  # a sales invoice (summary or per order)
    RECEIPT = "receipt"  # a sales receipt paying invoices
    RETURN = "return"  # a sales return and the money back
    CUSTOMER = "customer"  # a member created or updated in Accurate
    PAYOUT_DEPOSIT = "payout deposit"  # one journal per iSeller Pay payout
    TRANSFER = "transfer"  # item transfer out / in
    ADJUSTMENT = "adjustment"  # stock adjustment
    STOCK_COUNT = "stock count"


@dataclass(frozen=True)
class DocumentDraft:
    key: str  # deterministic: the same source always gives the same key
    document_type: str  # Accurate module, e.g. "sales-invoice"
    number: str
    body: dict[str, Any]
    source_ids: list[str] = field(default_factory=list)
    depends_on: str | None = None  # key of a document that must be posted first
    kind: ActivityKind = ActivityKind.ORDER_SYNC
    outlet_id: str | None = None
    window_id: str | None = None  # the posting window it belongs to (see domain/windows.py)
