"""Transactional outbox: a message is stored with the work that caused it, and relayed after.

A service writes `add_to_outbox(session, topic, envelope)` inside its own transaction; the
`OutboxRelay` publishes unsent rows in id order (key = tenant id) and marks them sent. With the
broker down nothing is lost: rows wait, and the relay retries with a capped backoff. A message the
broker refuses for good (too large, say) is moved aside into `outbox_dead_letter` with the reason,
in the same transaction that marks the rows beside it sent: it never holds up the rows behind it.
Behind a backlog the relay claims larger batches (200 doubling to 1,600 while they come back full),
read from an index of the unsent rows only (docs/outbox.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Protocol

import sqlalchemy as sa
from jembatan.contracts import Envelope
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlmodel import Field, SQLModel, col, func, select

from .db import Database
from .metrics import OUTBOX_DEAD_LETTERED, OUTBOX_DEAD_LETTERS, OUTBOX_PENDING, OUTBOX_RELAYED
from .types import utc_column

log = logging.getLogger(__name__)

# A full batch grows the next claim only while its bodies are at most this large: a backlog of
# ~3 KB events is claimed up to `max_batch_size` rows at a time, a run of multi-MB orders is not.
BEHIND_BATCH_BYTES = 8 * 1024 * 1024


class OutboxMessage(SQLModel, table=True):
    __tablename__ = "outbox"
    # The relay claims the first unsent rows by id from this index of the unsent rows only
    # (platform migration p0002): sent rows are kept, and must not be walked past at every claim.
    __table_args__ = (
        sa.Index(
            "ix_outbox_unsent",
            "id",
            postgresql_where=sa.text("sent_at IS NULL"),
            sqlite_where=sa.text("sent_at IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    topic: str = Field(max_length=200)
    key: str = Field(max_length=200)
    message_id: str = Field(max_length=200, index=True)
    body: bytes = Field(sa_column=sa.Column(sa.LargeBinary, nullable=False))
    created_at: datetime = Field(sa_column=utc_column())
    sent_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True, index=True))


class OutboxDeadLetter(SQLModel, table=True):
    """An outbox message the broker refused for good, kept whole with the broker's reason."""

    __tablename__ = "outbox_dead_letter"

    id: int | None = Field(default=None, primary_key=True)
    outbox_id: int
    topic: str = Field(max_length=200)
    key: str = Field(max_length=200)
    message_id: str = Field(max_length=200, index=True)
    body: bytes = Field(sa_column=sa.Column(sa.LargeBinary, nullable=False))
    reason: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    created_at: datetime = Field(sa_column=utc_column())
    dead_at: datetime = Field(sa_column=utc_column())


_OUTBOX: sa.Table = OutboxMessage.__table__  # type: ignore[attr-defined]
_DEAD_LETTERS: sa.Table = OutboxDeadLetter.__table__  # type: ignore[attr-defined]


def add_to_outbox(session: AsyncSession, topic: str, envelope: Envelope) -> None:
    """Queue `envelope` for `topic` in the caller's transaction; partition key = tenant."""
    session.add(
        OutboxMessage(
            topic=topic,
            key=envelope.tenant_id,
            message_id=envelope.id,
            body=envelope.to_bytes(),
            created_at=datetime.now(UTC),
        )
    )


def claim(limit: int, *, postgres: bool) -> sa.Select[Any]:
    """The first `limit` unsent rows by id, locked, skipping rows another relay holds (PostgreSQL).
    It reads them from `ix_outbox_unsent`, an index of the unsent rows only."""
    outbox = _OUTBOX
    query = (
        sa.select(
            outbox.c.id, outbox.c.topic, outbox.c.key, outbox.c.message_id, outbox.c.body, outbox.c.created_at
        )
        .where(outbox.c.sent_at.is_(None))
        .order_by(outbox.c.id)
        .limit(limit)
    )
    return query.with_for_update(skip_locked=True) if postgres else query


def mark_sent(ids: list[int], now: datetime, *, postgres: bool) -> sa.Update:
    """One UPDATE for a batch. On PostgreSQL the ids go as one array parameter (`= ANY`): an
    `IN` list of 1,600 ids was compiled into 1,600 parameters, ~5 % of the relay's CPU."""
    outbox = _OUTBOX
    if postgres:
        chosen = outbox.c.id == sa.any_(sa.bindparam("ids", ids, type_=postgresql.ARRAY(sa.Integer)))
    else:
        chosen = outbox.c.id.in_(ids)
    return sa.update(outbox).where(chosen).values(sent_at=now)


class Publisher(Protocol):
    async def publish_many(self, messages: list[tuple[str, str, bytes]]) -> list[str | None]:
        """Send (topic, key, value) messages and wait for the broker's answer to each: None when
        acknowledged, the reason when refused for good. Raises when the broker cannot be reached
        (then nothing is known: every message is sent again later)."""


class RelayFailed(Exception):
    pass


class OutboxRelay:
    """Publishes unsent outbox rows; safe to run in several replicas on PostgreSQL."""

    def __init__(
        self,
        db: Database,
        publisher: Publisher,
        *,
        service: str,
        batch_size: int = 200,
        max_batch_size: int = 1600,
        linger: float = 0.0,
    ) -> None:
        self.db = db
        self.publisher = publisher
        self.service = service
        self.batch_size = batch_size
        # Behind (the last batch came back full): the next claim is twice as large, up to this, as
        # long as the last batch's bodies came to at most BEHIND_BATCH_BYTES; a partial batch goes
        # back to `batch_size`. Fewer passes per message when a backlog built up (docs/outbox.md).
        self.max_batch_size = max(batch_size, max_batch_size)
        self.next_batch_size = batch_size
        # After a partial batch, wait this long before the next pass (bigger batches). Off: 20 ms
        # measured worse, ingest 138 webhooks/s against 317 without it (docs/performance.md).
        self.linger = linger
        self.wake = asyncio.Event()
        self.healthy = True  # False while the broker refuses: nudges then wait for the backoff
        self.count_every = 1.0  # seconds between the relay's own recounts of the pending gauge
        self._next_count = 0.0
        # When the relay runs in a process of its own (`relay_process`): where a nudge goes instead
        # of this object's loop, and who hears how many rows each batch sent and dead-lettered.
        self.forward: Callable[[], None] | None = None
        self.report: Callable[[int, int], None] | None = None

    def nudge(self) -> None:
        """Send new rows now, unless backing off from a broker failure (then each new row would
        only add another failing publish attempt)."""
        if self.forward is not None:
            self.forward()
        elif self.healthy:
            self.wake.set()

    async def relay_once(self) -> int:
        """Send one batch; returns how many rows were sent (dead-lettered ones not counted)."""
        async with self.db.session() as session:
            query = claim(limit := self.next_batch_size, postgres=self.db.is_postgres)
            connection = await session.connection()  # Core rows: no ORM object per message
            rows = (await connection.execute(query)).all()
            self.next_batch_size = self._after(limit, rows)
            if not rows:
                return 0
            try:
                refusals = await self.publisher.publish_many([(r.topic, r.key, r.body) for r in rows])
            except Exception as exc:  # the transaction rolls back: every row stays unsent
                self.healthy = False
                self.next_batch_size = self.batch_size  # retried from the base size
                raise RelayFailed(f"{type(exc).__name__}: {exc}") from exc
            self.healthy = True
            now = datetime.now(UTC)
            dead = [(row, reason) for row, reason in zip(rows, refusals, strict=True) if reason is not None]
            for row, reason in dead:
                await self._move_aside(connection, row, reason, now)
            refused = {row.id for row, _ in dead}
            sent_ids = [row.id for row in rows if row.id not in refused]
            if sent_ids:  # one UPDATE for the batch, not one per row
                await connection.execute(mark_sent(sent_ids, now, postgres=self.db.is_postgres))
        sent = len(rows) - len(dead)
        OUTBOX_RELAYED.labels(self.service).inc(sent)
        if dead:
            OUTBOX_DEAD_LETTERED.labels(self.service).inc(len(dead))
        if self.report is not None:
            self.report(sent, len(dead))
        return sent

    def _after(self, limit: int, rows: list[Any]) -> int:
        """The size of the next claim: larger while batches come back full, else the base size."""
        if len(rows) < limit or sum(len(row.body) for row in rows) > BEHIND_BATCH_BYTES:
            return self.batch_size
        return min(self.max_batch_size, limit * 2)

    async def _move_aside(self, connection: AsyncConnection, row: Any, reason: str, now: datetime) -> None:
        await connection.execute(
            sa.insert(_DEAD_LETTERS).values(
                outbox_id=row.id, topic=row.topic, key=row.key, message_id=row.message_id,
                body=row.body, reason=reason, created_at=row.created_at, dead_at=now,
            )
        )  # fmt: skip
        await connection.execute(sa.delete(_OUTBOX).where(_OUTBOX.c.id == row.id))
        log.error(
            "outbox message refused by the broker; moved to outbox_dead_letter",
            extra={
                "topic": row.topic,
                "message_id": row.message_id,
                "bytes": len(row.body),
                "reason": reason,
            },
        )

    async def pending(self) -> int:
        """Rows waiting to be relayed (also sets the pending and dead-letter gauges)."""
        async with self.db.session() as session:
            query = (
                select(func.count()).select_from(OutboxMessage).where(col(OutboxMessage.sent_at).is_(None))
            )
            count = int((await session.exec(query)).one())
            dead = int((await session.exec(select(func.count()).select_from(OutboxDeadLetter))).one())
        OUTBOX_PENDING.labels(self.service).set(count)
        OUTBOX_DEAD_LETTERS.labels(self.service).set(dead)
        return count

    async def run(self, idle_interval: float = 0.2, max_backoff: float = 5.0) -> None:
        """Relay forever; back off while the broker is unreachable."""
        backoff = idle_interval
        while True:
            try:
                sent = await self.relay_once()
                backoff = idle_interval
                if sent:  # the next claim at once (larger if this one was full): no nudge or poll awaited
                    if sent < self.batch_size and self.linger:
                        await asyncio.sleep(self.linger)
                    continue
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("outbox relay failed; will retry", extra={"error": str(exc), "backoff": backoff})
                backoff = min(max_backoff, backoff * 2)
            try:  # after a failed pass too: the gauge must show the rows that wait
                # at most once a second: two COUNTs after every idle pass were a tenth of the
                # mapper's time in the stack (docs/performance.md); a scrape always recounts
                if time.monotonic() >= self._next_count:
                    self._next_count = time.monotonic() + self.count_every
                    await self.pending()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("could not count pending outbox rows", extra={"error": str(exc)})
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wake.wait(), timeout=backoff)
            self.wake.clear()
