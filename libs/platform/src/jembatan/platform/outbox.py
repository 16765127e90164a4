"""Transactional outbox: a message is stored with the work that caused it, and relayed after.

A service writes `add_to_outbox(session, topic, envelope)` inside its own transaction; the
`OutboxRelay` publishes unsent rows in id order (key = tenant id) and marks them sent. With the
broker down nothing is lost: rows wait, and the relay retries with a capped backoff.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime
from typing import Protocol

import sqlalchemy as sa
from jembatan.contracts import Envelope
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Field, SQLModel, col, func, select

from .db import Database
from .metrics import OUTBOX_PENDING, OUTBOX_RELAYED
from .types import utc_column

log = logging.getLogger(__name__)


class OutboxMessage(SQLModel, table=True):
    __tablename__ = "outbox"

    id: int | None = Field(default=None, primary_key=True)
    topic: str = Field(max_length=200)
    key: str = Field(max_length=200)
    message_id: str = Field(max_length=200, index=True)
    body: bytes = Field(sa_column=sa.Column(sa.LargeBinary, nullable=False))
    created_at: datetime = Field(sa_column=utc_column())
    sent_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True, index=True))


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


class Publisher(Protocol):
    async def publish_many(self, messages: list[tuple[str, str, bytes]]) -> None:
        """Send (topic, key, value) messages and wait until the broker acknowledged all."""


class RelayFailed(Exception):
    pass


class OutboxRelay:
    """Publishes unsent outbox rows; safe to run in several replicas on PostgreSQL."""

    def __init__(self, db: Database, publisher: Publisher, *, service: str, batch_size: int = 200) -> None:
        self.db = db
        self.publisher = publisher
        self.service = service
        self.batch_size = batch_size
        self.wake = asyncio.Event()
        self.healthy = True  # False while the broker refuses: nudges then wait for the backoff

    def nudge(self) -> None:
        """Send new rows now, unless backing off from a broker failure (then each new row would
        only add another failing publish attempt)."""
        if self.healthy:
            self.wake.set()

    async def relay_once(self) -> int:
        """Send one batch; returns how many rows were sent."""
        async with self.db.session() as session:
            query = (
                select(OutboxMessage)
                .where(col(OutboxMessage.sent_at).is_(None))
                .order_by(col(OutboxMessage.id))
                .limit(self.batch_size)
            )
            if self.db.is_postgres:
                query = query.with_for_update(skip_locked=True)
            rows = (await session.exec(query)).all()
            if not rows:
                return 0
            try:
                await self.publisher.publish_many([(r.topic, r.key, r.body) for r in rows])
            except Exception as exc:  # the transaction rolls back: every row stays unsent
                self.healthy = False
                raise RelayFailed(f"{type(exc).__name__}: {exc}") from exc
            self.healthy = True
            now = datetime.now(UTC)
            for row in rows:
                row.sent_at = now
        OUTBOX_RELAYED.labels(self.service).inc(len(rows))
        return len(rows)

    async def pending(self) -> int:
        async with self.db.session() as session:
            query = (
                select(func.count()).select_from(OutboxMessage).where(col(OutboxMessage.sent_at).is_(None))
            )
            count = int((await session.exec(query)).one())
        OUTBOX_PENDING.labels(self.service).set(count)
        return count

    async def run(self, idle_interval: float = 0.2, max_backoff: float = 5.0) -> None:
        """Relay forever; back off while the broker is unreachable."""
        backoff = idle_interval
        while True:
            try:
                sent = await self.relay_once()
                backoff = idle_interval
                if sent:
                    continue
                await self.pending()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("outbox relay failed; will retry", extra={"error": str(exc), "backoff": backoff})
                backoff = min(max_backoff, backoff * 2)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wake.wait(), timeout=backoff)
            self.wake.clear()
