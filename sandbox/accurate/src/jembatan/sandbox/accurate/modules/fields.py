"""Reading request parameters (JSON values or form strings) the way Accurate validates them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ..domain.dates import parse_date
from ..domain.errors import AccurateError, invalid_field, required
from ..domain.money import ZERO, to_decimal

Params = dict[str, Any]


def text(params: Params, name: str, *, need: bool = False, max_len: int | None = None) -> str | None:
    value = params.get(name)
    if value is None or (isinstance(value, str) and value.strip() == ""):
        if need:
            raise required(name)
        return None
    if isinstance(value, dict | list):
        raise invalid_field(name)
    result = str(value).strip()
    if max_len is not None and len(result) > max_len:
        raise AccurateError(f"{name} terlalu besar. Maksimal {max_len} karakter")
    return result


def flag(params: Params, name: str, default: bool = False) -> bool:
    value = params.get(name)
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    lowered = str(value).strip().lower()
    if lowered in {"true", "1", "yes"}:
        return True
    if lowered in {"false", "0", "no"}:
        return False
    raise invalid_field(name)


def number(params: Params, name: str, *, default: Decimal | None = ZERO, need: bool = False) -> Decimal:
    if need and params.get(name) in (None, ""):
        raise required(name)
    return to_decimal(params.get(name), name, default=default)


def day(params: Params, name: str, *, default: date | None = None, need: bool = False) -> date:
    value = params.get(name)
    if value is None or value == "":
        if need or default is None:
            raise required(name)
        return default
    return parse_date(value, name)


def choice(params: Params, name: str, options: tuple[str, ...], *, default: str | None = None) -> str:
    value = text(params, name)
    if value is None:
        if default is None:
            raise required(name)
        return default
    if value not in options:
        raise invalid_field(name)
    return value


def lines(params: Params, name: str) -> list[Params]:
    """A detail array; form bodies arrive as ``{"0": {...}}`` after unflattening, JSON as a list."""
    value = params.get(name)
    if value is None or value == "":
        return []
    if isinstance(value, dict):
        value = [value[k] for k in sorted(value, key=_index)]
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise invalid_field(name)
    return value


def record_id(value: Any, name: str = "id") -> int:
    if isinstance(value, bool):
        raise invalid_field(name)
    try:
        return int(str(value).strip())
    except ValueError:
        raise invalid_field(name) from None


def _index(key: str) -> int:
    try:
        return int(key)
    except ValueError:
        return 1 << 30


CUSTOM_FIELD_PREFIXES = ("charField", "numericField", "dateField")


def custom_fields(params: Params) -> dict[str, Any]:
    """Pass-through custom fields (charField1.., numericField1.., dateField1..), validated by type."""
    result: dict[str, Any] = {}
    for key, value in params.items():
        if key.startswith("charField"):
            result[key] = text(params, key)
        elif key.startswith("numericField"):
            result[key] = to_decimal(value, key, default=ZERO)
        elif key.startswith("dateField") and value not in (None, ""):
            result[key] = parse_date(value, key)
    return result
