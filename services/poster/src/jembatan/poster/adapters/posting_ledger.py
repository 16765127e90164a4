"""The posting ledger in SQL (PostgreSQL or SQLite): due documents, leases, outcomes and results."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

import sqlalchemy as sa
from jembatan.contracts import Envelope, stable_id
from jembatan.contracts.sync import DocumentPosted, DocumentState
from jembatan.contracts.topics import SYNC_RESULTS
from jembatan.platform.db import Database
from jembatan.platform.metrics import DOCUMENTS, EVENT_TO_POSTED
from jembatan.platform.outbox import add_to_outbox
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import aliased
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from ..domain.posting import State, transition
from ..domain.scheduling import Outcome, parked_message
from .tables import Posting, SendingLease

WAITING = (State.PLANNED, State.UNKNOWN)
CHUNK = 900  # keys per IN list (under SQLite's oldest limit of 999 parameters)


class SqlPostingLedger:
    def __init__(self, db: Database) -> None:
        self.db = db

    def _due_clause(self, now: datetime) -> sa.ColumnElement[bool]:
        needed = aliased(Posting)
        dependency_posted = (
            select(needed.document_key)
            .where(col(needed.document_key) == col(Posting.depends_on))
            .where(col(needed.state) == State.POSTED)
            .exists()
        )
        return sa.and_(
            col(Posting.state).in_(WAITING),
            col(Posting.next_attempt_at).is_(None) | (col(Posting.next_attempt_at) <= now),
            col(Posting.depends_on).is_(None) | dependency_posted,
        )

    async def tenants_with_due_work(self, now: datetime, replica: str | None = None) -> list[str]:
        unavailable = select(SendingLease.tenant_id).where(
            (col(SendingLease.paused_until) > now)
            | (
                col(SendingLease.holder).is_not(None)
                & (col(SendingLease.holder) != (replica or ""))
                & (col(SendingLease.lease_until) >= now)
            )
        )
        query = (
            select(Posting.tenant_id, sa.func.min(Posting.created_at))
            .where(sa.or_(self._due_clause(now), col(Posting.state) == State.SENDING))
            .where(col(Posting.tenant_id).not_in(unavailable))
            .group_by(col(Posting.tenant_id))
            .order_by(sa.func.min(Posting.created_at))
        )
        async with self.db.session() as session:
            return [tenant for tenant, _ in (await session.exec(query)).all()]

    async def claim(self, tenant_id: str, holder: str, now: datetime, until: datetime) -> bool:
        insert = postgresql.insert if self.db.is_postgres else sqlite.insert
        table = SendingLease.__table__  # type: ignore[attr-defined]
        values = insert(table).values(tenant_id=tenant_id, holder=holder, lease_until=until)
        statement = values.on_conflict_do_update(
            index_elements=["tenant_id"],
            set_={"holder": holder, "lease_until": until},
            where=sa.or_(table.c.holder == holder, table.c.holder.is_(None), table.c.lease_until < now),
        ).returning(table.c.holder)
        async with self.db.session() as session:
            won = (await session.execute(statement)).scalar_one_or_none()
        return won == holder

    async def release(self, tenant_id: str, holder: str) -> None:
        async with self.db.session() as session:
            await session.execute(
                sa.update(SendingLease)
                .where(col(SendingLease.tenant_id) == tenant_id)
                .where(col(SendingLease.holder) == holder)
                .values(holder=None)
            )

    async def pause(self, tenant_id: str, until: datetime, reason: str) -> None:
        async with self.db.session() as session:
            lease = await session.get(SendingLease, tenant_id)
            if lease is None:
                lease = SendingLease(tenant_id=tenant_id, lease_until=until)
            lease.paused_until, lease.pause_reason = until, reason
            session.add(lease)
            waiting = (
                sa.update(Posting)
                .where(col(Posting.tenant_id) == tenant_id)
                .where(col(Posting.state).in_(WAITING))
                .where(col(Posting.next_attempt_at).is_(None) | (col(Posting.next_attempt_at) < until))
            )  # the activity log shows when each of its documents is tried next, and why it waits
            await session.execute(waiting.where(col(Posting.message).is_(None)).values(message=reason))
            await session.execute(waiting.values(next_attempt_at=until))

    async def resume(self, tenant_id: str) -> None:
        """The merchant fixed the connection: the tenant need not wait any longer."""
        async with self.db.session() as session:
            await session.execute(
                sa.update(SendingLease)
                .where(col(SendingLease.tenant_id) == tenant_id)
                .values(paused_until=None, pause_reason=None)
            )
            await session.execute(
                sa.update(Posting)
                .where(col(Posting.tenant_id) == tenant_id)
                .where(col(Posting.state).in_(WAITING))
                .values(next_attempt_at=None)
            )

    async def recover_interrupted(self, tenant_id: str) -> int:
        async with self.db.session() as session:
            result = await session.execute(
                sa.update(Posting)
                .where(col(Posting.tenant_id) == tenant_id)
                .where(col(Posting.state) == State.SENDING)
                .values(state=State.UNKNOWN, message="interrupted while sending", next_attempt_at=None)
            )
        return int(getattr(result, "rowcount", 0) or 0)

    async def due(self, tenant_id: str, now: datetime, limit: int) -> list[Posting]:
        query = (
            select(Posting)
            .where(col(Posting.tenant_id) == tenant_id)
            .where(self._due_clause(now))
            .order_by(col(Posting.created_at), col(Posting.document_key))
            .limit(limit)
        )
        async with self.db.session() as session:
            return list((await session.exec(query)).all())

    async def coming(self, keys: Collection[str], now: datetime) -> dict[str, int]:
        """Looked up by `depends_on` alone (its index, one probe per key); state and time are
        counted rather than filtered, so a freshly loaded table's stale statistics cannot lead the
        planner to scan every waiting row instead."""
        ready = sa.case(
            (col(Posting.next_attempt_at).is_(None) | (col(Posting.next_attempt_at) <= now), 1), else_=0
        )
        counts: dict[str, int] = {}
        ordered = sorted(keys)
        async with self.db.session() as session:
            for start in range(0, len(ordered), CHUNK):
                query = (
                    select(Posting.document_type, Posting.state, ready, sa.func.count())
                    .where(col(Posting.depends_on).in_(ordered[start : start + CHUNK]))
                    .group_by(col(Posting.document_type), col(Posting.state), ready)
                )
                for module, state, due, count in (await session.exec(query)).all():
                    if state in WAITING and due:
                        counts[module] = counts.get(module, 0) + int(count)
        return counts

    async def start_sending(self, keys: Sequence[str], now: datetime) -> None:
        async with self.db.session() as session:
            await session.execute(
                sa.update(Posting)
                .where(col(Posting.document_key).in_(list(keys)))
                .where(col(Posting.state) == State.PLANNED)
                .values(state=State.SENDING, attempts=col(Posting.attempts) + 1, updated_at=now)
            )

    async def settle(self, outcomes: Sequence[Outcome], now: datetime) -> None:
        """Record many outcomes in one transaction with few statements (a bulk call settles 100)."""
        if not outcomes:
            return
        table = Posting.__table__  # type: ignore[attr-defined]
        async with self.db.session() as session:
            current = {
                row.document_key: row
                for row in (
                    await session.execute(
                        sa.select(table).where(table.c.document_key.in_([o.key for o in outcomes]))
                    )
                ).all()
            }
            changes, reports, failed = [], [], []
            for outcome in outcomes:
                row = current.get(outcome.key)
                if row is None:
                    continue
                if State(row.state) != outcome.state:
                    transition(State(row.state), outcome.state)  # refuses an illegal move
                changes.append(
                    {
                        "key": outcome.key,
                        "state": outcome.state.value,
                        "message": outcome.message,
                        "next_attempt_at": outcome.next_attempt_at,
                        "accurate_id": outcome.accurate_id,
                        "updated_at": now,
                    }
                )
                outlet = row.outlet_id or ""
                DOCUMENTS.labels(row.tenant_id, outlet, row.document_type, outcome.state).inc()
                if outcome.state in (State.POSTED, State.FAILED):
                    reports.append((row, outcome))
                if outcome.state == State.POSTED:
                    EVENT_TO_POSTED.labels(row.tenant_id, outlet).observe(
                        (now - row.occurred_at).total_seconds()
                    )
                if outcome.state == State.FAILED:
                    failed.append({"needed": outcome.key, "parked": parked_message(row.number)})
            await session.execute(
                sa.update(table)
                .where(table.c.document_key == sa.bindparam("key"))
                .values(
                    state=sa.bindparam("state"),
                    message=sa.bindparam("message"),
                    next_attempt_at=sa.bindparam("next_attempt_at"),
                    accurate_id=sa.func.coalesce(
                        sa.bindparam("accurate_id", type_=sa.BigInteger), table.c.accurate_id
                    ),
                    updated_at=sa.bindparam("updated_at"),
                ),
                changes,
            )
            if failed:
                await session.execute(
                    sa.update(table)
                    .where(table.c.depends_on == sa.bindparam("needed"))
                    .where(table.c.state == State.PLANNED.value)
                    .values(message=sa.bindparam("parked")),
                    failed,
                )
            for row, outcome in reports:
                publish(
                    session,
                    tenant_id=row.tenant_id,
                    document_key=row.document_key,
                    document_type=row.document_type,
                    number=row.number,
                    state=outcome.state,
                    accurate_id=outcome.accurate_id if outcome.accurate_id is not None else row.accurate_id,
                    message=outcome.message,
                    source_ids=list(row.source_ids or []),
                    attempts=row.attempts,
                    at=now,
                )


def report(session: AsyncSession, doc: Posting) -> None:
    """Publish the document's current state on `sync.results.v1` through the outbox (same transaction)."""
    publish(
        session,
        tenant_id=doc.tenant_id,
        document_key=doc.document_key,
        document_type=doc.document_type,
        number=doc.number,
        state=State(doc.state),
        accurate_id=doc.accurate_id,
        message=doc.message,
        source_ids=doc.source_ids,
        attempts=doc.attempts,
        at=doc.updated_at,
    )


def publish(
    session: AsyncSession,
    *,
    tenant_id: str,
    document_key: str,
    document_type: str,
    number: str,
    state: State,
    accurate_id: int | None,
    message: str | None,
    source_ids: list[str],
    attempts: int,
    at: datetime,
) -> None:
    result = DocumentPosted(
        document_key=document_key,
        document_type=document_type,
        number=number,
        state=DocumentState(state.value),
        accurate_id=accurate_id,
        message=message,
        source_ids=source_ids,
    )
    envelope = Envelope(
        id=stable_id(document_key, state.value, str(attempts), at.isoformat()),
        type="sync.document_posted",
        tenant_id=tenant_id,
        occurred_at=at,
        correlation_id=stable_id(document_key),
        schema_="sync.document_posted/1",
        payload=result.model_dump(mode="json"),
    )
    add_to_outbox(session, SYNC_RESULTS, envelope)
