"""Accurate's response envelope: ``{"s": bool, "d": ..., "r": ..., "sp": {...}}``.

``s`` is the real success flag (failures are often HTTP 200 with ``s: false``). Account-level and
OAuth replies use other shapes (``{"error": "invalid_token"}``, top-level ``host``/``session``);
:func:`parse_envelope` keeps the whole body in ``raw`` so nothing is lost.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

_MAX_TEXT = 300
_TAGS = re.compile(r"<[^>]*>")
_SCRIPTS = re.compile(r"<(script|style|title)[^>]*>.*?</\1>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Envelope:
    """One parsed reply."""

    status: int
    ok: bool
    data: Any = None
    result: Any = None
    paging: dict[str, Any] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)


def parse_envelope(status: int, body: bytes) -> Envelope:
    """Parse a reply body; non-JSON bodies become a failed envelope with a short text message."""
    try:
        decoded = json.loads(body, parse_float=Decimal) if body else {}
    except (ValueError, UnicodeDecodeError):
        text = page_text(body.decode("utf-8", "replace"))[:_MAX_TEXT]
        return Envelope(status=status, ok=False, messages=[text] if text else [])
    if not isinstance(decoded, dict):
        return Envelope(status=status, ok=200 <= status < 300, data=decoded, raw={"d": decoded})
    ok = bool(decoded.get("s")) if "s" in decoded else (200 <= status < 300 and "error" not in decoded)
    paging = decoded.get("sp")
    return Envelope(
        status=status,
        ok=ok and 200 <= status < 300,
        data=decoded.get("d"),
        result=decoded.get("r"),
        paging=paging if isinstance(paging, dict) else {},
        messages=messages_of(decoded),
        raw=decoded,
    )


def page_text(body: str) -> str:
    """The readable text of a non-JSON reply (an HTML "Upsss…" or servlet error page), tags dropped."""
    if "<" in body and ">" in body:
        body = _SCRIPTS.sub(" ", body)
        body = _TAGS.sub(" ", body)
        body = html.unescape(body)
    return " ".join(body.split())


def messages_of(body: dict[str, Any]) -> list[str]:
    """Collect human messages from ``d`` (string or list of strings), ``m`` and OAuth ``error`` keys."""
    found: list[str] = []
    for key in ("d", "m"):
        found.extend(_strings(body.get(key)))
    for key in ("error", "error_description", "message"):
        value = body.get(key)
        if isinstance(value, str) and value:
            found.append(value)
    return found


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str) and item]
    return []


def is_per_record(envelope: Envelope) -> bool:
    """A bulk reply whose ``d`` holds one ``{s, d, r}`` element per submitted record."""
    data = envelope.data
    return isinstance(data, list) and bool(data) and all(isinstance(i, dict) and "s" in i for i in data)
