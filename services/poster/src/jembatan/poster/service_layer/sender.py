"""Sending planned documents to Accurate — never twice, as fast as Accurate allows, fair per tenant.

- One sending task per tenant with due work, started only after this replica took the tenant's
  lease (so one replica at a time sends for a tenant, and its database's budget holds).
- The task keeps 8 calls talking to Accurate and 8 more ready behind them: it takes due documents,
  groups them into calls (one module per call, ≤ 100 documents → ``bulk-save.do``) and refills as
  calls finish; the Accurate client's budget keeps their starts within 8 per second.
- A call that is not full waits (at most `hold`, 1 s) while more of its module are about to become
  due — receipts whose invoice is in a call out — so a backlog leaves in full calls.
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
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from functools import partial
from typing import Any

from jembatan.accurate import AccurateError, FailureKind, RecordResult
from jembatan.accurate.documents.assumptions import LIST_EQUAL_MATCHES_ANY_VALUE
from jembatan.platform.logging import log_context

from ..adapters.customers import CustomerDirectory
from ..adapters.tables import Posting
from ..domain import scheduling
from ..domain.posting import LOST, POSTED_AGAIN, State, after_failure
from ..domain.scheduling import Outcome
from .pipeline import Pipe, Ticket
from .ports import AccurateApi, Gateway, PostingLedger

log = logging.getLogger(__name__)

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
        lease: timedelta = timedelta(seconds=45),  # longer than a call's timeout: see drain(), PosterSettings
        calls_in_flight: int = scheduling.CALLS_IN_FLIGHT,
        per_call: int = scheduling.MAX_PER_CALL,
        calls_waiting: int | None = None,
        max_attempts: int = scheduling.MAX_ATTEMPTS,
        customers: CustomerDirectory | None = None,
        hold: float = scheduling.HOLD_SECONDS,
    ) -> None:
        self.ledger = ledger
        self.gateway = gateway
        self.replica = replica or f"poster-{uuid.uuid4().hex[:8]}"
        self.clock = clock
        self.lease = lease
        self.calls_in_flight = calls_in_flight
        self.per_call = per_call
        self.calls_waiting = calls_in_flight if calls_waiting is None else calls_waiting
        self.max_attempts = max_attempts
        self.customers = customers or CustomerDirectory()
        self.hold = hold
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
        for tenant in await self.ledger.tenants_with_due_work(now, self.replica):
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
        # Every log line of the task and of the calls it starts (the Accurate client's too) names the tenant.
        with log_context(tenant_id=tenant):
            try:
                await self.drain(tenant)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("sending failed", extra={"tenant_id": tenant})
                await self._pause(tenant, "the poster hit an unexpected error")

    async def drain(self, tenant: str) -> None:
        """Send the tenant's due documents until none is due or the tenant must wait.

        The caller took the tenant's lease; a heartbeat renews it while this runs, and it is released
        at the end. If this replica dies, the lease expires and another replica takes the tenant
        over — after every call of the dead one has timed out, since the lease outlasts a call.
        """
        held = asyncio.Event()
        held.set()
        heartbeat = asyncio.create_task(self._keep_lease(tenant, held))
        try:
            await self.ledger.recover_interrupted(tenant)
            await self._pump(tenant, held)
        except TenantCannotPost as exc:
            await self._pause(tenant, str(exc))
        finally:
            heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await heartbeat
            if held.is_set():
                await self.ledger.release(tenant, self.replica)

    async def _keep_lease(self, tenant: str, held: asyncio.Event) -> None:
        """Renew the lease every third of its length; clear `held` if another replica took it."""
        while True:
            await asyncio.sleep(self.lease.total_seconds() / 3)
            now = self.clock()
            if not await self.ledger.claim(tenant, self.replica, now, now + self.lease):
                log.warning("sending lease lost", extra={"tenant_id": tenant})
                held.clear()
                return

    async def _pause(self, tenant: str, reason: str) -> None:
        failures = self.failures[tenant] = self.failures.get(tenant, 0) + 1
        until = self.clock() + scheduling.backoff(failures)
        log.warning("tenant waits", extra={"tenant_id": tenant, "until": until.isoformat(), "reason": reason})
        await self.ledger.pause(tenant, until, reason)

    # --- the pipeline -----------------------------------------------------------------------------

    async def _pump(self, tenant: str, held: asyncio.Event) -> None:
        """Keep `calls_in_flight` calls talking to Accurate and as many ready behind them; refill
        from the ledger as soon as half of the ready ones have started (settling does not count).

        Raises TenantCannotPost when the tenant must wait (after the calls already out are settled).
        """
        accurate = await self.gateway.client(tenant)
        if accurate is None:
            raise TenantCannotPost("Accurate is not connected")
        pipe = Pipe(self.calls_in_flight)
        busy: set[str] = set()  # unknown documents being looked up right now
        waiting: dict[str, float] = {}  # documents held back for companions -> since (loop time)
        flying: set[str] = set()  # documents of the calls out (sent or queued), until settled
        pending: set[asyncio.Task[str | None]] = set()
        reasons: list[str] = []
        loop = asyncio.get_running_loop()
        try:
            while held.is_set() and not reasons:
                if self._wants_refill(pipe):
                    room = self.calls_in_flight + self.calls_waiting - pipe.unsent
                    pending |= await self._refill(tenant, accurate, pipe, busy, room, waiting, flying)
                if not pending:
                    return
                timeout = None  # wake when a held call has waited long enough (if a refill would run)
                if waiting and self._wants_refill(pipe):
                    timeout = max(0.001, min(waiting.values()) + self.hold - loop.time())
                pipe.moved.clear()
                mover = asyncio.create_task(pipe.moved.wait())
                await asyncio.wait({*pending, mover}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
                mover.cancel()
                finished = {task for task in pending if task.done()}
                pending -= finished
                reasons += [reason for task in finished if (reason := task.result())]
                if len(finished) > len(reasons):
                    self.failures.pop(tenant, None)
        except BaseException:
            for task in pending:
                task.cancel()  # a crash or a bug: what was in flight is looked up later
            await asyncio.gather(*pending, return_exceptions=True)
            raise
        results = await asyncio.gather(*pending, return_exceptions=True)
        reasons += [result for result in results if isinstance(result, str)]
        if reasons:
            raise TenantCannotPost(reasons[0])

    def _wants_refill(self, pipe: Pipe) -> bool:
        return pipe.unsent <= self.calls_in_flight + self.calls_waiting // 2

    async def _refill(
        self,
        tenant: str,
        accurate: AccurateApi,
        pipe: Pipe,
        busy: set[str],
        room: int,
        waiting: dict[str, float],
        flying: set[str],
    ) -> set[asyncio.Task[str | None]]:
        """Take due documents for up to `room` more calls; commit `sending` for them; start the calls.

        A call that is not full may be held back (its documents stay planned) while more of its
        module are about to become due — see `scheduling.worth_holding`; `waiting` keeps since when.
        """
        documents = await self.ledger.due(tenant, self.clock(), room * self.per_call + len(busy))
        documents = [doc for doc in documents if doc.document_key not in busy][: room * self.per_call]
        unknown = [doc for doc in documents if doc.state == State.UNKNOWN]
        planned = [doc for doc in documents if doc.state == State.PLANNED]
        bodies = {doc.document_key: json.loads(doc.body, parse_float=Decimal) for doc in planned}
        refused = await self._ensure_customers(tenant, accurate, planned, bodies)
        tasks = set()
        for group in self._calls(unknown):
            busy.update(doc.document_key for doc in group)
            tasks.add(pipe.launch(partial(self._look_up, accurate, group, pipe, busy)))
        leaving = await self._leaving(self._calls(planned), waiting, flying | busy)
        for call in leaving:
            task = pipe.launch(partial(self._send_call, accurate, call, bodies, refused, pipe))
            keys = {doc.document_key for doc in call}
            flying |= keys
            task.add_done_callback(partial(_landed, flying, keys))
            tasks.add(task)
        return tasks

    async def _leaving(
        self, calls: list[list[Posting]], waiting: dict[str, float], out: set[str]
    ) -> list[list[Posting]]:
        """The calls to send now, their documents committed `sending` (one statement); the rest are
        held back.

        `out`: the documents of this tenant's calls already out. A call that is not full is only
        held while some documents are out (the full calls leaving now count) — the end of their
        call wakes the pump — so nothing waits without something in flight to end the wait.
        """
        full = [call for call in calls if len(call) >= self.per_call]
        short = [call for call in calls if len(call) < self.per_call]
        leaving = list(full)
        kept: dict[str, float] = {}
        if short and (out or full):
            out = out | {doc.document_key for call in full for doc in call}
            coming = await self.ledger.coming(out, self.clock())
            now = asyncio.get_running_loop().time()
            for call in short:
                since = min(waiting.get(doc.document_key, now) for doc in call)
                if scheduling.worth_holding(
                    call, coming, now - since, per_call=self.per_call, hold=self.hold
                ):
                    kept.update((doc.document_key, waiting.get(doc.document_key, now)) for doc in call)
                else:
                    leaving.append(call)
        else:
            leaving += short
        waiting.clear()
        waiting.update(kept)
        await self._start_sending(leaving)
        return sorted(leaving, key=lambda call: call[0].created_at)

    async def _start_sending(self, calls: list[list[Posting]]) -> None:
        if calls:
            await self.ledger.start_sending(
                [doc.document_key for call in calls for doc in call], self.clock()
            )

    def _calls(self, documents: Sequence[Posting]) -> list[list[Posting]]:
        return scheduling.plan_calls(documents, self.per_call)

    async def _ensure_customers(
        self, tenant: str, accurate: AccurateApi, planned: Sequence[Posting], bodies: dict[str, Any]
    ) -> dict[str, str]:
        """Create each customer the round's documents name (once); returns the refused ones' reasons."""
        refused: dict[str, str] = {}
        needed = sorted({no for doc in planned if (no := _customer_of(doc, bodies[doc.document_key]))})
        try:
            await self.customers.look_up(tenant, accurate, needed)  # type: ignore[arg-type]
        except AccurateError as exc:
            if scheduling.is_tenant_failure(exc.kind) or exc.kind == FailureKind.UNKNOWN_OUTCOME:
                raise TenantCannotPost(f"customers not ready: {exc}") from exc
            # anything else: each is looked up on its own below
        for customer_no in needed:
            try:
                await self.customers.ensure(tenant, accurate, customer_no)  # type: ignore[arg-type]
            except AccurateError as exc:
                if scheduling.is_tenant_failure(exc.kind) or exc.kind == FailureKind.UNKNOWN_OUTCOME:
                    raise TenantCannotPost(f"customer {customer_no} not ready: {exc}") from exc
                refused[customer_no] = f"customer {customer_no} could not be created: {exc}"
        return refused

    async def _send_call(
        self,
        accurate: AccurateApi,
        call: list[Posting],
        bodies: dict[str, Any],
        refused: dict[str, str],
        pipe: Pipe,
        ticket: Ticket,
    ) -> str | None:
        """Send one call (save or bulk-save); settle every document of it. Returns a tenant-level reason.

        Its documents are already `sending`. Only the talking to Accurate holds one of the `gate`'s
        slots; the ledger work does not.
        """
        outcomes: list[Outcome] = []
        sendable: list[Posting] = []
        for doc in call:
            customer = _customer_of(doc, bodies[doc.document_key])
            if customer in refused:
                outcomes.append(Outcome(doc.document_key, State.FAILED, refused[customer or ""]))
            else:
                sendable.append(doc)
        if sendable:
            async with pipe.talk(ticket):
                reason = await self._send(
                    accurate, sendable, [bodies[d.document_key] for d in sendable], outcomes
                )
            await self.ledger.settle(outcomes, self.clock())
            return reason
        await self.ledger.settle(outcomes, self.clock())
        return None

    async def _send(
        self, accurate: AccurateApi, docs: list[Posting], bodies: list[Any], outcomes: list[Outcome]
    ) -> str | None:
        module = docs[0].document_type
        try:
            if len(bodies) == 1:
                records = [RecordResult(0, result=await accurate.save(module, bodies[0]))]
            else:
                records = await accurate.bulk_save(module, bodies)
        except AccurateError as exc:
            if scheduling.is_tenant_failure(exc.kind):
                now = self.clock()
                outcomes += [self._unwritten(doc, str(exc), now) for doc in docs]
                return str(exc)
            records = [RecordResult(index, error=exc) for index in range(len(docs))]
        unknown: list[tuple[Posting, str]] = []
        for doc, record in zip(docs, records, strict=True):
            if record.error is None:
                saved = record.result
                note = POSTED_AGAIN if doc.message == LOST else None  # the activity log keeps why
                outcomes.append(
                    Outcome(doc.document_key, State.POSTED, note, accurate_id=saved.id if saved else None)
                )
                continue
            state = after_failure(record.error.kind)
            if state == State.UNKNOWN:
                unknown.append((doc, str(record.error)))
            elif state == State.PLANNED:
                outcomes.append(self._unwritten(doc, str(record.error), self.clock()))
            else:
                outcomes.append(Outcome(doc.document_key, State.FAILED, str(record.error)))
        if unknown:
            outcomes += await self._resolve(
                accurate, [doc for doc, _ in unknown], dict((d.document_key, r) for d, r in unknown)
            )
        return None

    def _unwritten(self, doc: Posting, reason: str, now: datetime) -> Outcome:
        retry = scheduling.after_unwritten_failure(doc.attempts + 1, reason, now, self.max_attempts)
        return Outcome(doc.document_key, retry.state, retry.message, next_attempt_at=retry.next_attempt_at)

    async def _look_up(
        self, accurate: AccurateApi, docs: list[Posting], pipe: Pipe, busy: set[str], ticket: Ticket
    ) -> str | None:
        reasons = {doc.document_key: doc.message or "unknown outcome" for doc in docs}
        try:
            async with pipe.talk(ticket):
                outcomes = await self._resolve(accurate, docs, reasons)
            await self.ledger.settle(outcomes, self.clock())
        finally:
            busy.difference_update(doc.document_key for doc in docs)
        return None

    async def _resolve(
        self, accurate: AccurateApi, docs: list[Posting], reasons: dict[str, str]
    ) -> list[Outcome]:
        """Their outcome was unknown: look the numbers up; adopt what exists, send the rest again.

        `docs` are snapshots from before the send (planned) or from the ledger (unknown).
        """
        try:
            found = await self._find(accurate, docs)
        except AccurateError as exc:
            wait = self.clock() + scheduling.backoff(max(1, max(doc.attempts for doc in docs)))
            return [
                Outcome(d.document_key, State.UNKNOWN, f"look-up failed: {exc}", next_attempt_at=wait)
                for d in docs
            ]
        now, outcomes = self.clock(), []
        for doc in docs:
            if doc.number in found:
                outcomes.append(
                    Outcome(
                        doc.document_key, State.POSTED, "adopted by number", accurate_id=found[doc.number]
                    )
                )
                continue
            reason = f"not in Accurate after: {reasons[doc.document_key]}"
            if doc.state == State.UNKNOWN:  # nothing in flight for it: safe to plan again now
                outcomes.append(Outcome(doc.document_key, State.PLANNED, reason))
            else:
                outcomes.append(self._unwritten(doc, reason, now))
        return outcomes

    async def _find(self, accurate: AccurateApi, docs: list[Posting]) -> dict[str, int | None]:
        """Accurate's ids of those documents that exist, by number (one call for the lot)."""
        module = docs[0].document_type
        field = LOOKUP_FIELD.get(module, "number")
        if len(docs) == 1 or not LIST_EQUAL_MATCHES_ANY_VALUE:
            found: dict[str, int | None] = {}
            for doc in docs:
                try:
                    record = await accurate.detail(module, id=None, **{field: doc.number})
                except AccurateError as exc:
                    if exc.kind != FailureKind.NOT_FOUND:
                        raise
                    continue
                found[doc.number] = _id_of(record)
            return found
        numbers = [doc.number for doc in docs]
        page = await accurate.list(module, ["id", field], {field: ("EQUAL", numbers)}, 1, len(numbers))
        return {str(row[field]): _id_of(row) for row in page.rows if row.get(field) in numbers}


def _landed(flying: set[str], keys: set[str], _call: asyncio.Task[str | None]) -> None:
    """A call's documents are settled: they no longer count as out."""
    flying.difference_update(keys)


def _customer_of(doc: Posting, body: Any) -> str | None:
    if doc.document_type == "customer":
        return None  # a customer document creates the customer itself
    value = body.get("customerNo") if isinstance(body, dict) else None
    return value if isinstance(value, str) and value else None


def _id_of(record: dict[str, Any]) -> int | None:
    raw = record.get("id")
    return int(raw) if isinstance(raw, int | str) and str(raw).isdigit() else None
