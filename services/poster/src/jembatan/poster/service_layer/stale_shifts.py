"""Shifts whose close never comes (a mode switched away, a close iSeller never reported): a day
after their newest fact the hourly trigger posts what waits for them, and says so.

"A day after" counts both clocks: the fact's own time and when the poster received it. Orders of
a shift four days ago that arrive now (a backfill, a store back online, a pull) wait a day for
their close like any other; judged by their time alone, the next hourly trigger would post them
within seconds, each on its own or without the close's check, and record a close that "never
came" although it was minutes away."""

from __future__ import annotations

from datetime import datetime, timedelta

from jembatan.contracts.ledger import SyncMode
from sqlalchemy import exists
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from ..adapters.window_tables import HeldFact, PostingWindow
from ..domain.windows import Placement, WindowState
from .window_planning import plan_window
from .window_store import SALES_PREFIXES, open_window

STALE = timedelta(hours=24)
NO_CLOSE = "no shift close arrived within a day of the last order: posted what was held"


async def close_stale_shifts(session: AsyncSession, tenant_id: str, now: datetime) -> int:
    """Plan open shift windows and windowless sales older than `STALE`; returns new documents."""
    planned = 0
    windows = select(PostingWindow).where(
        PostingWindow.tenant_id == tenant_id,
        PostingWindow.state == WindowState.OPEN,
        PostingWindow.mode == SyncMode.SHIFT_CLOSE,
        col(PostingWindow.close_known).is_(False),
        col(PostingWindow.closed_at) <= now - STALE,
        ~exists().where(  # no fact of it arrived (or changed) within the day
            col(HeldFact.tenant_id) == col(PostingWindow.tenant_id),
            col(HeldFact.window_id) == col(PostingWindow.window_id),
            col(HeldFact.updated_at) > now - STALE,
        ),
    )
    for window in (await session.exec(windows.with_for_update(skip_locked=True))).all():
        window.discrepancy = NO_CLOSE
        session.add(window)
        planned += await plan_window(session, tenant_id, window.window_id)
    waiting = select(HeldFact).where(
        HeldFact.tenant_id == tenant_id,
        col(HeldFact.window_id).is_(None),
        col(HeldFact.occurred_at) <= now - STALE,
        col(HeldFact.updated_at) <= now - STALE,
        col(HeldFact.fact_key).startswith(SALES_PREFIXES[0])
        | col(HeldFact.fact_key).startswith(SALES_PREFIXES[1]),
    )
    for fact in (await session.exec(waiting.with_for_update(skip_locked=True))).all():
        alone = Placement(
            fact.fact_key, SyncMode.REAL_TIME, fact.occurred_at, fact.occurred_at, closes_at_once=True
        )
        window = await open_window(session, tenant_id, fact.outlet_id, alone, now)
        window.discrepancy = NO_CLOSE
        fact.window_id, fact.late = window.window_id, True
        session.add_all([window, fact])
        await session.flush()
        planned += await plan_window(session, tenant_id, window.window_id)
    return planned
