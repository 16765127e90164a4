"""The rows a batch of ledger facts takes in, read once for the batch instead of once per fact.

The consumer takes up to 200 facts in one transaction (docs/poster-intake.md). Taking one fact in
reads its held fact, its outlet's modes and its window, each `FOR UPDATE`: three round trips per
fact, in sequence. While the batch's facts are taken in, `IntakeRows` holds those rows: they are
read for the whole batch in one query per table (`load`), locked as before (a row locked once stays
locked until the transaction ends, so a second read would only repeat the first), and rows the batch
creates are added as they are created. A key it does not hold (a late fact's next window) is read
as before, once, and kept.

It also holds the windows the batch's facts completed until the batch's end (`plan_soon`), so their
documents are planned together (window_planning.plan_deferred) — in the order they were completed.

It lives only while `intake.take_held_back` runs: other work in the same transaction (a trigger,
an admin verb) reads the database as it always did.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import or_, tuple_
from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from ..adapters.window_tables import HeldFact, OutletMode, PostingWindow

_KEY = "jembatan.poster.intake_rows"
Row = TypeVar("Row", HeldFact, OutletMode, PostingWindow)
Key = tuple[str, str]


@dataclass
class DeferredPlan:
    """A window the batch completed, planned at the batch's end."""

    window: PostingWindow
    planned_before: bool  # it had documents linked to it before this batch
    now: datetime
    held: list[HeldFact] | None  # all its facts, when known (a real-time window's one fact)
    revive_failed: bool


@dataclass
class IntakeRows:
    rows: dict[tuple[type[SQLModel], Key], Any] = field(default_factory=dict)  # a row, or None: absent
    shifts: list[PostingWindow] = field(default_factory=list)  # known shifts of the batch's registers
    shift_spans: dict[Key, tuple[datetime, datetime]] = field(default_factory=dict)  # (tenant, register)
    plans: dict[Key, DeferredPlan] = field(default_factory=dict)  # in the order completed

    def remember(self, table: type[SQLModel], key: Key, row: Any) -> None:
        self.rows[(table, key)] = row

    async def load(self, session: AsyncSession, table: type[Row], keys: Iterable[Key]) -> None:
        """Read (and lock) `table`'s rows of `keys` not held yet, in one query."""
        wanted = sorted({k for k in keys if (table, k) not in self.rows})
        if not wanted:
            return
        names = list(table.__table__.primary_key.columns)  # type: ignore[attr-defined]
        query = select(table).where(tuple_(*names).in_(wanted)).order_by(*names).with_for_update()
        found = {(row.tenant_id, _second_key(row)): row for row in (await session.exec(query)).all()}
        for key in wanted:
            self.rows[(table, key)] = found.get(key)

    async def load_shifts(self, session: AsyncSession, spans: dict[Key, tuple[datetime, datetime]]) -> None:
        """The known shifts of each (tenant, register) that overlap its span (`covering_shift`)."""
        if not spans:
            return
        overlaps = [
            (col(PostingWindow.tenant_id) == tenant)
            & (col(PostingWindow.register_id) == register)
            & (col(PostingWindow.opened_at) <= last)
            & (col(PostingWindow.closed_at) >= first)
            for (tenant, register), (first, last) in spans.items()
        ]
        query = select(PostingWindow).where(col(PostingWindow.close_known).is_(True), or_(*overlaps))
        self.shifts.extend((await session.exec(query)).all())
        self.shift_spans.update(spans)

    def covering_shift(
        self, tenant_id: str, register_id: str, moment: datetime
    ) -> PostingWindow | bool | None:
        """The known shift holding `moment`; False when these rows cannot tell (read the database)."""
        span = self.shift_spans.get((tenant_id, register_id))
        if span is None or not span[0] <= moment <= span[1]:
            return False
        created = (r for (t, _), r in self.rows.items() if t is PostingWindow and r is not None)
        for window in (*self.shifts, *created):
            if (
                window.tenant_id == tenant_id
                and window.register_id == register_id
                and window.close_known
                and window.opened_at <= moment <= window.closed_at
            ):
                return window
        return None


def _second_key(row: Any) -> str:
    if isinstance(row, HeldFact):
        return row.fact_key
    if isinstance(row, OutletMode):
        return row.outlet_id
    return str(row.window_id)


def intake_rows(session: AsyncSession) -> IntakeRows | None:
    """The batch's rows while a batch is being taken in, else None."""
    rows: IntakeRows | None = session.info.get(_KEY)
    return rows


def begin(session: AsyncSession) -> IntakeRows:
    rows = IntakeRows()
    session.info[_KEY] = rows
    return rows


def end(session: AsyncSession) -> None:
    session.info.pop(_KEY, None)


async def locked(session: AsyncSession, table: type[Row], key: Key) -> Row | None:
    """`table`'s row of `key`, locked for this transaction (`session.get(…, with_for_update=True)`),
    from the batch's rows when it holds it."""
    rows = intake_rows(session)
    if rows is not None and (table, key) in rows.rows:
        held: Row | None = rows.rows[(table, key)]
        return held
    row = await session.get(table, key, with_for_update=True)
    if rows is not None:
        rows.remember(table, key, row)
    return row


def created(session: AsyncSession, table: type[SQLModel], key: Key, row: Any) -> None:
    """A row this transaction created (added to the session): the batch's later facts find it."""
    rows = intake_rows(session)
    if rows is not None:
        rows.remember(table, key, row)
