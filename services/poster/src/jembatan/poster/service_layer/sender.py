"""Sending planned documents to Accurate — never twice, as fast as Accurate allows, fair per tenant.

- One sending task per tenant with due work, started only after this replica took the tenant's
  lease (so one replica at a time sends for a tenant, and its database's budget holds).
- Each round takes the tenant's due documents, groups them into calls (one module per call,
  ≤ 100 documents → ``bulk-save.do``) and runs up to 8 calls at once; the Accurate client's shared
  budget keeps them within 8 requests per second.
- `sending` is committed before a call. An unknown outcome (timeout, dropped connection, duplicate
  number) is looked up by the document's deterministic number before anything is sent again.
- A failure of the whole call that says nothing about the documents (not connected, rate, 5xx,
  network, auth) pauses the tenant with a capped exponential backoff; other tenants go on.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from jembatan.accurate import AccurateError, FailureKind, RecordResult

from ..adapters.customers import CustomerDirectory
from ..adapters.tables import Posting
from ..domain import scheduling
from ..domain.posting import State, after_failure
from ..domain.scheduling import Outcome
from .ports import Books, Gateway, PostingLedger

log = logging.getLogger(__name__)
T = TypeVar("T")

LOOKUP_FIELD = {"customer": "customerNo", "vendor": "vendorNo"}  # others are looked up by `number`


def utc_now() -> datetime:
    return datetime.now(UTC)


class TenantCannotPost(Exception):
    """Nothing can be sent for this tenant now; it waits (the reason is kept for the log)."""


class PostingWorker:
    def __init__(
        self,
        ledger: PostingLedger,
        gateway: Gateway,
        *,
        replica: str | None = None,
        clock: Callable[[], datetime] = utc_now,
        lease: timedelta = timedelta(seconds=30),
        calls_in_flight: int = scheduling.CALLS_IN_FLIGHT,
        per_call: int = scheduling.MAX_PER_CALL,
        rounds_ahead: int = 2,
        max_attempts: int = scheduling.MAX_ATTEMPTS,
        customers: CustomerDirectory | None = None,
    ) -> None:
        self.ledger = ledger
        self.gateway = gateway
        self.replica = replica or f"poster-{uuid.uuid4().hex[:8]}"
        self.clock = clock
        self.lease = lease
        self.calls_in_flight = calls_in_flight
        self.per_call = per_call
        self.round_size = scheduling.round_size(calls_in_flight, per_call) * rounds_ahead
        self.max_attempts = max_attempts
        self.customers = customers or CustomerDirectory()
        self.wake = asyncio.Event()
        self.tasks: dict[str, asyncio.Task[None]] = {}
        self.failures: dict[str, int] = {}  # consecutive tenant-level failures

    # --- scheduling -------------------------------------------------------------------------------

    async def run(self, interval: float = 0.5) -> None:
        """Start tenants' sending tasks whenever there is due work; pause between scans."""
        try:
            while True:
                try:
                    await self.schedule()
                except asyncio.CancelledError:
                    raise
                except Exception:
                    log.exception("posting schedule failed")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.wake.wait(), timeout=interval)
                self.wake.clear()
        finally:
            await self.stop()

    async def schedule(self) -> list[str]:
        """Start a sending task for every tenant with due work whose lease this replica gets."""
        now = self.clock()
        started = []
        for tenant in await self.ledger.tenants_with_due_work(now):
            if tenant in self.tasks:
                continue
            if not await self.ledger.claim(tenant, self.replica, now, now + self.lease):
                continue  # another replica is sending for this tenant
            task = asyncio.create_task(self._drain_logged(tenant), name=f"posting:{tenant}")
            self.tasks[tenant] = task
            task.add_done_callback(self._forget_task)
            started.append(tenant)
        return started

    def _forget_task(self, task: asyncio.Task[None]) -> None:
        for tenant, running in list(self.tasks.items()):
            if running is task:
                del self.tasks[tenant]

    async def run_until_idle(self, max_scans: int = 100) -> None:
        """Schedule and wait for every tenant's task, until nothing is due (for tests and the bench)."""
        for _ in range(max_scans):
            await self.schedule()
            if not self.tasks:
                return
            await asyncio.gather(*list(self.tasks.values()))

    async def stop(self) -> None:
        tasks = list(self.tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _drain_logged(self, tenant: str) -> None:
        try:
            await self.drain(tenant)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("sending failed", extra={"tenant_id": tenant})
            await self._pause(tenant, "the poster hit an unexpected error")

    async def drain(self, tenant: str) -> None:
        """Send the tenant's due documents, round after round, until none is due or it must wait.

        The caller holds the tenant's lease; it is renewed before every round and released at the end.
        """
        try:
            await self.ledger.recover_interrupted(tenant)
            while True:
                now = self.clock()
                if not await self.ledger.claim(tenant, self.replica, now, now + self.lease):
                    return  # lease lost (we were too slow): another replica carries on
                documents = await self.ledger.due(tenant, now, self.round_size)
                if not documents:
                    return
                try:
                    await self.send_round(tenant, documents)
                except TenantCannotPost as exc:
                    await self._pause(tenant, str(exc))
                    return
                self.failures.pop(tenant, None)
        finally:
            await self.ledger.release(tenant, self.replica)

    async def _pause(self, tenant: str, reason: str) -> None:
        failures = self.failures[tenant] = self.failures.get(tenant, 0) + 1
        until = self.clock() + scheduling.backoff(failures)
        log.warning("tenant waits", extra={"tenant_id": tenant, "until": until.isoformat(), "reason": reason})
        await self.ledger.pause(tenant, until, reason)

    # --- one round --------------------------------------------------------------------------------

    async def send_round(self, tenant: str, documents: Sequence[Posting]) -> None:
        """Look up the unknown, send the planned — up to `calls_in_flight` calls at once.

        Raises TenantCannotPost when the tenant must wait (after recording what it can).
        """
        books = await self.gateway.client(tenant)
        if books is None:
            raise TenantCannotPost("Accurate is not connected")
        unknown = [doc for doc in documents if doc.state == State.UNKNOWN]
        planned = [doc for doc in documents if doc.state == State.PLANNED]
        refused = await self._ensure_customers(tenant, books, planned)
        gate = asyncio.Semaphore(self.calls_in_flight)
        jobs = [_bounded(gate, self._look_up(books, doc)) for doc in unknown]
        jobs += [_bounded(gate, self._send_call(books, call, refused)) for call in self._calls(planned)]
        reasons = [reason for reason in await asyncio.gather(*jobs) if reason]
        if reasons:
            raise TenantCannotPost(reasons[0])

    def _calls(self, planned: Sequence[Posting]) -> list[list[Posting]]:
        return scheduling.plan_calls(planned, self.per_call)

    async def _ensure_customers(
        self, tenant: str, books: Books, planned: Sequence[Posting]
    ) -> dict[str, str]:
        """Create each customer the round's documents name (once); returns the refused ones' reasons."""
        refused: dict[str, str] = {}
        needed = sorted({no for doc in planned if (no := _customer_of(doc))})
        for customer_no in needed:
            try:
                await self.customers.ensure(tenant, books, customer_no)  # type: ignore[arg-type]
            except AccurateError as exc:
                if scheduling.is_tenant_failure(exc.kind) or exc.kind == FailureKind.UNKNOWN_OUTCOME:
                    raise TenantCannotPost(f"customer {customer_no} not ready: {exc}") from exc
                refused[customer_no] = f"customer {customer_no} could not be created: {exc}"
        return refused

    async def _send_call(self, books: Books, call: list[Posting], refused: dict[str, str]) -> str | None:
        """Send one call (save or bulk-save); settle every document of it. Returns a tenant-level reason."""
        now = self.clock()
        await self.ledger.start_sending([doc.document_key for doc in call], now)
        blocked = [doc for doc in call if _customer_of(doc) in refused]
        sendable = [doc for doc in call if doc not in blocked]
        outcomes = [
            Outcome(doc.document_key, State.FAILED, refused[_customer_of(doc) or ""]) for doc in blocked
        ]
        if not sendable:
            await self.ledger.settle(outcomes, now)
            return None
        module = sendable[0].document_type
        bodies = [json.loads(doc.body, parse_float=Decimal) for doc in sendable]
        try:
            if len(bodies) == 1:
                records = [RecordResult(0, result=await books.save(module, bodies[0]))]
            else:
                records = await books.bulk_save(module, bodies)
        except AccurateError as exc:
            if scheduling.is_tenant_failure(exc.kind):
                now = self.clock()
                outcomes += [self._unwritten(doc, str(exc), now) for doc in sendable]
                await self.ledger.settle(outcomes, now)
                return str(exc)
            records = [RecordResult(index, error=exc) for index in range(len(sendable))]
        outcomes += await asyncio.gather(
            *(self._after(books, d, r) for d, r in zip(sendable, records, strict=True))
        )
        await self.ledger.settle(outcomes, self.clock())
        return None

    def _unwritten(self, doc: Posting, reason: str, now: datetime) -> Outcome:
        retry = scheduling.after_unwritten_failure(doc.attempts + 1, reason, now, self.max_attempts)
        return Outcome(doc.document_key, retry.state, retry.message, next_attempt_at=retry.next_attempt_at)

    async def _after(self, books: Books, doc: Posting, record: RecordResult) -> Outcome:
        """Where one sent document goes, given its own result."""
        if record.error is None:
            saved = record.result
            return Outcome(doc.document_key, State.POSTED, accurate_id=saved.id if saved else None)
        error = record.error
        state = after_failure(error.kind)
        if state == State.UNKNOWN:
            return await self._resolve(books, doc, doc.attempts + 1, str(error))
        if state == State.PLANNED:
            return self._unwritten(doc, str(error), self.clock())
        return Outcome(doc.document_key, State.FAILED, str(error))

    async def _look_up(self, books: Books, doc: Posting) -> str | None:
        outcome = await self._resolve(books, doc, doc.attempts, doc.message or "unknown outcome")
        await self.ledger.settle([outcome], self.clock())
        return None

    async def _resolve(self, books: Books, doc: Posting, attempts: int, reason: str) -> Outcome:
        """The outcome was unknown: look the number up; adopt it, or send it again later."""
        field = LOOKUP_FIELD.get(doc.document_type, "number")
        try:
            found = await books.detail(doc.document_type, id=None, **{field: doc.number})
        except AccurateError as exc:
            now = self.clock()
            if exc.kind != FailureKind.NOT_FOUND:
                wait = now + scheduling.backoff(max(attempts, 1))
                return Outcome(
                    doc.document_key, State.UNKNOWN, f"look-up failed: {exc}", next_attempt_at=wait
                )
            if doc.state == State.UNKNOWN:  # found in the ledger as unknown: safe to plan again now
                return Outcome(doc.document_key, State.PLANNED, f"not in Accurate after: {reason}")
            return self._unwritten(doc, f"not in Accurate after: {reason}", now)
        raw_id = found.get("id")
        accurate_id = int(raw_id) if isinstance(raw_id, int | str) and str(raw_id).isdigit() else None
        return Outcome(doc.document_key, State.POSTED, "adopted by number", accurate_id=accurate_id)


async def _bounded(gate: asyncio.Semaphore, job: Awaitable[T]) -> T:
    async with gate:
        return await job


def _customer_of(doc: Posting) -> str | None:
    if doc.document_type == "customer":
        return None  # a customer document creates the customer itself
    body: Any = json.loads(doc.body)
    value = body.get("customerNo") if isinstance(body, dict) else None
    return value if isinstance(value, str) and value else None
