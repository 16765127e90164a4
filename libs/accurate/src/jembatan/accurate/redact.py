"""Scrub secrets out of any text that may reach a log line or an exception."""

from __future__ import annotations

import re
from collections.abc import Iterable

MASK = "***"

# Shapes of secrets that may come back inside server messages (e.g. Spring's
# "Invalid access token: <token>"), masked even when we do not know the exact value.
_TOKEN = r"[A-Za-z0-9._~+/=-]"
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"aat\.{_TOKEN}+"), MASK),
    (re.compile(rf"(?i)\b(bearer|basic)\s+{_TOKEN}+"), rf"\1 {MASK}"),
    (
        re.compile(
            rf"(?i)\b(access[ _]?token|refresh[ _]?token|session(?:[ _]?(?:id|key))?)(\s*[:=]\s*){_TOKEN}{{8,}}"
        ),
        rf"\1\2{MASK}",
    ),
    (re.compile(r"(?i)\b(x-api-signature|x-session-id)(\s*[:=]\s*)\S+"), rf"\1\2{MASK}"),
)


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """Return ``text`` with every known secret value and secret-looking token masked."""
    for secret in sorted((s for s in secrets if s and len(s) >= 4), key=len, reverse=True):
        text = text.replace(secret, MASK)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def redact_all(messages: Iterable[str], secrets: Iterable[str] = ()) -> list[str]:
    """Redact every message in ``messages``."""
    known = list(secrets)
    return [redact(m, known) for m in messages]
