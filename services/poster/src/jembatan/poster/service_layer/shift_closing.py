"""Shift windows: post when the held facts match the close; otherwise a grace period, a pull
asked of ingest, a last grace, then post what is held and record the discrepancy."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from jembatan.contracts import Envelope, stable_id
from jembatan.contracts.ledger import Fact, RefundFact, SaleFact, ShiftClosedFact
from jembatan.contracts.pos import RegisterShiftClosed
from jembatan.contracts.sync import SyncTriggered, TriggerKind
from jembatan.contracts.topics import SYNC_TRIGGERS
from jembatan.platform.outbox import add_to_outbox
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from ..adapters.window_tables import HeldFact, PostingWindow
from ..domain.held_facts import read_fact
from ..domain.shift_readiness import ShiftDecision, shift_decision, shift_discrepancies
from ..domain.windows import WindowState
from .window_planning import held_facts, plan_window


@dataclass(frozen=True)
class Grace:
    """How long a shift window waits for missing facts, before and after asking ingest to pull."""

    period: timedelta = timedelta(minutes=10)


async def discrepancies(session: AsyncSession, window: PostingWindow) -> list[str] | None:
    """What the window's held facts lack against its shift close; None when the close is unknown.

    Orders and refunds the close lists that are held in another window count as received: the outlet
    was in another sync mode when they came (the merchant switched in the middle of the shift), so
    their own windows post them, and the shift's payment totals include them.
    """
    held = await held_facts(session, window.tenant_id, window.window_id)
    facts = [read_fact(h.schema_name, json.loads(h.payload)) for h in held]
    closes = [f for f in facts if isinstance(f, ShiftClosedFact)]
    if not closes:
        return None
    shift = closes[0].shift
    facts += await _placed_elsewhere(session, window, shift)
    sales = [f for f in facts if isinstance(f, SaleFact)]
    refunds = [f for f in facts if isinstance(f, RefundFact)]
    return shift_discrepancies(shift, sales, refunds)


async def _placed_elsewhere(
    session: AsyncSession, window: PostingWindow, shift: RegisterShiftClosed
) -> list[Fact]:
    """The close's orders and refunds that are held in another window of the tenant."""
    keys = [f"order:{i}" for i in shift.order_ids] + [f"refund:{i}" for i in shift.refund_ids]
    if not keys:
        return []
    query = select(HeldFact).where(
        HeldFact.tenant_id == window.tenant_id,
        col(HeldFact.fact_key).in_(keys),
        col(HeldFact.window_id).is_not(None),
        HeldFact.window_id != window.window_id,
    )
    return [read_fact(h.schema_name, json.loads(h.payload)) for h in (await session.exec(query)).all()]


async def settle_shift(session: AsyncSession, window: PostingWindow, grace: Grace, now: datetime) -> int:
    """Move a closed shift window on; returns the number of new documents planned."""
    if window.state == WindowState.PLANNED or not window.close_known:
        return 0
    problems = await discrepancies(session, window) or []
    decision = shift_decision(not problems, WindowState(window.state), window.due_at, now)
    if decision == ShiftDecision.WAIT:
        return 0
    if decision == ShiftDecision.ASK_INGEST and window.state == WindowState.OPEN:
        window.state, window.due_at = WindowState.WAITING, now + grace.period
    elif decision == ShiftDecision.ASK_INGEST:
        _ask_ingest_to_pull(session, window, now)
        window.state, window.due_at = WindowState.RECONCILING, now + grace.period
    else:
        window.discrepancy = "; ".join(problems) or None
        window.due_at = None
        session.add(window)
        return await plan_window(session, window.tenant_id, window.window_id)
    window.discrepancy, window.updated_at = "; ".join(problems), now
    session.add(window)
    return 0


async def settle_due_shifts(
    session: AsyncSession, grace: Grace, now: datetime, tenant_id: str | None = None
) -> int:
    """Every waiting shift window whose grace ran out (the sweeper and the hourly trigger)."""
    query = select(PostingWindow).where(
        col(PostingWindow.state).in_([WindowState.WAITING, WindowState.RECONCILING]),
        col(PostingWindow.due_at) <= now,
    )
    if tenant_id is not None:
        query = query.where(PostingWindow.tenant_id == tenant_id)
    planned = 0
    for window in (await session.exec(query.with_for_update(skip_locked=True))).all():
        planned += await settle_shift(session, window, grace, now)
    return planned


def _ask_ingest_to_pull(session: AsyncSession, window: PostingWindow, now: datetime) -> None:
    """A RECONCILE trigger on sync.triggers.v1 for the shift's span: ingest pulls the outlet's orders
    of the shift's open…close (the register is found from the orders; GetOrders has no such filter)."""
    trigger_id = stable_id(window.tenant_id, window.window_id, TriggerKind.RECONCILE)
    trigger = SyncTriggered(
        trigger_id=trigger_id,
        kind=TriggerKind.RECONCILE,
        outlet_id=window.outlet_id,
        fire_at=now,
        span_start=window.opened_at,
        span_end=window.closed_at,
    )
    add_to_outbox(
        session,
        SYNC_TRIGGERS,
        Envelope(
            id=trigger_id,
            type="sync.triggered",
            tenant_id=window.tenant_id,
            outlet_id=window.outlet_id,
            occurred_at=now,
            correlation_id=stable_id(window.tenant_id, window.window_id),
            schema_="sync.triggered/1",
            payload=trigger.model_dump(mode="json"),
        ),
    )
