"""When and how documents are sent: backoff, attempt caps, batches — pure, no I/O.

A tenant's due documents are grouped into *calls*: documents of one Accurate module waiting
together go through ``bulk-save.do`` (at most 100 per call); a lone document is a plain ``save.do``.
A failure either belongs to the tenant (its connection, Accurate being down or refusing the rate)
— then the whole tenant waits with a capped exponential backoff — or to one document.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol, TypeVar

from jembatan.accurate import FailureKind

from .posting import State

MAX_PER_CALL = 100  # Accurate's bulk-save.do limit
CALLS_IN_FLIGHT = 8  # Accurate's per-database parallel request limit
MAX_ATTEMPTS = 6  # sends of one document before it is failed with its last reason
HOLD_SECONDS = 1.0  # the longest a call that is not full waits for companions (see worth_holding)
BACKOFF_BASE = timedelta(seconds=2)
BACKOFF_CAP = timedelta(minutes=5)

# A whole call that failed this way says nothing about the documents: the tenant waits.
TENANT_FAILURES = frozenset(
    {FailureKind.RATE, FailureKind.SERVER, FailureKind.NETWORK, FailureKind.AUTH, FailureKind.SCOPE}
)


def backoff(failures: int, *, base: timedelta = BACKOFF_BASE, cap: timedelta = BACKOFF_CAP) -> timedelta:
    """How long to wait after `failures` consecutive failures (1 → base, doubling, capped)."""
    if failures < 1:
        return timedelta(0)
    return min(cap, base * (2 ** min(failures - 1, 30)))


class Sendable(Protocol):
    @property
    def document_type(self) -> str: ...

    @property
    def created_at(self) -> datetime: ...


D = TypeVar("D", bound=Sendable)


def plan_calls(documents: Iterable[D], per_call: int = MAX_PER_CALL) -> list[list[D]]:
    """Group due documents into calls: one module per call, oldest first, ≤ `per_call` each."""
    by_module: dict[str, list[D]] = {}
    for doc in sorted(documents, key=lambda d: d.created_at):
        by_module.setdefault(doc.document_type, []).append(doc)
    calls: list[list[D]] = []
    for docs in by_module.values():
        calls.extend(docs[i : i + per_call] for i in range(0, len(docs), per_call))
    return sorted(calls, key=lambda call: call[0].created_at)


def worth_holding(
    call: Sequence[Sendable], coming: Mapping[str, int], waited: float, *, per_call: int, hold: float
) -> bool:
    """Should a call that could leave now wait for more documents of its module?

    Only a call that is not full, only while documents of its module wait for a call in flight
    (receipts for their invoice: they become due the moment it is settled), and at most `hold`
    seconds. Sending it now would cost one more call for the same documents.
    """
    return len(call) < per_call and coming.get(call[0].document_type, 0) > 0 and waited < hold


@dataclass(frozen=True)
class Outcome:
    """How one document left a send (or a look-up)."""

    key: str
    state: State
    message: str | None = None
    accurate_id: int | None = None
    next_attempt_at: datetime | None = None


@dataclass(frozen=True)
class Retry:
    """Where a document goes after a failed send that wrote nothing."""

    state: State
    next_attempt_at: datetime | None
    message: str


def after_unwritten_failure(
    attempts: int, reason: str, now: datetime, max_attempts: int = MAX_ATTEMPTS
) -> Retry:
    """A send that Accurate refused before writing (rate, 5xx, network, auth): retry later, capped."""
    if attempts >= max_attempts:
        return Retry(State.FAILED, None, f"gave up after {attempts} attempts: {reason}")
    return Retry(State.PLANNED, now + backoff(attempts), reason)


def is_tenant_failure(kind: FailureKind) -> bool:
    return kind in TENANT_FAILURES


def parked_message(dependency_number: str) -> str:
    """What a dependent document says while the document it needs has failed."""
    return f"waiting for {dependency_number}, which failed; retry it first"


def due(next_attempt_at: datetime | None, now: datetime) -> bool:
    return next_attempt_at is None or next_attempt_at <= now


def oldest_first(tenants: Sequence[tuple[str, datetime]]) -> list[str]:
    """Tenants with work, the one waiting longest first (ties by id, for determinism)."""
    return [tenant for tenant, _ in sorted(tenants, key=lambda t: (t[1], t[0]))]
