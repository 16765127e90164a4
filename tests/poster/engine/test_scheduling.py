"""Backoff, attempt caps and call planning — pure rules of the sender."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from jembatan.poster.domain.posting import State
from jembatan.poster.domain.scheduling import MAX_ATTEMPTS, after_unwritten_failure, backoff, plan_calls

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Doc:
    document_type: str
    created_at: datetime


def test_backoff_doubles_from_two_seconds() -> None:
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [2, 4, 8, 16]


def test_backoff_never_exceeds_five_minutes() -> None:
    assert backoff(50) == timedelta(minutes=5)


def test_a_document_refused_before_writing_is_planned_again_later() -> None:
    retry = after_unwritten_failure(1, "rate limit", NOW)
    assert (retry.state, retry.next_attempt_at) == (State.PLANNED, NOW + backoff(1))


def test_a_document_at_the_attempts_cap_fails_with_its_last_reason() -> None:
    retry = after_unwritten_failure(MAX_ATTEMPTS, "HTTP 503", NOW)
    assert retry.state == State.FAILED
    assert retry.next_attempt_at is None
    assert "HTTP 503" in retry.message and str(MAX_ATTEMPTS) in retry.message


def test_documents_of_one_module_share_calls_of_at_most_one_hundred() -> None:
    docs = [Doc("sales-invoice", NOW + timedelta(seconds=i)) for i in range(250)]
    assert [len(call) for call in plan_calls(docs)] == [100, 100, 50]


def test_one_call_never_mixes_modules() -> None:
    docs = [Doc("sales-invoice" if i % 2 else "sales-receipt", NOW + timedelta(seconds=i)) for i in range(10)]
    assert all(len({d.document_type for d in call}) == 1 for call in plan_calls(docs))


def test_the_oldest_waiting_documents_go_first() -> None:
    docs = [Doc("sales-invoice", NOW + timedelta(seconds=i)) for i in (3, 1, 2)]
    (call,) = plan_calls(docs)
    assert [d.created_at for d in call] == sorted(d.created_at for d in docs)
