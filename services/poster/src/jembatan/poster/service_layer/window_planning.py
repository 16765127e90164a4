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
from typing import Any

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


async def plan_window(
    session: AsyncSession, tenant_id: str, window_id: str, *, revive_failed: bool = False
) -> int:
    """Plan (or re-plan) a window's documents; returns how many new documents entered the ledger.

    Failed documents get their rebuilt bodies but stay failed (a retry sends them) unless
    `revive_failed`: a re-delivered fact is the fix arriving, so they are planned again at once.
    """
    window = await session.get(PostingWindow, (tenant_id, window_id), with_for_update=True)
    if window is None:
        return 0
    now = datetime.now(UTC)
    drafts, refusal = await window_drafts(session, window)
    fact_keys = [h.fact_key for h in await held_facts(session, tenant_id, window_id)]
    linked = (await session.exec(select(WindowDocument).where(WindowDocument.window_id == window_id))).all()
    known = {link.document_key for link in linked if link.tenant_id == tenant_id}
    new = 0
    for draft in drafts:
        activity = _ledger_fields(draft, window, fact_keys)
        new += await _put(session, draft, window, refusal, now, activity, revive_failed)
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


async def window_of_document(session: AsyncSession, document_key: str) -> str | None:
    """The window a document was planned for (the engine's retry re-plans that window)."""
    link = await session.get(WindowDocument, document_key)
    return link.window_id if link else None


class WindowReplanner:
    """The engine's `Replanner`: rebuild every not-yet-posted document of a window from its facts."""

    async def replan(self, session: AsyncSession, tenant_id: str, window_id: str) -> None:
        await plan_window(session, tenant_id, window_id)


def _ledger_fields(draft: DocumentDraft, window: PostingWindow, fact_keys: list[str]) -> dict[str, Any]:
    """The activity columns of the posting ledger (kind, outlet, window, facts) where it has them."""
    wanted = {
        "kind": str(draft.kind),
        "outlet_id": draft.outlet_id or window.outlet_id,
        "window_id": window.window_id,
        "fact_ids": fact_keys,
    }
    return {name: value for name, value in wanted.items() if name in Posting.model_fields}


async def _put(
    session: AsyncSession,
    draft: DocumentDraft,
    window: PostingWindow,
    refusal: str | None,
    now: datetime,
    activity: dict[str, Any],
    revive_failed: bool,
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
                **activity,
            )
        )
        return 1
    if doc.state in UNTOUCHABLE or (refusal is not None and doc.state == State.PLANNED):
        return 0
    doc.number, doc.body, doc.depends_on = draft.number, jsonbody.dumps(draft.body), depends_on
    doc.document_type, doc.source_ids = draft.document_type, draft.source_ids
    if refusal is not None:
        doc.state, doc.message = State.FAILED, refusal
    elif doc.state == State.FAILED and revive_failed:
        doc.state, doc.message = State.PLANNED, None  # failed → planned: rebuilt after a fix
    doc.updated_at = now
    for name, value in activity.items():
        setattr(doc, name, value)
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
