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


_SMALLEST_STEP = Decimal(1).scaleb(-PLACES)


def _problem(value: Decimal) -> str | None:
    if not value.is_finite():
        return "is not a number Accurate accepts"
    if abs(value) > LARGEST:
        return f"is beyond what Accurate accepts (at most {LARGEST:,})"
    if value != value.quantize(_SMALLEST_STEP):
        return f"has more than {PLACES} decimals, which Accurate does not accept"
    return None


def _first_problem(value: Any) -> tuple[str, Decimal, str] | None:
    """(path below `value`, the amount, its problem) of the first amount Accurate would refuse.

    The path is written only for that one amount: an event whose amounts are all fine (nearly
    every event) costs no string per field. Every event of the mapper passes here, so the walk
    dispatches on the value's exact type first (`isinstance` against pydantic's `BaseModel` goes
    through `ABCMeta.__instancecheck__`, which cost more than the checks themselves)."""
    kind = type(value)
    if kind is Decimal:
        problem = _problem(value)
        return None if problem is None else ("", value, problem)
    fields = _model_fields(kind)
    if fields is not None:
        for name in fields:
            item = getattr(value, name)
            if (
                type(item) is Decimal
                and item.is_finite()
                and abs(item) <= LARGEST
                and item == item.quantize(_SMALLEST_STEP)
            ):
                continue  # a fine amount (most fields): no call for it
            if (found := _first_problem(item)) is not None:
                return f".{name}{found[0]}", found[1], found[2]
    elif kind is list or kind is tuple or isinstance(value, list | tuple):
        for n, item in enumerate(value):
            if (found := _first_problem(item)) is not None:
                return f"[{n}]{found[0]}", found[1], found[2]
    elif isinstance(value, dict):
        for key, item in value.items():
            if (found := _first_problem(item)) is not None:
                return f".{key}{found[0]}", found[1], found[2]
    elif isinstance(value, Decimal):  # a subclass of Decimal
        problem = _problem(value)
        return None if problem is None else ("", value, problem)
    return None


_MODEL_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _model_fields(kind: type) -> tuple[str, ...] | None:
    """The fields of a pydantic model class that may hold an amount; None for any other type."""
    try:
        return _MODEL_FIELDS[kind]
    except KeyError:
        fields = _fields_that_may_hold_amounts(kind) if issubclass(kind, BaseModel) else None
        return _MODEL_FIELDS.setdefault(kind, fields)


_PLAIN = frozenset({str, int, bool, float, datetime, date, type(None)})


def _plain(annotation: Any) -> bool:
    """True when a field of this type can hold no amount (text, numbers that are not Decimal, dates)."""
    if get_origin(annotation) in (Union, UnionType):
        return all(_plain(arg) for arg in get_args(annotation))
    return annotation in _PLAIN


@cache
def _fields_that_may_hold_amounts(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(name for name, info in model.model_fields.items() if not _plain(info.annotation))
