"""Reading and opening windows (the poster's window tables, inside the caller's transaction)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from ..adapters.window_tables import HeldFact, PostingWindow
from ..domain.windows import Placement, WindowState
from .intake_rows import created, intake_rows, locked

SALES_PREFIXES = ("order:", "refund:")


async def open_window(
    session: AsyncSession, tenant_id: str, outlet_id: str | None, placement: Placement, now: datetime
) -> PostingWindow:
    """The window of a placement, created open when it is new; a shift window widens to its facts."""
    window = await locked(session, PostingWindow, (tenant_id, placement.window_id))
    if window is None:
        window = PostingWindow(
            tenant_id=tenant_id,
            window_id=placement.window_id,
            outlet_id=outlet_id,
            mode=placement.mode,
            register_id=placement.register_id,
            opened_at=placement.opened_at,
            closed_at=placement.closed_at,
            state=WindowState.OPEN,
            created_at=now,
            updated_at=now,
        )
        session.add(window)  # inserted at the next flush, planned or not by then
        created(session, PostingWindow, (tenant_id, placement.window_id), window)
    elif placement.window_id.startswith("shift:") and not window.close_known:
        window.opened_at = min(window.opened_at, placement.opened_at)
        window.closed_at = max(window.closed_at, placement.closed_at)
        session.add(window)
    return window


async def planned_ids(session: AsyncSession, tenant_id: str, outlet_id: str, since: datetime) -> set[str]:
    query = select(PostingWindow.window_id).where(
        PostingWindow.tenant_id == tenant_id,
        PostingWindow.outlet_id == outlet_id,
        PostingWindow.state == WindowState.PLANNED,
        col(PostingWindow.opened_at) >= since,
    )
    return set((await session.exec(query)).all())


async def open_windows_of(session: AsyncSession, tenant_id: str, outlet_id: str) -> list[PostingWindow]:
    query = select(PostingWindow).where(
        PostingWindow.tenant_id == tenant_id,
        PostingWindow.outlet_id == outlet_id,
        PostingWindow.state != WindowState.PLANNED,
    )
    return list((await session.exec(query.with_for_update())).all())


async def covering_shift(
    session: AsyncSession, tenant_id: str, register_id: str | None, moment: datetime
) -> PostingWindow | None:
    """The known (closed) shift of a register whose open…close holds `moment`."""
    if register_id is None:
        return None
    rows = intake_rows(session)
    known = rows.covering_shift(tenant_id, register_id, moment) if rows is not None else False
    if not isinstance(known, bool):
        return known
    query = select(PostingWindow).where(
        PostingWindow.tenant_id == tenant_id,
        PostingWindow.register_id == register_id,
        col(PostingWindow.close_known).is_(True),
        col(PostingWindow.opened_at) <= moment,
        col(PostingWindow.closed_at) >= moment,
    )
    return (await session.exec(query)).first()


async def unplaced_sales(session: AsyncSession, tenant_id: str, outlet_id: str) -> list[HeldFact]:
    """Sales and refunds of an outlet held without a window (waiting for their shift)."""
    query = select(HeldFact).where(
        HeldFact.tenant_id == tenant_id,
        HeldFact.outlet_id == outlet_id,
        col(HeldFact.window_id).is_(None),
        col(HeldFact.fact_key).startswith(SALES_PREFIXES[0])
        | col(HeldFact.fact_key).startswith(SALES_PREFIXES[1]),
    )
    return list((await session.exec(query.with_for_update())).all())
