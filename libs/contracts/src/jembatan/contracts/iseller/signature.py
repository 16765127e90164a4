"""iSeller's webhook signature, kept in one module so it can change when iSeller confirms it.

Scheme (reference §2.6, second-hand): header `Timestamp` (e.g. `2019-11-29T06:06:40.0476436Z`)
and header `Signature` = uppercase hex SHA-256 of `APIKey + raw body + Timestamp` — a plain hash
of the concatenation, not an HMAC. Verify on the raw bytes before parsing, in constant time,
and refuse timestamps outside a replay window.

Assumptions (not confirmed by iSeller): the body is UTF-8 JSON, so ingest refuses a body that
is not valid UTF-8 even when its signature matches (that is what defeats SHA-256 length
extension); `Timestamp` is ASCII and `Signature` is 64 hex digits; iSeller retries a delivery
that got a 4xx/5xx other than a duplicate's 200 (reference: "retries on failure", schedule
unknown), so a 503 from the in-flight bound is retried, not lost.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta

from .base import parse_utc

DEFAULT_WINDOW = timedelta(minutes=5)
TIMESTAMP_HEADER = "Timestamp"
SIGNATURE_HEADER = "Signature"
MAX_TIMESTAMP_LENGTH = 40
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")


class SignatureError(Exception):
    """A delivery that is not provably from the store; `reason` is a short machine word."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason  # missing | malformed_timestamp | stale | mismatch


def sign(api_key: str, body: bytes, timestamp: str) -> str:
    """The `Signature` header value for `body` sent with header `Timestamp: timestamp`."""
    digest = hashlib.sha256(api_key.encode() + body + timestamp.encode())
    return digest.hexdigest().upper()


def format_timestamp(moment: datetime) -> str:
    """A `Timestamp` header value in iSeller's style (seven fractional digits, `Z`)."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f") + "0Z"


def check_headers(
    timestamp_header: str | None,
    signature_header: str | None,
    now: datetime,
    window: timedelta = DEFAULT_WINDOW,
) -> None:
    """What can be refused before the body is read: missing headers, a `Timestamp` that is not an
    ASCII date-time inside the window, a `Signature` that is not 64 hex digits."""
    if not timestamp_header or not signature_header:
        raise SignatureError("missing", "Timestamp and Signature headers are required")
    if len(timestamp_header) > MAX_TIMESTAMP_LENGTH or not timestamp_header.isascii():
        raise SignatureError("malformed_timestamp", repr(timestamp_header[:64]))
    try:
        sent_at = parse_utc(timestamp_header)
    except ValueError:
        raise SignatureError("malformed_timestamp", repr(timestamp_header[:64])) from None
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    if abs(now - sent_at) > window:
        raise SignatureError("stale", f"timestamp {sent_at.isoformat()} is outside ±{window}")
    given = signature_header.strip()
    if len(given) != 64 or not _HEX_DIGITS.issuperset(given):
        raise SignatureError("mismatch", "the signature is not 64 hex digits")


def verify(
    api_key: str,
    body: bytes,
    timestamp_header: str | None,
    signature_header: str | None,
    now: datetime,
    window: timedelta = DEFAULT_WINDOW,
) -> None:
    """Accept the delivery or raise `SignatureError` (missing, malformed_timestamp, stale, mismatch)."""
    check_headers(timestamp_header, signature_header, now, window)
    assert timestamp_header is not None and signature_header is not None
    expected = sign(api_key, body, timestamp_header)
    given = signature_header.strip().upper()
    if not hmac.compare_digest(expected.encode(), given.encode("ascii", "replace")):
        raise SignatureError("mismatch", "signature does not match the body")
