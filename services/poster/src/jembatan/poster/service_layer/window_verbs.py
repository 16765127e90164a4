"""The window verbs of the admin API: preview a window, post it now, re-sync a date range."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from jembatan.contracts.ledger import RefundFact, SaleFact
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from ..adapters.tables import Posting
from ..adapters.window_tables import PostingWindow
from ..domain.drafts import DocumentDraft
from ..domain.held_facts import read_fact
from ..domain.previews import totals_by_type
from ..domain.windows import WindowState
from .window_planning import held_facts, plan_window, window_drafts


@dataclass(frozen=True)
class WindowPreview:
    window: PostingWindow
    documents: list[DocumentDraft]
    states: dict[str, str]  # document key → its state in the ledger, for documents already there
    document_totals: dict[str, Decimal]
    orders: int = 0
    sales_total: Decimal = Decimal(0)
    refunds: int = 0
    refunds_total: Decimal = Decimal(0)
    refused_because: str | None = None
    fact_keys: list[str] = field(default_factory=list)


async def preview_window(session: AsyncSession, tenant_id: str, window_id: str) -> WindowPreview | None:
    """The documents and totals the window would post now; nothing is written."""
    window = await session.get(PostingWindow, (tenant_id, window_id))
    if window is None:
        return None
    plan = await window_drafts(session, window)
    drafts, refusal = plan.drafts, plan.refusal
    held = await held_facts(session, tenant_id, window_id)
    facts = [read_fact(h.schema_name, json.loads(h.payload)) for h in held]
    sales = [f for f in facts if isinstance(f, SaleFact)]
    refunds = [f for f in facts if isinstance(f, RefundFact)]
    keys = [d.key for d in drafts]
    rows = (await session.exec(select(Posting).where(col(Posting.document_key).in_(keys)))).all()
    return WindowPreview(
        window=window,
        documents=[] if refusal else drafts,
        states={r.document_key: r.state for r in rows},
        document_totals={} if refusal else totals_by_type(drafts),
        orders=len(sales),
        sales_total=sum((s.order.total_amount for s in sales), Decimal(0)),
        refunds=len(refunds),
        refunds_total=sum((r.refund.refund_amount for r in refunds), Decimal(0)),
        refused_because=refusal,
        fact_keys=[h.fact_key for h in held],
    )


async def post_window_now(session: AsyncSession, tenant_id: str, window_id: str) -> int | None:
    """Plan a window without waiting for its close; None when there is no such window."""
    window = await session.get(PostingWindow, (tenant_id, window_id))
    if window is None:
        return None
    window.due_at = None
    return await plan_window(session, tenant_id, window_id)


async def resync(session: AsyncSession, tenant_id: str, start: datetime, end: datetime) -> tuple[int, int]:
    """Re-plan every window planned for [start, end): only what is missing is added.

    Returns (windows looked at, new documents). With everything posted, no document is new.
    """
    query = select(PostingWindow.window_id).where(
        PostingWindow.tenant_id == tenant_id,
        PostingWindow.state == WindowState.PLANNED,
        col(PostingWindow.closed_at) >= start,
        col(PostingWindow.closed_at) < end,
    )
    windows = list((await session.exec(query.order_by(col(PostingWindow.closed_at)))).all())
    new = 0
    for window_id in windows:
        new += await plan_window(session, tenant_id, window_id)
    return len(windows), new


async def list_windows(
    session: AsyncSession, tenant_id: str, state: str | None, outlet_id: str | None, limit: int
) -> list[PostingWindow]:
    query = select(PostingWindow).where(PostingWindow.tenant_id == tenant_id)
    if state:
        query = query.where(PostingWindow.state == state)
    if outlet_id:
        query = query.where(PostingWindow.outlet_id == outlet_id)
    return list((await session.exec(query.order_by(col(PostingWindow.closed_at).desc()).limit(limit))).all())
