"""Planning a closed window: its held facts → documents in the posting ledger.

Planning is also re-planning (the engine's `Replanner`): documents already sent (sending, posted,
unknown) are never touched; planned and failed ones are rebuilt from the facts held now; missing
ones are added; ones the facts no longer need, never sent, are removed. So planning a window twice
creates nothing new, and a re-delivered fact corrects every document not yet posted.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from jembatan.accurate import jsonbody
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from ..adapters.tables import Posting
from ..adapters.window_tables import HeldFact, PostingWindow, WindowDocument
from ..domain.drafts import DocumentDraft
from ..domain.held_facts import read_fact
from ..domain.posting import State
from ..domain.window_documents import REFUSALS, WindowFacts, window_documents
from ..domain.windows import WindowState

UNTOUCHABLE = (State.SENDING, State.POSTED, State.UNKNOWN)


async def held_facts(session: AsyncSession, tenant_id: str, window_id: str) -> list[HeldFact]:
    query = select(HeldFact).where(HeldFact.tenant_id == tenant_id, HeldFact.window_id == window_id)
    return list((await session.exec(query.order_by(col(HeldFact.occurred_at)))).all())


async def window_drafts(
    session: AsyncSession, window: PostingWindow
) -> tuple[list[DocumentDraft], str | None]:
    """The documents the window's held facts make now, or a placeholder and the refusal's reason."""
    held = await held_facts(session, window.tenant_id, window.window_id)
    facts = [read_fact(h.schema_name, json.loads(h.payload)) for h in held]
    try:
        return window_documents(
            WindowFacts(
                tenant_id=window.tenant_id,
                window_id=window.window_id,
                opened_at=window.opened_at,
                closed_at=window.closed_at,
                facts=facts,
                late=any(h.late for h in held),
            )
        ), None
    except REFUSALS as exc:
        return [_placeholder(window, [h.fact_key for h in held])], str(exc)


async def plan_window(session: AsyncSession, tenant_id: str, window_id: str) -> int:
    """Plan (or re-plan) a window's documents; returns how many new documents entered the ledger."""
    window = await session.get(PostingWindow, (tenant_id, window_id), with_for_update=True)
    if window is None:
        return 0
    now = datetime.now(UTC)
    drafts, refusal = await window_drafts(session, window)
    linked = (await session.exec(select(WindowDocument).where(WindowDocument.window_id == window_id))).all()
    known = {link.document_key for link in linked if link.tenant_id == tenant_id}
    new = 0
    for draft in drafts:
        new += await _put(session, draft, window, refusal, now)
        if draft.key not in known:
            session.add(WindowDocument(document_key=draft.key, tenant_id=tenant_id, window_id=window_id))
    if refusal is None:  # facts that no longer need a document: drop the ones never sent
        for key in known - {d.key for d in drafts}:
            await _drop_unsent(session, key)
    window.state = WindowState.PLANNED
    window.planned_at = window.planned_at or now
    window.updated_at = now
    session.add(window)
    return new


class WindowReplanner:
    """The engine's `Replanner`: rebuild every not-yet-posted document of a window from its facts."""

    async def replan(self, session: AsyncSession, tenant_id: str, window_id: str) -> int:
        return await plan_window(session, tenant_id, window_id)


async def _put(
    session: AsyncSession, draft: DocumentDraft, window: PostingWindow, refusal: str | None, now: datetime
) -> int:
    doc = await session.get(Posting, draft.key, with_for_update=True)
    depends_on = draft.depends_on or await _customer_first(session, window.tenant_id, draft)
    if doc is None:
        session.add(
            Posting(
                document_key=draft.key,
                tenant_id=window.tenant_id,
                document_type=draft.document_type,
                number=draft.number,
                body=jsonbody.dumps(draft.body),
                state=State.FAILED if refusal else State.PLANNED,
                depends_on=depends_on,
                source_ids=draft.source_ids,
                message=refusal,
                occurred_at=window.closed_at,
                created_at=now,
                updated_at=now,
            )
        )
        return 1
    if doc.state in UNTOUCHABLE or (refusal is not None and doc.state == State.PLANNED):
        return 0
    doc.number, doc.body, doc.depends_on = draft.number, jsonbody.dumps(draft.body), depends_on
    doc.document_type, doc.source_ids = draft.document_type, draft.source_ids
    doc.state = State.FAILED if refusal else State.PLANNED  # failed → planned: rebuilt after a fix
    doc.message, doc.updated_at = refusal, now
    session.add(doc)
    return 0


async def _customer_first(session: AsyncSession, tenant_id: str, draft: DocumentDraft) -> str | None:
    """A document for a member waits for that member's customer document, when one is not posted."""
    customer_no = draft.body.get("customerNo")
    if not customer_no or draft.document_type == "customer":
        return None
    query = select(Posting.document_key).where(
        Posting.tenant_id == tenant_id,
        Posting.document_type == "customer",
        Posting.number == customer_no,
        col(Posting.state) != State.POSTED,
    )
    return (await session.exec(query)).first()


async def _drop_unsent(session: AsyncSession, key: str) -> None:
    doc = await session.get(Posting, key, with_for_update=True)
    if doc is not None and doc.state in (State.PLANNED, State.FAILED):
        await session.delete(doc)
        link = await session.get(WindowDocument, key)
        if link is not None:
            await session.delete(link)


def _placeholder(window: PostingWindow, fact_keys: list[str]) -> DocumentDraft:
    """A visible failed row standing for a window that cannot become documents yet."""
    key = f"{window.tenant_id}:window:{window.window_id}"
    number = "unplanned-" + hashlib.sha256(key.encode()).hexdigest()[:16]
    return DocumentDraft(
        key=key,
        document_type="window",
        number=number,
        body={},
        source_ids=fact_keys,
        window_id=window.window_id,
    )
