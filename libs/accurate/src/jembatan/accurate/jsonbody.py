"""JSON encoding that keeps :class:`~decimal.Decimal` exact.

``json.dumps`` cannot write a Decimal as a number, and going through ``float`` would round money.
This encoder writes Decimals as plain JSON number literals (``25000.50``), dates as ``dd/MM/yyyy``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from jembatan.accurate.dates import accurate_date, accurate_timestamp


def dumps(value: Any) -> str:
    """Serialise ``value`` to compact JSON text."""
    parts: list[str] = []
    _write(value, parts)
    return "".join(parts)


def encode(value: Any) -> bytes:
    """Serialise ``value`` to UTF-8 JSON bytes."""
    return dumps(value).encode("utf-8")


def _write(value: Any, out: list[str]) -> None:
    if isinstance(value, Mapping):
        out.append("{")
        for index, (key, item) in enumerate(value.items()):
            if index:
                out.append(",")
            out.append(json.dumps(str(key), ensure_ascii=False))
            out.append(":")
            _write(item, out)
        out.append("}")
    elif isinstance(value, list | tuple):
        out.append("[")
        for index, item in enumerate(value):
            if index:
                out.append(",")
            _write(item, out)
        out.append("]")
    else:
        out.append(_scalar(value))


def _scalar(value: Any) -> str:
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"cannot send a non-finite amount to Accurate: {value}")
        return format(value, "f")
    if isinstance(value, float):
        raise TypeError("floats are not sent to Accurate; use Decimal for amounts and quantities")
    if isinstance(value, Enum):
        return _scalar(value.value)
    if isinstance(value, datetime):
        return json.dumps(accurate_timestamp(value))
    if isinstance(value, date):
        return json.dumps(accurate_date(value))
    if value is None or isinstance(value, bool | int | str):
        return json.dumps(value, ensure_ascii=False)
    raise TypeError(f"cannot encode {type(value).__name__} for Accurate")
