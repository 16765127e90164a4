"""JSON in and out: Decimal stays exact (never float), dates go out in Accurate's formats."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from starlette.responses import Response

from ..domain.dates import format_date, format_timestamp


def plain(value: Any) -> Any:
    """Convert a record tree to JSON-ready values (Decimal kept as Decimal for ``dumps``)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items() if not str(k).startswith("_")}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, datetime):
        return format_timestamp(value)
    if isinstance(value, date):
        return format_date(value)
    return value


def _number(value: Decimal) -> str:
    if value == value.to_integral_value():
        return str(int(value))
    text = format(value.normalize(), "f")
    return text


def dumps(value: Any) -> str:
    """JSON text with Decimals written as exact numbers."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, Decimal):
            parts.append(_number(node))
        elif isinstance(node, dict):
            parts.append("{")
            for i, (key, item) in enumerate(node.items()):
                if i:
                    parts.append(",")
                parts.append(json.dumps(str(key), ensure_ascii=False))
                parts.append(":")
                walk(item)
            parts.append("}")
        elif isinstance(node, list):
            parts.append("[")
            for i, item in enumerate(node):
                if i:
                    parts.append(",")
                walk(item)
            parts.append("]")
        else:
            parts.append(json.dumps(node, ensure_ascii=False))

    walk(plain(value))
    return "".join(parts)


class AccurateJSON(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return dumps(content).encode("utf-8")
