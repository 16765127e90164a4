"""Accurate's date formats: ``dd/MM/yyyy`` dates and ``dd/MM/yyyy HH:mm:ss`` timestamps (WIB)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from .errors import invalid_field

WIB = timezone(timedelta(hours=7), "WIB")
_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_TIMESTAMP = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}) (\d{1,2}):(\d{2}):(\d{2})$")


def parse_date(value: Any, field: str) -> date:
    """Parse ``dd/MM/yyyy``; ISO dates are rejected as Accurate does."""
    match = _DATE.match(str(value).strip()) if value is not None else None
    if not match:
        raise invalid_field(field)
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise invalid_field(field) from None


def parse_timestamp(value: Any, field: str) -> datetime:
    """Parse ``dd/MM/yyyy HH:mm:ss`` as Asia/Jakarta time; a bare date means midnight."""
    text = str(value).strip()
    match = _TIMESTAMP.match(text)
    if not match:
        return datetime.combine(parse_date(text, field), datetime.min.time(), WIB)
    day, month, year, hour, minute, second = (int(g) for g in match.groups())
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=WIB)
    except ValueError:
        raise invalid_field(field) from None


def format_date(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def format_timestamp(value: datetime) -> str:
    return value.astimezone(WIB).strftime("%d/%m/%Y %H:%M:%S")


def now_utc() -> datetime:
    return datetime.now(UTC)


def today_wib() -> date:
    return datetime.now(WIB).date()
