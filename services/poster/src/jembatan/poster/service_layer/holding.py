"""Taking in a ledger fact: hold it, place it in its window, and close what that makes ready.

A repeat of a fact (same source, e.g. re-driven by the mapper after a mapping fix) replaces the
held fact and re-plans its window's documents not yet posted. A fact whose window already went out
goes into the next window, marked late. A fact in another sync mode than the outlet's open windows
(the merchant switched modes) first closes those windows, so nothing waits forever and nothing
is posted twice: each fact belongs to exactly one window.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from jembatan.contracts import Envelope
from jembatan.contracts.ledger import Fact, OutletSnapshot, ShiftClosedFact, SyncMode
from sqlmodel.ext.asyncio.session import AsyncSession

from ..adapters.window_tables import HeldFact, PostingWindow
from ..domain.held_facts import FactIdentity, Family, identify
from ..domain.windows import Placement, WindowState, place_after, place_sale, place_stock
from .intake_rows import created, locked
from .mode_switch import follow_mode_switch
from .shift_closing import Grace, settle_shift
from .window_planning import plan_soon
from .window_store import covering_shift, open_window, planned_ids, unplaced_sales


async def take_fact(
    session: AsyncSession, envelope: Envelope, fact: Fact, grace: Grace, now: datetime | None = None
) -> int:
    """Hold `fact` and plan whatever it completes; returns how many new documents were planned.
    `now` is when it arrived (the clock by default)."""
    now = now or datetime.now(UTC)
    who = identify(fact, envelope.occurred_at)
    payload = json.dumps(envelope.payload, sort_keys=True)
    held = await locked(session, HeldFact, (envelope.tenant_id, who.key))
    if held is not None:
        return await _replace(session, held, envelope, payload, grace, now)
    held = HeldFact(
        tenant_id=envelope.tenant_id,
        fact_key=who.key,
        schema_name=envelope.schema_,
        envelope_id=envelope.id,
        payload=payload,
        outlet_id=who.outlet.outlet_id if who.outlet else None,
        register_id=who.register_id,
        occurred_at=who.occurred_at,
        received_at=now,
        updated_at=now,
    )
    created(session, HeldFact, (held.tenant_id, held.fact_key), held)  # every path below adds it
    planned = await follow_mode_switch(session, envelope.tenant_id, who, now)
    if who.family == Family.SHIFT and isinstance(fact, ShiftClosedFact):
        return planned + await _shift_closed(session, held, fact, grace, now)
    window = await _place(session, held, who, now)
    held.window_id = window.window_id if window else None
    session.add(held)  # added once placed: one INSERT, no UPDATE
    if window is None:
        return planned
    if window.mode == SyncMode.REAL_TIME:
        return planned + await plan_soon(session, window, held=[held])
    return planned + await settle_shift(session, window, grace, now)


async def _replace(
    session: AsyncSession, held: HeldFact, envelope: Envelope, payload: str, grace: Grace, now: datetime
) -> int:
    if held.payload == payload:
        return 0  # the same fact again (a replay): nothing changes
    held.payload, held.envelope_id, held.updated_at = payload, envelope.id, now
    session.add(held)
    await session.flush()
    if held.window_id is None:
        return 0
    window = await locked(session, PostingWindow, (held.tenant_id, held.window_id))
    if window is None:
        return 0
    if window.state == WindowState.PLANNED:
        return await plan_soon(session, window, revive_failed=True)
    return await settle_shift(session, window, grace, now)


async def _place(
    session: AsyncSession, held: HeldFact, who: FactIdentity, now: datetime
) -> PostingWindow | None:
    """The window the fact joins (opened if new), or None while it waits for its shift."""
    outlet = who.outlet
    if who.family == Family.AT_ONCE or outlet is None:
        placement = Placement(
            who.key, SyncMode.REAL_TIME, who.occurred_at, who.occurred_at, closes_at_once=True
        )
        return await open_window(
            session, held.tenant_id, outlet.outlet_id if outlet else None, placement, now
        )
    if who.family == Family.STOCK:
        placement = place_stock(outlet, who.key, who.occurred_at)
    else:
        found = place_sale(outlet, who.key, who.occurred_at, who.shift_id)
        if found is None:
            return await _known_shift(session, held, who)
        placement = found
    if placement.window_id.startswith("shift:"):
        placement = Placement(
            placement.window_id, placement.mode, who.occurred_at, who.occurred_at, False, who.register_id
        )
    window = await open_window(session, held.tenant_id, outlet.outlet_id, placement, now)
    if window.state != WindowState.PLANNED:
        return window
    return await _late(session, held, placement, outlet, now)


async def _known_shift(session: AsyncSession, held: HeldFact, who: FactIdentity) -> PostingWindow | None:
    """A fact without a shift id joins a known shift of its register covering its time."""
    shift = await covering_shift(session, held.tenant_id, who.register_id, who.occurred_at)
    if shift is not None and shift.state == WindowState.PLANNED:
        held.late = True  # its shift went out: the register's next shift takes it
        return None
    return shift


async def _late(
    session: AsyncSession, held: HeldFact, planned: Placement, outlet: OutletSnapshot, now: datetime
) -> PostingWindow | None:
    held.late = True
    gone = await planned_ids(session, held.tenant_id, outlet.outlet_id, planned.opened_at)
    later = place_after(planned, outlet, gone.__contains__)
    if later is None:
        return None  # a shift fact: waits for the register's next shift close
    return await open_window(session, held.tenant_id, outlet.outlet_id, later, now)


async def _shift_closed(
    session: AsyncSession, held: HeldFact, fact: ShiftClosedFact, grace: Grace, now: datetime
) -> int:
    """A register shift closed: its window takes the held facts of its register and span."""
    shift, outlet = fact.shift, fact.outlet
    session.add(held)
    if outlet.sync_mode != SyncMode.SHIFT_CLOSE:
        return 0  # held for the record; this outlet does not post by shift
    placement = Placement(
        f"shift:{shift.register_shift_id}", SyncMode.SHIFT_CLOSE, shift.opened_at, shift.closed_at,
        register_id=shift.register_id,
    )  # fmt: skip
    window = await open_window(session, held.tenant_id, outlet.outlet_id, placement, now)
    window.opened_at, window.closed_at = shift.opened_at, shift.closed_at
    window.register_id, window.close_known, window.updated_at = shift.register_id, True, now
    session.add(window)
    held.window_id = window.window_id
    session.add(held)
    if window.state == WindowState.PLANNED:
        return 0
    for waiting in await unplaced_sales(session, held.tenant_id, outlet.outlet_id):
        inside = (
            waiting.register_id == shift.register_id
            and shift.opened_at <= waiting.occurred_at <= shift.closed_at
        )
        if inside or waiting.late:
            waiting.window_id = window.window_id
            session.add(waiting)
    await session.flush()
    return await settle_shift(session, window, grace, now)
