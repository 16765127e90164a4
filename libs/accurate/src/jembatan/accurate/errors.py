"""Failure kinds and the one exception type the client raises.

Every failure is classified into a :class:`FailureKind` so callers (the poster) can decide what to
do without parsing Indonesian text. Accurate's own messages travel verbatim in ``messages`` after
secrets have been scrubbed from them (see :mod:`jembatan.accurate.redact`).
"""

from __future__ import annotations

from enum import StrEnum


class FailureKind(StrEnum):
    """What went wrong, in terms a caller can act on."""

    VALIDATION = "validation"  # Accurate refused the data; fix it and retry
    DUPLICATE_NUMBER = "duplicate_number"  # "Sudah ada data lain dengan ..."; look the number up
    NOT_FOUND = "not_found"  # "<Entity> tidak tepat" on detail/delete, or unknown URL
    AUTH = "auth"  # token invalid/revoked, bad signature, session could not be renewed
    SCOPE = "scope"  # 403 insufficient_scope
    RATE = "rate"  # rate limit still hit after every retry
    SERVER = "server"  # 5xx / Java exception on a request that is safe to repeat
    UNKNOWN_OUTCOME = "unknown_outcome"  # a write may or may not have been applied
    NETWORK = "network"  # could not talk to Accurate at all (nothing was processed)


class AccurateError(Exception):
    """A classified failure of one Accurate call.

    ``str(error)`` names the kind, the endpoint, the HTTP status and Accurate's messages; it never
    contains a token, secret, session id or signature.
    """

    def __init__(
        self,
        kind: FailureKind,
        messages: list[str] | None = None,
        *,
        status: int | None = None,
        endpoint: str = "",
    ) -> None:
        self.kind = kind
        self.messages: list[str] = list(messages or [])
        self.status = status
        self.endpoint = endpoint
        super().__init__(self._text())

    def _text(self) -> str:
        where = self.endpoint or "accurate"
        status = f" HTTP {self.status}" if self.status is not None else ""
        detail = "; ".join(self.messages) if self.messages else "no message"
        return f"{self.kind.value} at {where}{status}: {detail}"

    def __str__(self) -> str:
        return self._text()

    def __repr__(self) -> str:
        return (
            f"AccurateError(kind={self.kind.value!r}, status={self.status!r}, "
            f"endpoint={self.endpoint!r}, messages={self.messages!r})"
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (self.kind, self.messages, self.status, self.endpoint))

    @property
    def retryable_after_lookup(self) -> bool:
        """True when the caller must look the document up before trying again."""
        return self.kind in (FailureKind.UNKNOWN_OUTCOME, FailureKind.DUPLICATE_NUMBER)


def _rebuild(kind: FailureKind, messages: list[str], status: int | None, endpoint: str) -> AccurateError:
    return AccurateError(kind, messages, status=status, endpoint=endpoint)
