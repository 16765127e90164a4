"""Fakes for the sender's unit tests (cosmicpython style): an in-memory posting ledger with the
same rules as the SQL one, and an Accurate database that keeps documents by number."""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from jembatan.accurate import AccurateError, FailureKind, Page, RecordResult, SaveResult
from jembatan.accurate.jsonbody import dumps
from jembatan.poster.adapters.tables import Posting
from jembatan.poster.domain.posting import State, transition
from jembatan.poster.domain.scheduling import Outcome, parked_message

WAITING = (State.PLANNED, State.UNKNOWN)
T0 = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)


class Clock:
    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def document(
    number: str,
    *,
    tenant: str = "t1",
    module: str = "sales-invoice",
    state: State = State.PLANNED,
    depends_on: str | None = None,
    body: dict[str, Any] | None = None,
    created: int = 0,
    attempts: int = 0,
) -> Posting:
    """A ledger row keyed `<tenant>:<number>` (created `created` seconds after T0)."""
    at = T0 + timedelta(seconds=created)
    return Posting(
        document_key=f"{tenant}:{number}",
        tenant_id=tenant,
        document_type=module,
        number=number,
        body=dumps(body if body is not None else {"number": number, "transDate": "25/11/2026"}),
        state=state,
        depends_on=depends_on,
        source_ids=[number],
        attempts=attempts,
        occurred_at=at,
        created_at=at,
        updated_at=at,
    )


@dataclass
class Lease:
    holder: str | None
    until: datetime
    paused_until: datetime | None = None
    reason: str | None = None


@dataclass
class FakeLedger:
    rows: dict[str, Posting] = field(default_factory=dict)
    leases: dict[str, Lease] = field(default_factory=dict)
    published: list[tuple[str, str]] = field(default_factory=list)  # (key, state) on sync.results.v1

    def add(self, *documents: Posting) -> FakeLedger:
        for doc in documents:
            self.rows[doc.document_key] = doc
        return self

    def state(self, key: str) -> State:
        return State(self.rows[key].state)

    def _due(self, doc: Posting, now: datetime) -> bool:
        if doc.state not in (State.PLANNED, State.UNKNOWN):
            return False
        if doc.next_attempt_at is not None and doc.next_attempt_at > now:
            return False
        needed = self.rows.get(doc.depends_on) if doc.depends_on else None
        return doc.depends_on is None or (needed is not None and needed.state == State.POSTED)

    async def tenants_with_due_work(self, now: datetime, replica: str | None = None) -> list[str]:
        oldest: dict[str, datetime] = {}
        for doc in self.rows.values():
            lease = self.leases.get(doc.tenant_id)
            if lease and lease.paused_until and lease.paused_until > now:
                continue
            if lease and lease.holder not in (None, replica) and lease.until >= now:
                continue
            if self._due(doc, now) or doc.state == State.SENDING:
                oldest[doc.tenant_id] = min(oldest.get(doc.tenant_id, doc.created_at), doc.created_at)
        return sorted(oldest, key=lambda t: (oldest[t], t))

    async def claim(self, tenant_id: str, holder: str, now: datetime, until: datetime) -> bool:
        lease = self.leases.get(tenant_id)
        if lease is None:
            self.leases[tenant_id] = Lease(holder, until)
            return True
        if lease.holder in (holder, None) or lease.until < now:
            lease.holder, lease.until = holder, until
            return True
        return False

    async def release(self, tenant_id: str, holder: str) -> None:
        lease = self.leases.get(tenant_id)
        if lease is not None and lease.holder == holder:
            lease.holder = None

    async def pause(self, tenant_id: str, until: datetime, reason: str) -> None:
        lease = self.leases.setdefault(tenant_id, Lease(None, until))
        lease.paused_until, lease.reason = until, reason
        waiting = [d for d in self.rows.values() if d.tenant_id == tenant_id and d.state in WAITING]
        for doc in waiting:
            if doc.next_attempt_at is None or doc.next_attempt_at < until:
                doc.next_attempt_at, doc.message = until, doc.message or reason

    async def recover_interrupted(self, tenant_id: str) -> int:
        stuck = [d for d in self.rows.values() if d.tenant_id == tenant_id and d.state == State.SENDING]
        for doc in stuck:
            doc.state, doc.message, doc.next_attempt_at = State.UNKNOWN, "interrupted while sending", None
        return len(stuck)

    async def due(self, tenant_id: str, now: datetime, limit: int) -> list[Posting]:
        found = [d for d in self.rows.values() if d.tenant_id == tenant_id and self._due(d, now)]
        found.sort(key=lambda d: (d.created_at, d.document_key))
        return [copy.copy(d) for d in found[:limit]]  # snapshots, as a database would give

    async def coming(self, keys: Collection[str], now: datetime) -> dict[str, int]:
        counts: dict[str, int] = {}
        for doc in self.rows.values():
            if doc.depends_on not in keys or doc.state not in WAITING:
                continue
            if doc.next_attempt_at is None or doc.next_attempt_at <= now:
                counts[doc.document_type] = counts.get(doc.document_type, 0) + 1
        return counts

    async def start_sending(self, keys: Sequence[str], now: datetime) -> None:
        for key in keys:
            doc = self.rows[key]
            if doc.state == State.PLANNED:
                doc.state = transition(State.PLANNED, State.SENDING)
                doc.attempts += 1
                doc.updated_at = now

    async def settle(self, outcomes: Sequence[Outcome], now: datetime) -> None:
        for outcome in outcomes:
            doc = self.rows[outcome.key]
            if State(doc.state) != outcome.state:
                doc.state = transition(State(doc.state), outcome.state)
            doc.message, doc.next_attempt_at, doc.updated_at = outcome.message, outcome.next_attempt_at, now
            if outcome.accurate_id is not None:
                doc.accurate_id = outcome.accurate_id
            if outcome.state in (State.POSTED, State.FAILED):
                self.published.append((doc.document_key, outcome.state))
            if outcome.state == State.FAILED:
                for dependent in self.rows.values():
                    if dependent.depends_on == doc.document_key and dependent.state == State.PLANNED:
                        dependent.message = parked_message(doc.number)


@dataclass
class FakeAccurate:
    """One Accurate database: documents by number; failures scheduled per number or per call."""

    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    refuse: dict[str, AccurateError] = field(default_factory=dict)  # number → error for its record
    drop_after_commit: set[str] = field(default_factory=set)  # saved, but the reply is lost
    call_errors: list[AccurateError] = field(default_factory=list)  # next whole calls fail so
    gate: asyncio.Event | None = None  # when set, every call waits for it
    calls: list[tuple[str, str, int]] = field(default_factory=list)  # (module, action, records)
    in_flight: int = 0
    most_in_flight: int = 0
    next_id: int = 100

    async def _enter(self, module: str, action: str, count: int) -> None:
        self.calls.append((module, action, count))
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            await asyncio.sleep(0)
            if self.gate is not None:
                await self.gate.wait()
            if self.call_errors:
                raise self.call_errors.pop(0)
        finally:
            self.in_flight -= 1

    def _store(self, record: Mapping[str, Any]) -> SaveResult:
        number = str(record.get("number") or record.get("customerNo"))
        if number in self.refuse:
            raise self.refuse[number]
        if number in self.records:
            raise AccurateError(FailureKind.DUPLICATE_NUMBER, [f"Sudah ada data lain dengan nomor {number}"])
        self.next_id += 1
        self.records[number] = {**json.loads(dumps(dict(record))), "id": self.next_id}
        if number in self.drop_after_commit:
            self.drop_after_commit.discard(number)
            raise AccurateError(FailureKind.UNKNOWN_OUTCOME, ["connection dropped"])
        return SaveResult(self.next_id, number, self.records[number])

    async def save(self, module: str, record: Mapping[str, Any]) -> SaveResult:
        await self._enter(module, "save", 1)
        return self._store(record)

    async def bulk_save(self, module: str, records: Iterable[Mapping[str, Any]]) -> list[RecordResult]:
        data = list(records)
        await self._enter(module, "bulk-save", len(data))
        results = []
        for index, record in enumerate(data):
            try:
                results.append(RecordResult(index, result=self._store(record)))
            except AccurateError as error:
                results.append(RecordResult(index, error=error))
        return results

    async def detail(self, module: str, *, id: int | None = None, **key: Any) -> dict[str, Any]:
        await self._enter(module, "detail", 1)
        number = str(next(iter(key.values())))
        if number not in self.records:
            raise AccurateError(FailureKind.NOT_FOUND, [f"Data {number} tidak ditemukan"])
        return self.records[number]

    async def list(
        self,
        module: str,
        fields: Iterable[str] | None = None,
        filters: Mapping[str, Any] | None = None,
        page: int = 1,
        page_size: int = 20,
    ) -> Page:
        await self._enter(module, "list", 1)
        ((field, (_, wanted)),) = (filters or {}).items()
        rows = [{"id": self.records[n]["id"], field: n} for n in wanted if n in self.records]
        return Page(rows, page, page_size)

    def saves(self) -> int:
        return sum(1 for _, action, _ in self.calls if action in ("save", "bulk-save"))


@dataclass
class FakeGateway:
    clients: dict[str, FakeAccurate] = field(default_factory=dict)

    async def client(self, tenant_id: str) -> FakeAccurate | None:
        return self.clients.get(tenant_id)


def ledger_of(docs: Iterable[Posting]) -> FakeLedger:
    return FakeLedger().add(*docs)
