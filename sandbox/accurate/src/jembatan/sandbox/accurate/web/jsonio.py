"""JSON in and out: Decimal stays exact (never float), dates go out in Accurate's formats."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from starlette.responses import Response

from ..domain.dates import format_date, format_timestamp

_MARK = "\x00D"
_MARKED = re.compile(r'"\\u0000D(-?[0-9.]+)"')


def _encode(value: Any) -> Any:
    """Called by the C encoder only for what JSON lacks: Decimal, datetime, date."""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        return _MARK + format(value.normalize(), "f")
    if isinstance(value, datetime):
        return format_timestamp(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    raise TypeError(f"cannot encode {type(value).__name__}")


def dumps(value: Any) -> str:
    """JSON text with Decimals written as exact numbers (never through float)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_encode)
    return _MARKED.sub(r"\1", text) if "\\u0000D" in text else text


class AccurateJSON(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return dumps(content).encode("utf-8")
