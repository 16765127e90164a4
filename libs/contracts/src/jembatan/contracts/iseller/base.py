"""Tolerant parsing shared by every iSeller payload model.

iSeller's casing is inconsistent (`Outlets` vs `outlets`, `store_info`), amounts arrive as JSON
numbers (`18000.0000`) or decimal strings, and dates as `YYYY-MM-DD HH:MM:SS` in UTC or ISO-8601
with up to seven fractional digits. Every model here accepts all of those, keeps unknown fields
(`extra="allow"`), and hands out `Decimal` money and aware UTC datetimes.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainSerializer, model_validator

ZERO = Decimal("0")
_FRACTION = re.compile(r"(\.\d{6})\d+")


def squash(key: str) -> str:
    """`Order_ID`, `OrderId`, `orderid` and `order_id` all squash to `orderid`."""
    return re.sub(r"[^0-9a-z]", "", key.lower())


def parse_utc(value: Any) -> datetime:
    """An iSeller timestamp as an aware UTC datetime (naive values are UTC, as iSeller stores them)."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    elif isinstance(value, str) and value.strip():
        text = _FRACTION.sub(r"\1", value.strip().replace("z", "Z"))
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(f"not a date-time: {value!r}") from None
    else:
        raise ValueError(f"not a date-time: {value!r}")
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:  # e.g. 0001-01-01T00:00:00+07:00 lies before the first representable UTC moment
        raise ValueError(f"date-time out of range: {value!r}") from None


def parse_day(value: Any) -> date:
    """A calendar date from `2025-07-02` or from any date-time iSeller sends."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and len(value.strip()) == 10:
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"not a date: {value!r}") from None
    return parse_utc(value).date()


def to_decimal(value: Any) -> Decimal:
    """An amount or quantity from a JSON number or a decimal string; null and "" count as zero."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ZERO
    if isinstance(value, bool):
        raise ValueError(f"not an amount: {value!r}")
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value))  # the shortest exact text, not the binary expansion
    elif isinstance(value, str):
        try:
            amount = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"not an amount: {value!r}") from None
    else:
        raise ValueError(f"not an amount: {value!r}")
    if not amount.is_finite():
        raise ValueError(f"not an amount: {value!r}")
    return amount


def _optional(parser: Any) -> Any:
    def parse(value: Any) -> Any:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return parser(value)

    return parse


def _flag(value: Any) -> Any:
    return False if value is None or value == "" else value


_as_text = PlainSerializer(lambda v: str(v), return_type=str, when_used="json")
# None stays null: as text it would read back as the amount "None", which is no amount at all
_as_text_or_null = PlainSerializer(
    lambda v: None if v is None else str(v), return_type=str | None, when_used="json"
)

Amount = Annotated[Decimal, BeforeValidator(to_decimal), _as_text]
OptionalAmount = Annotated[Decimal | None, BeforeValidator(_optional(to_decimal)), _as_text_or_null]
Quantity = Amount
UtcDateTime = Annotated[datetime, BeforeValidator(parse_utc)]
OptionalUtcDateTime = Annotated[datetime | None, BeforeValidator(_optional(parse_utc))]
Day = Annotated[date, BeforeValidator(parse_day)]
Flag = Annotated[bool, BeforeValidator(_flag)]


_FIELDS_BY_SQUASHED_KEY: dict[type, tuple[frozenset[str], dict[str, str]]] = {}


@lru_cache(maxsize=4096)
def squashed(key: str) -> str:
    """`squash`, remembered: the same few dozen keys arrive in every payload (bounded, so made-up
    keys cannot grow it)."""
    return squash(key)


class IsellerModel(BaseModel):
    """Base of every iSeller payload: key casing folded, unknown fields kept, numbers as text ids."""

    model_config = ConfigDict(extra="allow", coerce_numbers_to_str=True)

    @classmethod
    def _field_by_squashed_key(cls) -> tuple[frozenset[str], dict[str, str]]:
        """(the field names, field name by squashed key), computed once per model class."""
        known = _FIELDS_BY_SQUASHED_KEY.get(cls)
        if known is None:
            names = frozenset(cls.model_fields)
            known = _FIELDS_BY_SQUASHED_KEY[cls] = (names, {squash(name): name for name in names})
        return known

    @model_validator(mode="before")
    @classmethod
    def _fold_key_casing(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        names, fields = cls._field_by_squashed_key()
        others = [key for key in data if key not in names]
        if not others:
            return data  # every key already a field's own spelling: nothing to fold
        folded: dict[str, Any] = {k: v for k, v in data.items() if k in names}
        for key in others:
            name = fields.get(squashed(key)) if isinstance(key, str) else None
            if name is not None and name not in folded:
                folded[name] = data[key]
            else:
                folded[key] = data[key]  # unknown (or a second spelling): kept as an extra field
        return folded
