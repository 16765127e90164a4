"""API-token request signing (§1.4): HMAC-SHA256 of the exact X-Api-Timestamp, Base64 or hex."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from datetime import UTC, datetime, timedelta, timezone

from ..assumptions import TIMESTAMP_LOCAL_OFFSET_HOURS

LOCAL = timezone(timedelta(hours=TIMESTAMP_LOCAL_OFFSET_HOURS))
_LOCAL_FORM = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}) (\d{1,2}):(\d{2}):(\d{2})$")


def sign(secret: str, timestamp: str) -> bytes:
    return hmac.new(secret.encode(), timestamp.encode(), hashlib.sha256).digest()


def sign_base64(secret: str, timestamp: str) -> str:
    return base64.b64encode(sign(secret, timestamp)).decode()


def signature_matches(secret: str, timestamp: str, signature: str) -> bool:
    """True when ``signature`` is the Base64 or (any-case) hex HMAC of ``timestamp``."""
    digest = sign(secret, timestamp)
    candidate = signature.strip()
    if hmac.compare_digest(candidate.lower(), digest.hex()):
        return True
    try:
        decoded = base64.b64decode(candidate, validate=True)
    except ValueError:
        return False
    return hmac.compare_digest(decoded, digest)


def parse_api_timestamp(value: str) -> datetime | None:
    """``dd/MM/yyyy HH:mm:ss`` (WIB), ISO-8601, or Unix seconds / milliseconds; None if unreadable."""
    text = value.strip()
    if text.isdigit():
        number = int(text)
        seconds = number / 1000 if len(text) >= 12 else number
        try:
            return datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):
            return None
    match = _LOCAL_FORM.match(text)
    if match:
        day, month, year, hour, minute, second = (int(g) for g in match.groups())
        try:
            return datetime(year, month, day, hour, minute, second, tzinfo=LOCAL)
        except ValueError:
            return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
