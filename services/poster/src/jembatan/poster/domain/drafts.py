"""A planned Accurate document: what the poster will write, keyed for exactly-once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class DocumentDraft:
    key: str  # deterministic: the same source always gives the same key
    document_type: str  # Accurate module, e.g. "sales-invoice"
    number: str
    body: dict[str, Any]
    source_ids: list[str] = field(default_factory=list)
    depends_on: str | None = None  # key of a document that must be posted first
