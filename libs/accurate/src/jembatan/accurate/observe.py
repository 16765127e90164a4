"""What a client reports about its own calls, for whoever counts them (the services' metrics).

The library stays free of Prometheus: a service passes an :class:`CallObserver` to
:class:`~jembatan.accurate.client.AccurateClient` and turns each report into its own series.
"""

from __future__ import annotations

from typing import Protocol

from jembatan.accurate.errors import FailureKind

OK, REFUSED, UNREACHABLE, THROTTLED = "ok", "refused", "unreachable", "throttled"

# Answers a caller expects in normal work count as answered: "not found" on a lookup, a number that
# is already used (the document is adopted). Counting them as refusals would page on every check.
_OUTCOMES = {
    FailureKind.NOT_FOUND: OK,
    FailureKind.DUPLICATE_NUMBER: OK,
    FailureKind.VALIDATION: REFUSED,
    FailureKind.AUTH: REFUSED,
    FailureKind.SCOPE: REFUSED,
    FailureKind.RATE: THROTTLED,
    FailureKind.SERVER: UNREACHABLE,
    FailureKind.UNKNOWN_OUTCOME: UNREACHABLE,
    FailureKind.NETWORK: UNREACHABLE,
}


def outcome_of(kind: FailureKind | None) -> str:
    """One attempt's outcome: ok, refused (Accurate said no), unreachable (no usable answer:
    connection error, timeout, 5xx) or throttled (rate limit)."""
    return OK if kind is None else _OUTCOMES[kind]


class CallObserver(Protocol):
    def attempted(self, endpoint: str, outcome: str) -> None:
        """One HTTP attempt finished (a retried call reports each attempt)."""

    def waited(self, seconds: float) -> None:
        """A request waited this long for the database's request budget before it could start."""
