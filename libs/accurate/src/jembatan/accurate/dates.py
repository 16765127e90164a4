"""Accurate's date formats, applied at the edge in Asia/Jakarta time.

Inside Jembatan time is aware UTC; Accurate wants ``dd/MM/yyyy`` dates and
``dd/MM/yyyy HH:mm:ss`` timestamps in local (WIB) time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

try:  # the system tz database when present; Jakarta has had no DST since 1964 either way
    from zoneinfo import ZoneInfo

    JAKARTA: timezone | ZoneInfo = ZoneInfo("Asia/Jakarta")
except Exception:  # pragma: no cover - only on systems without tzdata
    JAKARTA = timezone(timedelta(hours=7), "WIB")

DATE_FORMAT = "%d/%m/%Y"
TIMESTAMP_FORMAT = "%d/%m/%Y %H:%M:%S"


def accurate_date(value: date) -> str:
    """Format a date as ``dd/MM/yyyy``; an aware datetime is first converted to Jakarta time."""
    if isinstance(value, datetime):
        value = _to_jakarta(value).date()
    return value.strftime(DATE_FORMAT)


def accurate_timestamp(value: datetime) -> str:
    """Format an aware datetime as ``dd/MM/yyyy HH:mm:ss`` in Jakarta time."""
    return _to_jakarta(value).strftime(TIMESTAMP_FORMAT)


def parse_accurate_date(text: str) -> date:
    """Parse Accurate's ``dd/MM/yyyy``."""
    return datetime.strptime(text, DATE_FORMAT).date()


def parse_accurate_timestamp(text: str) -> datetime:
    """Parse Accurate's ``dd/MM/yyyy HH:mm:ss`` (Jakarta time) into an aware UTC datetime."""
    local = datetime.strptime(text, TIMESTAMP_FORMAT).replace(tzinfo=JAKARTA)
    return local.astimezone(UTC)


def _to_jakarta(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("naive datetime: Jembatan keeps time aware (UTC) until Accurate's edge")
    return value.astimezone(JAKARTA)
