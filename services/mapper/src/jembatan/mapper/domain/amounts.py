"""Amounts Accurate would refuse, found before anything is forwarded — pure.

Accurate's numbers (Money and quantities) take at most 6 decimal places and at most about 999
billion (`Nilai angka terlalu besar` beyond). An event carrying anything else cannot become a
document; it waits at the mapper with the field and the value named, instead of failing at Accurate.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from functools import cache
from types import UnionType
from typing import Any, Union, get_args, get_origin

from jembatan.accurate.documents.assumptions import LARGEST_NUMBER as LARGEST
from jembatan.accurate.documents.assumptions import NUMBER_DECIMAL_PLACES as PLACES
from pydantic import BaseModel


def amount_problem(event: BaseModel) -> str | None:
    """Why an amount in `event` cannot go to Accurate (the first one found), or None."""
    found = _first_problem(event)
    if found is None:
        return None
    path, value, problem = found
    return f"amount {path.removeprefix('.')} = {value} {problem}"


def _problem(value: Decimal) -> str | None:
    if not value.is_finite():
        return "is not a number Accurate accepts"
    if abs(value) > LARGEST:
        return f"is beyond what Accurate accepts (at most {LARGEST:,})"
    if value != value.quantize(Decimal(1).scaleb(-PLACES)):
        return f"has more than {PLACES} decimals, which Accurate does not accept"
    return None


def _first_problem(value: Any) -> tuple[str, Decimal, str] | None:
    """(path below `value`, the amount, its problem) of the first amount Accurate would refuse.

    The path is written only for that one amount: an event whose amounts are all fine (nearly
    every event) costs no string per field."""
    if isinstance(value, Decimal):
        problem = _problem(value)
        return None if problem is None else ("", value, problem)
    if isinstance(value, BaseModel):
        for name in _fields_that_may_hold_amounts(type(value)):
            if (found := _first_problem(getattr(value, name))) is not None:
                return f".{name}{found[0]}", found[1], found[2]
    elif isinstance(value, list | tuple):
        for n, item in enumerate(value):
            if (found := _first_problem(item)) is not None:
                return f"[{n}]{found[0]}", found[1], found[2]
    elif isinstance(value, dict):
        for key, item in value.items():
            if (found := _first_problem(item)) is not None:
                return f".{key}{found[0]}", found[1], found[2]
    return None


_PLAIN = frozenset({str, int, bool, float, datetime, date, type(None)})


def _plain(annotation: Any) -> bool:
    """True when a field of this type can hold no amount (text, numbers that are not Decimal, dates)."""
    if get_origin(annotation) in (Union, UnionType):
        return all(_plain(arg) for arg in get_args(annotation))
    return annotation in _PLAIN


@cache
def _fields_that_may_hold_amounts(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(name for name, info in model.model_fields.items() if not _plain(info.annotation))
