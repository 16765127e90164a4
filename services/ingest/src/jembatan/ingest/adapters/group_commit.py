"""Group commit: the deliveries that arrive while a transaction is in flight share the next one.

A webhook hands its delivery to `DeliveryWriter.store` and waits; a few writer tasks each take
whatever is queued (up to `max_group`) and store it in ONE PostgreSQL statement — the inbox rows
`ON CONFLICT DO NOTHING`, the outbox rows of exactly those inbox rows that were new, and the count
of the repeats — which PostgreSQL commits before it answers (a statement of its own is a
transaction of its own: one round trip, no BEGIN or COMMIT); only then is each waiting webhook
answered (stored before acknowledged, as before). Nothing
waits on purpose: under light load a group holds one delivery; under a burst, many, and the
per-transaction costs (BEGIN, COMMIT and its WAL flush, the driver's bookkeeping) are shared.

A repeat of a dedupe key that is already in a group being written — this writer's or another's —
waits until that group has committed, and is then written (and answered duplicate): the first to
arrive is the one stored, whichever writer picks up the repeat. If
a group's transaction fails, each of its deliveries is stored again on its own (`store_delivery`),
so one bad row can only fail itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from jembatan.contracts.topics import POS_EVENTS
from jembatan.platform.db import Database
from jembatan.platform.kept_connection import KeptConnection, check_out, let_go

from ..domain.intake import Accepted, Unparseable, envelope_rows
from .inbox import store_delivery
from .tables import InboxStatus

log = logging.getLogger(__name__)

# asyncpg's own placeholders: the statement goes to the driver as it is (no SQLAlchemy compile,
# bind processing per array element, or greenlet hop), prepared once per connection by asyncpg.
# ONE statement stores the whole group — inbox rows, the outbox rows of exactly the inbox rows that
# were new, and the count of the repeats (the deliveries whose dedupe key was already stored; a group
# never holds one dedupe key twice) — so it needs no BEGIN / COMMIT around it: PostgreSQL runs a
# statement sent on its own as a transaction of its own, all of it or nothing, and answers only once
# it is committed (two round trips fewer per group; docs/performance.md, round five).
_STORE_GROUP = """
    WITH entry AS (
        INSERT INTO inbox (tenant_id, kind, dedupe_key, source, received_at, body, status, reason, events)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::bytea[],
                             $7::text[], $8::text[], $9::int[])
        ON CONFLICT (tenant_id, dedupe_key) DO NOTHING
        RETURNING tenant_id, dedupe_key
    ), queued AS (
        INSERT INTO outbox (topic, key, message_id, body, created_at)
        SELECT $10::text, event.tenant_id, event.message_id, event.body, event.created_at
        FROM unnest($11::text[], $12::text[], $13::text[], $14::bytea[], $15::timestamptz[])
             WITH ORDINALITY AS event(tenant_id, dedupe_key, message_id, body, created_at, n)
        JOIN entry ON entry.tenant_id = event.tenant_id AND entry.dedupe_key = event.dedupe_key
        ORDER BY event.n
        RETURNING 1
    ), repeated AS (
        INSERT INTO repeated_delivery (tenant_id, dedupe_key, repeats, last_received_at)
        SELECT delivery.tenant_id, delivery.dedupe_key, 1, delivery.received_at
        FROM unnest($1::text[], $3::text[], $5::timestamptz[]) AS delivery(tenant_id, dedupe_key, received_at)
        WHERE NOT EXISTS (
            SELECT 1 FROM entry WHERE entry.tenant_id = delivery.tenant_id AND entry.dedupe_key = delivery.dedupe_key
        )
        ON CONFLICT (tenant_id, dedupe_key)
        DO UPDATE SET repeats = repeated_delivery.repeats + 1, last_received_at = EXCLUDED.last_received_at
        RETURNING 1
    )
    SELECT tenant_id, dedupe_key FROM entry
"""


@dataclass
class Delivery:
    tenant_id: str
    kind: str
    raw: bytes
    decision: Accepted | Unparseable
    received_at: datetime
    source: str
    # (message id, envelope bytes) of its events, made by the request that waits for it: a writer
    # then only gathers a group's rows, and does not hold the event loop serialising a whole group
    events: list[tuple[str, bytes]] = field(default_factory=list)
    stored: asyncio.Future[bool] = field(default_factory=lambda: asyncio.get_running_loop().create_future())

    @property
    def identity(self) -> tuple[str, str]:
        return self.tenant_id, self.decision.dedupe_key


class DeliveryWriter:
    """Stores deliveries in groups on PostgreSQL; on SQLite, one by one (`store_delivery`)."""

    def __init__(self, db: Database, *, writers: int = 4, max_group: int = 100) -> None:
        self.db, self.writers, self.max_group = db, writers, max_group
        self._queue: asyncio.Queue[Delivery] = asyncio.Queue()
        self._tasks: list[asyncio.Task[None]] = []
        # dedupe keys in a group being written, and the repeats waiting for that group to commit
        self._waiting: dict[tuple[str, str], list[Delivery]] = {}
        self.groups = 0  # transactions committed, for the benchmark and the tests

    async def store(
        self, tenant_id: str, kind: str, raw: bytes, decision: Accepted | Unparseable,
        received_at: datetime, source: str = "webhook",
    ) -> bool:  # fmt: skip
        """Store the delivery and its events; False when its dedupe key was already stored."""
        if not self.db.is_postgres:
            return await store_delivery(self.db, tenant_id, kind, raw, decision, received_at, source)
        if not self._tasks:
            self._tasks = [asyncio.create_task(self._write()) for _ in range(self.writers)]
        events = envelope_rows(tenant_id, decision, received_at) if isinstance(decision, Accepted) else []
        delivery = Delivery(tenant_id, kind, raw, decision, received_at, source, events)
        self._queue.put_nowait(delivery)
        return await delivery.stored

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []

    async def _write(self) -> None:
        # This writer's pooled connection, kept from one group to the next: a checkout per group cost
        # ~80 µs of CPU, as much as the statement (platform/kept_connection.py). Each writer holds one
        # of the pool's connections while it runs (`JEMBATAN_GROUP_COMMIT_WRITERS`, 4 by default).
        held: KeptConnection | None = None
        try:
            while True:
                group = self._take(await self._queue.get(), [])
                while len(group) < self.max_group and not self._queue.empty():
                    self._take(self._queue.get_nowait(), group)
                if not group:
                    continue
                try:
                    held = await self._store_group(group, held)
                finally:
                    for delivery in group:
                        for repeat in self._waiting.pop(delivery.identity, []):
                            self._queue.put_nowait(repeat)
        finally:
            if held is not None:
                await let_go(held, keep_it=True)

    def _take(self, delivery: Delivery, group: list[Delivery]) -> list[Delivery]:
        """Add `delivery` to `group`, or hold it back while its dedupe key is being written."""
        if delivery.identity in self._waiting:
            self._waiting[delivery.identity].append(delivery)
        else:
            self._waiting[delivery.identity] = []
            group.append(delivery)
        return group

    async def _store_group(self, group: list[Delivery], held: KeptConnection | None) -> KeptConnection | None:
        """Store `group` on the writer's `held` connection (one is checked out when there is none);
        the connection to keep for the next group, or None after a failure (it is let go)."""
        try:
            held = held or await check_out(self.db)
            fresh = await _in_one_statement(held, group)
            self.groups += 1
        except asyncio.CancelledError:  # stopping, maybe mid-statement: the connection is closed for good
            if held is not None:
                await let_go(held, keep_it=False)
            raise
        except Exception as exc:
            log.warning(
                "group commit failed; storing one by one", extra={"error": repr(exc), "size": len(group)}
            )
            if held is not None:
                await let_go(held, keep_it=True)  # back to the pool (closed for good if it was dropped)
            for delivery in group:
                await self._store_alone(delivery)
            return None
        for delivery in group:
            if not delivery.stored.done():
                delivery.stored.set_result(delivery.identity in fresh)
        return held

    async def _store_alone(self, d: Delivery) -> None:
        try:
            stored = await store_delivery(
                self.db, d.tenant_id, d.kind, d.raw, d.decision, d.received_at, d.source
            )
        except Exception as exc:
            if not d.stored.done():
                d.stored.set_exception(exc)
            return
        if not d.stored.done():
            d.stored.set_result(stored)


async def _in_one_statement(kept: KeptConnection, group: list[Delivery]) -> set[tuple[str, str]]:
    """Store `group` in one statement (its own transaction, see `_STORE_GROUP`), through asyncpg."""
    return await _insert_group(kept.driver, group)


async def _insert_group(driver: Any, group: list[Delivery]) -> set[tuple[str, str]]:
    rows: list[list[object]] = [[] for _ in range(14)]
    (tenant_ids, kinds, dedupe_keys, sources, received_ats, bodies, statuses, reasons, events,
     e_tenant_ids, e_dedupe_keys, e_message_ids, e_bodies, e_created_ats) = rows  # fmt: skip
    for d in group:
        accepted = isinstance(d.decision, Accepted)
        tenant_ids.append(d.tenant_id)
        kinds.append(d.kind)
        dedupe_keys.append(d.decision.dedupe_key)
        sources.append(d.source)
        received_ats.append(d.received_at)
        bodies.append(d.raw)
        statuses.append(str(InboxStatus.ACCEPTED if accepted else InboxStatus.PARKED))
        reasons.append(d.decision.reason if isinstance(d.decision, Unparseable) else None)
        events.append(len(d.events))
        for message_id, body in d.events:
            e_tenant_ids.append(d.tenant_id)
            e_dedupe_keys.append(d.decision.dedupe_key)
            e_message_ids.append(message_id)
            e_bodies.append(body)
            e_created_ats.append(d.received_at)
    found = await driver.fetch(_STORE_GROUP, *rows[:9], POS_EVENTS, *rows[9:])
    return {(row[0], row[1]) for row in found}
