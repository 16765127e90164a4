"""Turning a ledger fact into planned documents in the posting ledger (idempotent by key)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from jembatan.accurate import jsonbody
from jembatan.contracts import Envelope
from jembatan.contracts.ledger import SaleFact
from jembatan.platform.consumer import PermanentFailure
from sqlmodel.ext.asyncio.session import AsyncSession

from ..adapters.tables import Posting
from ..domain.drafts import DocumentDraft
from ..domain.posting import State
from ..domain.sale_documents import UnmappedAccount, invoice_key, sale_documents

log = logging.getLogger(__name__)


async def plan_fact(session: AsyncSession, envelope: Envelope) -> int:
    """Record the documents a fact needs; returns how many new ones were planned."""
    if envelope.schema_ != "ledger.sale/1":
        raise PermanentFailure(f"{envelope.schema_} is not posted by this version of the poster")
    fact = SaleFact.model_validate(envelope.payload)
    try:
        drafts = sale_documents(envelope.tenant_id, fact)
    except UnmappedAccount as exc:
        key = invoice_key(envelope.tenant_id, fact.order.order_id)
        drafts = [
            DocumentDraft(
                key=key, document_type="sales-invoice", number="-", body={}, source_ids=[fact.order.order_id]
            )
        ]
        return await _store(session, drafts, fact.order.closed_at, failed_because=str(exc))
    return await _store(session, drafts, fact.order.closed_at)


async def _store(
    session: AsyncSession,
    drafts: list[DocumentDraft],
    occurred_at: datetime,
    failed_because: str | None = None,
) -> int:
    now, planned = datetime.now(UTC), 0
    for draft in drafts:
        if await session.get(Posting, draft.key) is not None:
            continue  # planned before: a replay or a re-sync changes nothing
        session.add(
            Posting(
                document_key=draft.key,
                tenant_id=draft.key.split(":", 1)[0],
                document_type=draft.document_type,
                number=draft.number if failed_because is None else f"unplanned:{draft.key}"[:50],
                body=jsonbody.dumps(draft.body),
                state=State.FAILED if failed_because else State.PLANNED,
                depends_on=draft.depends_on,
                source_ids=draft.source_ids,
                message=failed_because,
                occurred_at=occurred_at,
                created_at=now,
                updated_at=now,
            )
        )
        planned += 1
    return planned
