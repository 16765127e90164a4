"""The consumer's batch of ledger facts, taken in at the batch's end (docs/poster-intake.md).

The consumer runs its handler once per message inside the batch's one transaction. The facts
handler only reads each fact (an unreadable one is refused at once, as before) and holds it back
here; one step just before the transaction commits (`jembatan.platform.at_commit.before_commit`)
takes them all in, in the order they came:

1. the batch's held facts, outlet modes and windows are read (and locked) in one query each, and the
   known shifts of the registers whose sales wait for one (`intake_rows.IntakeRows`);
2. each fact is taken in exactly as `holding.take_fact` always did, reading those rows instead of
   the database;
3. the windows they completed are planned together (`window_planning.plan_deferred`).

Everything stays inside the batch's transaction: a batch that fails keeps nothing, and is taken in
again one message at a time by the consumer (each its own transaction, the same step at its end).
A trigger in the same batch (`sync.triggers.v1` shares the consumer) takes the facts before it in
first (`take_held_back`), so the facts and triggers keep their order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from jembatan.contracts import Envelope
from jembatan.contracts.ledger import Fact, SyncMode
from jembatan.platform.at_commit import after_commit, before_commit
from sqlmodel.ext.asyncio.session import AsyncSession

from ..adapters.window_tables import HeldFact, OutletMode, PostingWindow
from ..domain.held_facts import FactIdentity, Family, identify
from ..domain.windows import place_sale, place_stock
from . import intake_rows
from .holding import take_fact
from .shift_closing import Grace
from .window_planning import plan_deferred

_WAITING = "jembatan.poster.facts_held_back"


@dataclass
class _Arrival:
    envelope: Envelope
    fact: Fact
    arrived: datetime


@dataclass
class _HeldBack:
    grace: Grace
    wake_sender: Callable[[], None]
    arrivals: list[_Arrival] = field(default_factory=list)


def hold_back(
    session: AsyncSession, envelope: Envelope, fact: Fact, grace: Grace, wake_sender: Callable[[], None]
) -> None:
    """Take `fact` in at the end of this transaction, after the facts held back before it; the
    sender is woken after the commit when it planned new documents."""
    waiting: _HeldBack | None = session.info.get(_WAITING)
    if waiting is None:
        waiting = session.info[_WAITING] = _HeldBack(grace, wake_sender)
    waiting.arrivals.append(_Arrival(envelope, fact, datetime.now(UTC)))
    before_commit(session, _WAITING, _take_in)


async def _take_in(session: AsyncSession) -> None:
    await take_held_back(session)


async def take_held_back(session: AsyncSession) -> int:
    """Take in the facts held back in this transaction, in their order; returns the new documents
    (the sender is woken after the commit when there are any)."""
    waiting: _HeldBack | None = session.info.pop(_WAITING, None)
    if waiting is None or not waiting.arrivals:
        return 0
    arrivals = waiting.arrivals
    rows = intake_rows.begin(session)
    try:
        who = [identify(a.fact, a.envelope.occurred_at) for a in arrivals]
        await _read_rows(
            session, rows, [(a.envelope.tenant_id, w) for a, w in zip(arrivals, who, strict=True)]
        )
        planned = 0
        for arrival in arrivals:
            planned += await take_fact(
                session, arrival.envelope, arrival.fact, waiting.grace, arrival.arrived
            )
        planned += await plan_deferred(session)
    finally:
        intake_rows.end(session)
    if planned:
        after_commit(session, "jembatan.poster.wake_sender", waiting.wake_sender)
    return planned


async def _read_rows(
    session: AsyncSession, rows: intake_rows.IntakeRows, facts: list[tuple[str, FactIdentity]]
) -> None:
    """Read the rows the facts will look up, one query per table (see the module doc)."""
    held_keys = [(tenant, who.key) for tenant, who in facts]
    await rows.load(session, HeldFact, held_keys)
    modes, windows = set(), set()
    spans: dict[tuple[str, str], tuple[datetime, datetime]] = {}
    for tenant, who in facts:
        held = rows.rows.get((HeldFact, (tenant, who.key)))
        if held is not None and held.window_id:
            windows.add((tenant, held.window_id))
        outlet = who.outlet
        if outlet is None or who.family == Family.AT_ONCE:
            windows.add((tenant, who.key))
            continue
        if who.family in (Family.SALES, Family.STOCK):
            modes.add((tenant, outlet.outlet_id))
        if who.family == Family.SHIFT:
            windows.add((tenant, f"shift:{who.shift_id}"))
        elif who.family == Family.STOCK:
            windows.add((tenant, place_stock(outlet, who.key, who.occurred_at).window_id))
        elif (placement := place_sale(outlet, who.key, who.occurred_at, who.shift_id)) is not None:
            windows.add((tenant, placement.window_id))
        elif outlet.sync_mode == SyncMode.SHIFT_CLOSE and who.register_id is not None:
            first, last = spans.get((tenant, who.register_id), (who.occurred_at, who.occurred_at))
            spans[(tenant, who.register_id)] = (min(first, who.occurred_at), max(last, who.occurred_at))
    await rows.load(session, OutletMode, modes)
    await rows.load(session, PostingWindow, windows)
    await rows.load_shifts(session, spans)
