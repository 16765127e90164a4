"""iSeller's wire format: JSON whose amounts are decimal numbers (`18000.0000`), dates `YYYY-MM-DD HH:MM:SS`."""

from __future__ import annotations

import json
import re
from datetime import datetime
from decimal import Decimal
from typing import Any

_MARK = "\u0000dec:"
_MARKED = re.compile(r'"\\u0000dec:(-?[0-9.]+)"')


def when(moment: datetime) -> str:
    """UTC `YYYY-MM-DD HH:MM:SS`, as iSeller's responses write dates."""
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def stamp(moment: datetime | None) -> str | None:
    """`when`, or None for a date not (yet) set."""
    return when(moment) if moment else None


def _mark(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{_MARK}{value:f}"
    if isinstance(value, dict):
        return {k: _mark(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_mark(v) for v in value]
    return value


def dumps(payload: Any) -> bytes:
    """Deterministic bytes: Decimals become JSON numbers with their exact digits, never floats."""
    text = json.dumps(_mark(payload), ensure_ascii=False, separators=(",", ":"))
    return _MARKED.sub(r"\1", text).encode()


def plain(payload: Any) -> Any:
    """The payload with Decimals as JSON-ready strings (for FastAPI responses that re-encode)."""
    return json.loads(dumps(payload))
