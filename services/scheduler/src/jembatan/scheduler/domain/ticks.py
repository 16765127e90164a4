"""Which triggers are due — pure. Missed ticks after downtime are caught up, oldest first."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

JAKARTA = ZoneInfo("Asia/Jakarta")
MAX_CATCH_UP = timedelta(days=2)  # older ticks are not replayed one by one; the next one covers them


def hourly_ticks(last_fired: datetime | None, now: datetime) -> list[datetime]:
    """Every top of the hour after `last_fired` up to `now` (only the current one when new)."""
    top = now.replace(minute=0, second=0, microsecond=0)
    if last_fired is None:
        return [top]
    start = max(last_fired, now - MAX_CATCH_UP)
    ticks, tick = [], top
    while tick > start:
        ticks.append(tick)
        tick -= timedelta(hours=1)
    return sorted(ticks)


def scheduled_ticks(hours: list[int], last_fired: datetime | None, now: datetime) -> list[datetime]:
    """The merchant's chosen hours (Jakarta time) that passed since `last_fired`, as UTC instants."""
    return [t for t in hourly_ticks(last_fired, now) if t.astimezone(JAKARTA).hour in set(hours)]
