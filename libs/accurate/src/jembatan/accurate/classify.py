"""Map an Accurate reply to a :class:`FailureKind`.

Message matching is on the Indonesian texts observed in the wild (reference Appendix A); the
client never sends ``X-Language-Profile`` so those are the texts Accurate answers with.
"""

from __future__ import annotations

from enum import Enum

from jembatan.accurate.envelope import Envelope
from jembatan.accurate.errors import FailureKind

RATE_LIMIT_TEXT = "request per detik"
SESSION_EXPIRED_TEXT = "data session key tidak tepat"
DUPLICATE_PREFIX = "sudah ada data lain dengan"
NOT_FOUND_SUFFIX = "tidak tepat"
UNKNOWN_URL_TEXT = "url api tidak tepat"
SERVER_MARKERS = ("java.lang.", "upsss", "telah terjadi permasalahan", "kode referensi")
AUTH_MARKERS = (
    "invalid_token",
    "invalid or revoked api token",
    "header x-api-signature",
    "header x-api-timestamp",
    "header x-api timestamp",
    "unauthorized",
)
SCOPE_MARKERS = ("insufficient_scope",)
LOOKUP_ACTIONS = ("detail", "delete")


class AuthProblem(Enum):
    """Which credential an AUTH failure points at (decides what can be renewed)."""

    SESSION_EXPIRED = "session_expired"
    TOKEN_EXPIRED = "token_expired"
    OTHER = "other"


def classify(envelope: Envelope, action: str) -> FailureKind:
    """Classify a failed reply; ``action`` is the endpoint action (``save``, ``detail``, ...)."""
    text = " | ".join(envelope.messages).lower()
    status = envelope.status
    if status == 429 or RATE_LIMIT_TEXT in text:
        return FailureKind.RATE
    if status == 403 or any(marker in text for marker in SCOPE_MARKERS):
        return FailureKind.SCOPE
    if status == 401 or SESSION_EXPIRED_TEXT in text or any(m in text for m in AUTH_MARKERS):
        return FailureKind.AUTH
    if DUPLICATE_PREFIX in text:
        return FailureKind.DUPLICATE_NUMBER
    if status == 404 or UNKNOWN_URL_TEXT in text:
        return FailureKind.NOT_FOUND
    if status >= 500 or any(marker in text for marker in SERVER_MARKERS):
        return FailureKind.SERVER
    if action in LOOKUP_ACTIONS and NOT_FOUND_SUFFIX in text:
        return FailureKind.NOT_FOUND
    if 300 <= status < 400:
        return FailureKind.SERVER
    return FailureKind.VALIDATION


def auth_problem(envelope: Envelope) -> AuthProblem:
    """Tell an expired session apart from an expired/revoked token (by body, not status)."""
    text = " | ".join(envelope.messages).lower()
    if SESSION_EXPIRED_TEXT in text:
        return AuthProblem.SESSION_EXPIRED
    if "invalid_token" in text or "expired" in text:
        return AuthProblem.TOKEN_EXPIRED
    return AuthProblem.OTHER
