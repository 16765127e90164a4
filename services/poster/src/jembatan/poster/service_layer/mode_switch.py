"""The merchant switched an outlet's sync mode (or its transfer switch) in the middle of the day.

The outlet's modes as its facts last carried them are kept; when a fact brings another, the
outlet's open windows of the old mode are planned at once and its facts waiting for a shift are
placed by the new mode. Each fact stays in exactly one window, so nothing is lost or posted twice.
"""

from __future__ import annotations

from datetime import datetime

from jembatan.contracts.ledger import SyncMode
from sqlmodel.ext.asyncio.session import AsyncSession

from ..adapters.window_tables import OutletMode
from ..domain.held_facts import FactIdentity, Family
from ..domain.windows import place_sale
from .intake_rows import created, locked
from .window_planning import plan_window
from .window_store import open_window, open_windows_of, unplaced_sales


async def follow_mode_switch(session: AsyncSession, tenant_id: str, who: FactIdentity, now: datetime) -> int:
    """Close what an outlet's mode switch leaves behind; returns how many new documents were planned."""
    outlet = who.outlet
    if outlet is None or who.family not in (Family.SALES, Family.STOCK):
        return 0
    sales = who.family == Family.SALES
    wanted = outlet.sync_mode if sales else _stock_mode(outlet.transfer_sync)
    seen = await locked(session, OutletMode, (tenant_id, outlet.outlet_id))
    if seen is None:
        seen = OutletMode(tenant_id=tenant_id, outlet_id=outlet.outlet_id, updated_at=now)
        created(session, OutletMode, (tenant_id, outlet.outlet_id), seen)
    before = seen.sales_mode if sales else seen.stock_mode
    if before == wanted:
        return 0
    if sales:
        seen.sales_mode = wanted
    else:
        seen.stock_mode = wanted
    seen.updated_at = now
    session.add(seen)
    if before is None:
        return 0  # the outlet's first fact of this family
    planned = 0
    for window in await open_windows_of(session, tenant_id, outlet.outlet_id):
        is_stock = window.window_id.startswith(("stock:", "stock-hours:"))
        if is_stock != sales and window.mode != wanted:
            planned += await plan_window(session, tenant_id, window.window_id)
    if sales and wanted != SyncMode.SHIFT_CLOSE:
        for waiting in await unplaced_sales(session, tenant_id, outlet.outlet_id):
            if waiting.fact_key == who.key:
                continue  # the fact being taken in is placed by the caller
            placement = place_sale(outlet, waiting.fact_key, waiting.occurred_at, None)
            assert placement is not None  # not shift close: every fact has a window
            window = await open_window(session, tenant_id, outlet.outlet_id, placement, now)
            waiting.window_id = window.window_id
            session.add(waiting)
            await session.flush()
            if window.mode == SyncMode.REAL_TIME:
                planned += await plan_window(session, tenant_id, window.window_id)
    return planned


def _stock_mode(transfer_sync: SyncMode) -> SyncMode:
    return SyncMode.SCHEDULED if transfer_sync == SyncMode.SCHEDULED else SyncMode.REAL_TIME
