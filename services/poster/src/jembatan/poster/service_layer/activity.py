"""The activity log (every document, filtered and paged) and the retry verbs.

A retry never sends a stale body: the document's window is rebuilt from its held facts and the
current mapping (the `Replanner`) before failed → planned, and a document that still has no body
stays failed with the reason.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from ..adapters.posting_ledger import report
from ..adapters.tables import Posting
from ..domain.posting import State, transition
from .ports import Replanner


@dataclass(frozen=True)
class ActivityFilter:
    tenant_id: str | None = None
    outlet_id: str | None = None
    kind: str | None = None
    state: str | None = None
    since: datetime | None = None  # on the document's business time (when the sale happened)
    until: datetime | None = None  # exclusive

    def apply(self, query: SelectOfScalar[Posting]) -> SelectOfScalar[Posting]:
        for column, value in (
            (Posting.tenant_id, self.tenant_id),
            (Posting.outlet_id, self.outlet_id),
            (Posting.kind, self.kind),
            (Posting.state, self.state),
        ):
            if value is not None:
                query = query.where(col(column) == value)
        if self.since is not None:
            query = query.where(col(Posting.occurred_at) >= self.since)
        if self.until is not None:
            query = query.where(col(Posting.occurred_at) < self.until)
        return query


@dataclass(frozen=True)
class ActivityPage:
    documents: list[Posting]
    total: int


async def activity(session: AsyncSession, where: ActivityFilter, *, limit: int, offset: int) -> ActivityPage:
    """One page of the log, newest business time first (stable order for paging)."""
    query = where.apply(select(Posting))
    total_query = select(sa.func.count()).select_from(query.subquery())
    total = int((await session.exec(total_query)).one())
    ordered = query.order_by(col(Posting.occurred_at).desc(), col(Posting.document_key))
    rows = (await session.exec(ordered.offset(offset).limit(limit))).all()
    return ActivityPage(list(rows), total)


class CannotRetry(Exception):
    """The document is not failed, or still cannot be built (the reason says what to fix)."""


async def retry_document(session: AsyncSession, document: Posting, replanner: Replanner) -> Posting:
    """Rebuild the document's window, then move it failed → planned with a fresh attempt count."""
    if document.state != State.FAILED:
        raise CannotRetry(f"only failed documents can be retried; this one is {document.state}")
    if document.window_id is not None:
        await replanner.replan(session, document.tenant_id, document.window_id)
        await session.flush()  # the planner may have changed rows through this session or SQL
        await session.refresh(document)
    if not _has_body(document.body):
        raise CannotRetry(f"still cannot be built: {document.message or 'no document body'}")
    now = datetime.now(UTC)
    document.state = transition(State.FAILED, State.PLANNED)
    document.attempts = 0
    document.next_attempt_at = None
    document.message = None
    document.updated_at = now
    session.add(document)
    report(session, document)
    return document


async def retry_failed(
    session: AsyncSession, where: ActivityFilter, replanner: Replanner
) -> tuple[list[Posting], list[tuple[Posting, str]]]:
    """Retry every failed document matching the filter; returns (retried, refused with reasons)."""
    failed = ActivityFilter(
        where.tenant_id, where.outlet_id, where.kind, State.FAILED, where.since, where.until
    )
    rows: Sequence[Posting] = (await session.exec(failed.apply(select(Posting)))).all()
    replanned: set[tuple[str, str]] = set()
    retried, refused = [], []
    for document in rows:
        window = (document.tenant_id, document.window_id) if document.window_id else None
        if window is not None and window not in replanned:
            await replanner.replan(session, *window)
            replanned.add(window)
        await session.flush()
        await session.refresh(document)
        try:
            retried.append(await retry_document(session, document, _AlreadyReplanned()))
        except CannotRetry as exc:
            refused.append((document, str(exc)))
    return retried, refused


class _AlreadyReplanned:
    async def replan(self, session: AsyncSession, tenant_id: str, window_id: str) -> None:
        return None


def _has_body(body: str) -> bool:
    try:
        return bool(json.loads(body))
    except ValueError:
        return False
