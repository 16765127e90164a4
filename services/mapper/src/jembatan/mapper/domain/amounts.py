"""Amounts Accurate would refuse, found before anything is forwarded — pure.

Accurate's numbers (Money and quantities) take at most 6 decimal places and at most about 999
billion (`Nilai angka terlalu besar` beyond). An event carrying anything else cannot become a
document; it waits at the mapper with the field and the value named, instead of failing at Accurate.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from jembatan.accurate.documents.assumptions import LARGEST_NUMBER as LARGEST
from jembatan.accurate.documents.assumptions import NUMBER_DECIMAL_PLACES as PLACES
from pydantic import BaseModel


def amount_problem(event: BaseModel) -> str | None:
    """Why an amount in `event` cannot go to Accurate (the first one found), or None."""
    for path, value in _decimals(event, ""):
        problem = _problem(value)
        if problem:
            return f"amount {path} = {value} {problem}"
    return None


def _problem(value: Decimal) -> str | None:
    if not value.is_finite():
        return "is not a number Accurate accepts"
    if abs(value) > LARGEST:
        return f"is beyond what Accurate accepts (at most {LARGEST:,})"
    if value != value.quantize(Decimal(1).scaleb(-PLACES)):
        return f"has more than {PLACES} decimals, which Accurate does not accept"
    return None


def _decimals(value: Any, path: str) -> Iterator[tuple[str, Decimal]]:
    if isinstance(value, Decimal):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _decimals(getattr(value, name), f"{path}.{name}" if path else name)
    elif isinstance(value, list | tuple):
        for n, item in enumerate(value):
            yield from _decimals(item, f"{path}[{n}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _decimals(item, f"{path}.{key}" if path else str(key))
