"""A typed Accurate document → a `DocumentDraft` (one representation: the body comes from the model)."""

from __future__ import annotations

from collections.abc import Iterable

from jembatan.accurate.documents import AccurateDocument

from ..drafts import ActivityKind, DocumentDraft

SEARCHABLE_LENGTH = 30  # poNumber / charField1 hold a source reference; Accurate codes allow 30


def searchable(reference: str) -> str:
    return reference[:SEARCHABLE_LENGTH]


def draft(
    document: AccurateDocument,
    *,
    key: str,
    number: str,
    kind: ActivityKind,
    source_ids: Iterable[str],
    outlet_id: str | None,
    window_id: str | None = None,
    depends_on: str | None = None,
) -> DocumentDraft:
    return DocumentDraft(
        key=key,
        document_type=document.MODULE,
        number=number,
        body=document.to_accurate(),
        source_ids=list(dict.fromkeys(source_ids)),
        depends_on=depends_on,
        kind=kind,
        outlet_id=outlet_id,
        window_id=window_id,
    )
