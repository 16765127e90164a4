"""Triggers from `sync.triggers.v1`: scheduled hours close their spans; the hourly trigger moves
overdue shift windows on, posts shifts whose close never came, and closes scheduled spans whose
trigger never came."""

from __future__ import annotations

from datetime import datetime, timedelta

from jembatan.contracts.ledger import SyncMode
from jembatan.contracts.sync import SyncTriggered, TriggerKind
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from ..adapters.window_tables import PostingWindow
from ..domain.windows import WindowState
from .shift_closing import Grace, settle_due_shifts
from .stale_shifts import close_stale_shifts
from .window_planning import plan_window

OVERDUE = timedelta(hours=1)  # a scheduled span this long past its end closes without its trigger


async def on_trigger(session: AsyncSession, tenant_id: str, trigger: SyncTriggered, grace: Grace) -> int:
    """Close what the trigger makes due; returns how many new documents were planned."""
    if trigger.kind == TriggerKind.SCHEDULED_HOUR:
        return await close_spans(session, tenant_id, trigger.fire_at, trigger.outlet_id)
    if trigger.kind == TriggerKind.HOURLY:
        planned = await settle_due_shifts(session, grace, trigger.fire_at, tenant_id)
        planned += await close_stale_shifts(session, tenant_id, trigger.fire_at)
        return planned + await close_spans(session, tenant_id, trigger.fire_at - OVERDUE, trigger.outlet_id)
    return 0  # RECONCILE is ingest's (the poster itself emits some)


async def close_spans(session: AsyncSession, tenant_id: str, until: datetime, outlet_id: str | None) -> int:
    """Plan every open scheduled-hours window (sales and stock) that ended by `until`."""
    query = select(PostingWindow).where(
        PostingWindow.tenant_id == tenant_id,
        PostingWindow.mode == SyncMode.SCHEDULED,
        PostingWindow.state == WindowState.OPEN,
        col(PostingWindow.closed_at) <= until,
    )
    if outlet_id is not None:
        query = query.where(PostingWindow.outlet_id == outlet_id)
    planned = 0
    for window in (await session.exec(query.order_by(col(PostingWindow.closed_at)))).all():
        planned += await plan_window(session, tenant_id, window.window_id)
    return planned
