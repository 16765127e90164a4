"""Transactional outbox: a message is stored with the work that caused it, and relayed after.

A service writes `add_to_outbox(session, topic, envelope)` inside its own transaction; the
`OutboxRelay` publishes unsent rows in id order (key = tenant id) and marks them sent. With the
broker down nothing is lost: rows wait, and the relay retries with a capped backoff. A message the
broker refuses for good (too large, say) is moved aside into `outbox_dead_letter` with the reason,
in the same transaction that marks the rows beside it sent: it never holds up the rows behind it.
Behind a backlog the relay claims larger batches (200 doubling to 1,600 while they come back full),
read from an index of the unsent rows only. On PostgreSQL a pass's statements go through asyncpg
on a connection the relay keeps between passes (docs/outbox.md, "What one pass costs").
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
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlmodel import Field, SQLModel, col, func, select

from .db import Database
from .kept_connection import KeptConnection, check_out, let_go
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


def claim(limit: int) -> sa.Select[Any]:
    """The first `limit` unsent rows by id (SQLite; on PostgreSQL the relay sends `CLAIM_SQL`)."""
    outbox = _OUTBOX
    return (
        sa.select(
            outbox.c.id, outbox.c.topic, outbox.c.key, outbox.c.message_id, outbox.c.body, outbox.c.created_at
        )
        .where(outbox.c.sent_at.is_(None))
        .order_by(outbox.c.id)
        .limit(limit)
    )


def mark_sent(ids: list[int], now: datetime) -> sa.Update:
    """One UPDATE for a batch (SQLite; on PostgreSQL the relay sends `MARK_SENT_SQL`)."""
    return sa.update(_OUTBOX).where(_OUTBOX.c.id.in_(ids)).values(sent_at=now)


# A pass's statements on PostgreSQL, sent through asyncpg (`OutboxRelay._relay_through_asyncpg`);
# the tables are found on the connection's search_path (the service's schema). The claim reads the
# first unsent rows from `ix_outbox_unsent`, locked, skipping rows another relay holds (the test of
# its plan EXPLAINs this very statement). A refused row is moved aside in one statement, its body not sent back.
CLAIM_SQL = (
    "SELECT id, topic, key, message_id, body, created_at FROM outbox WHERE sent_at IS NULL "
    "ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED"
)
MARK_SENT_SQL = "UPDATE outbox SET sent_at = $2 WHERE id = ANY($1)"
MOVE_ASIDE_SQL = (
    "WITH gone AS (DELETE FROM outbox WHERE id = $1 "
    "RETURNING id, topic, key, message_id, body, created_at) "
    "INSERT INTO outbox_dead_letter (outbox_id, topic, key, message_id, body, reason, created_at, dead_at) "
    "SELECT id, topic, key, message_id, body, $2, created_at, $3 FROM gone"
)


def _log_dead_letter(row: Any, reason: str) -> None:
    log.error(
        "outbox message refused by the broker; moved to outbox_dead_letter",
        extra={
            "topic": row["topic"],
            "message_id": row["message_id"],
            "bytes": len(row["body"]),
            "reason": reason,
        },
    )


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
        # PostgreSQL: the connection kept between passes while `run()` runs (given back when it
        # ends; after a failed pass a fresh one is taken). `relay_once` alone takes one per pass.
        self._keep = False
        self._held: KeptConnection | None = None
        self._relayed = OUTBOX_RELAYED.labels(service)
        self._dead_lettered = OUTBOX_DEAD_LETTERED.labels(service)

    def nudge(self) -> None:
        """Send new rows now, unless backing off from a broker failure (then each new row would
        only add another failing publish attempt)."""
        if self.forward is not None:
            self.forward()
        elif self.healthy:
            self.wake.set()

    async def relay_once(self) -> int:
        """Send one batch; returns how many rows were sent (dead-lettered ones not counted)."""
        if self.db.is_postgres:
            return await self._relay_through_asyncpg()
        async with self.db.session() as session:
            query = claim(limit := self.next_batch_size)
            connection = await session.connection()  # Core rows: no ORM object per message
            rows = (await connection.execute(query)).mappings().all()
            self.next_batch_size = self._after(limit, rows)
            if not rows:
                return 0
            dead, sent_ids, now = await self._publish(rows)
            for row, reason in dead:
                await self._move_aside(connection, row, reason, now)
            if sent_ids:  # one UPDATE for the batch, not one per row
                await connection.execute(mark_sent(sent_ids, now))
        return self._counted(len(rows), len(dead))

    async def _relay_through_asyncpg(self) -> int:
        """One pass on PostgreSQL: the same transaction as the SQLite path (claim `FOR UPDATE SKIP
        LOCKED`, publish, dead letters and `UPDATE`, commit), its four statements sent straight
        through asyncpg on a connection the relay keeps while `run()` runs (docs/outbox.md). A pass
        of a few rows cost ~1.9 ms of CPU through a session, most of it SQLAlchemy's."""
        held = self._held or await check_out(self.db)
        try:
            driver = held.driver
            transaction = driver.transaction()
            await transaction.start()
            try:
                rows = await driver.fetch(CLAIM_SQL, limit := self.next_batch_size)
                self.next_batch_size = self._after(limit, rows)
                dead: list[tuple[Any, str]] = []
                if rows:
                    dead, sent_ids, now = await self._publish(rows)
                    for row, reason in dead:
                        await driver.execute(MOVE_ASIDE_SQL, row["id"], reason, now)
                        _log_dead_letter(row, reason)
                    if sent_ids:
                        await driver.execute(MARK_SENT_SQL, sent_ids, now)
            except Exception:
                if not driver.is_closed():
                    with contextlib.suppress(Exception):  # the error to raise is the first one
                        await transaction.rollback()  # the rows stay unsent, their locks released
                raise
            await transaction.commit()
        except BaseException:  # failed or cancelled (the closed connection's transaction is
            # rolled back by the server): this connection is closed, the next pass takes a fresh one
            self._held = None
            await let_go(held, keep_it=False)
            raise
        if self._keep:
            self._held = held
        else:
            await let_go(held, keep_it=True)
        return self._counted(len(rows), len(dead)) if rows else 0

    async def _publish(self, rows: Any) -> tuple[list[tuple[Any, str]], list[int], datetime]:
        """Publish the claimed rows; (refused rows with the reason, ids to mark sent, now). Raises
        `RelayFailed` when nothing is known (the caller's transaction then rolls back)."""
        try:
            refusals = await self.publisher.publish_many([(r["topic"], r["key"], r["body"]) for r in rows])
        except Exception as exc:  # the transaction rolls back: every row stays unsent
            self.healthy = False
            self.next_batch_size = self.batch_size  # retried from the base size
            raise RelayFailed(f"{type(exc).__name__}: {exc}") from exc
        self.healthy = True
        now = datetime.now(UTC)
        dead = [(row, reason) for row, reason in zip(rows, refusals, strict=True) if reason is not None]
        refused = {row["id"] for row, _ in dead}
        return dead, [row["id"] for row in rows if row["id"] not in refused], now

    def _counted(self, claimed: int, dead: int) -> int:
        sent = claimed - dead
        self._relayed.inc(sent)
        if dead:
            self._dead_lettered.inc(dead)
        if self.report is not None:
            self.report(sent, dead)
        return sent

    def _after(self, limit: int, rows: list[Any]) -> int:
        """The size of the next claim: larger while batches come back full, else the base size."""
        if len(rows) < limit or sum(len(row["body"]) for row in rows) > BEHIND_BATCH_BYTES:
            return self.batch_size
        return min(self.max_batch_size, limit * 2)

    async def _move_aside(self, connection: AsyncConnection, row: Any, reason: str, now: datetime) -> None:
        await connection.execute(
            sa.insert(_DEAD_LETTERS).values(
                outbox_id=row["id"], topic=row["topic"], key=row["key"], message_id=row["message_id"],
                body=row["body"], reason=reason, created_at=row["created_at"], dead_at=now,
            )
        )  # fmt: skip
        await connection.execute(sa.delete(_OUTBOX).where(_OUTBOX.c.id == row["id"]))
        _log_dead_letter(row, reason)

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
        self._keep = True
        try:
            await self._relay_forever(idle_interval, max_backoff)
        finally:
            self._keep = False
            held, self._held = self._held, None
            if held is not None:
                await let_go(held, keep_it=True)

    async def _relay_forever(self, idle_interval: float, max_backoff: float) -> None:
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
