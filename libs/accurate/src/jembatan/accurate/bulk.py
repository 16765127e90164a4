"""Per-record results of ``bulk-save.do``."""

from __future__ import annotations

from typing import Any

from jembatan.accurate.classify import classify
from jembatan.accurate.envelope import Envelope, messages_of
from jembatan.accurate.errors import AccurateError, FailureKind
from jembatan.accurate.redact import redact_all
from jembatan.accurate.results import RecordResult, SaveResult

MAX_BULK = 100


def record_results(envelope: Envelope, expected: int, endpoint: str) -> list[RecordResult]:
    """One :class:`RecordResult` per submitted record, in request order.

    Accurate answers with ``d`` = ``[{s, d, r}, ...]``. If it returns fewer elements than records,
    the missing ones are reported as UNKNOWN_OUTCOME rather than guessed.
    """
    items: list[Any] = envelope.data if isinstance(envelope.data, list) else []
    results: list[RecordResult] = []
    for index in range(expected):
        item = items[index] if index < len(items) else None
        if not isinstance(item, dict):
            missing = AccurateError(
                FailureKind.UNKNOWN_OUTCOME, ["bulk reply has no element for this record"], endpoint=endpoint
            )
            results.append(RecordResult(index, error=missing))
        elif item.get("s"):
            results.append(RecordResult(index, result=SaveResult.from_reply(item.get("r"), item)))
        else:
            messages = redact_all(messages_of(item))
            kind = classify(Envelope(status=envelope.status, ok=False, messages=messages), "save")
            if kind is FailureKind.SERVER:
                kind = FailureKind.UNKNOWN_OUTCOME
            error = AccurateError(kind, messages, status=envelope.status, endpoint=endpoint)
            results.append(RecordResult(index, error=error))
    return results
