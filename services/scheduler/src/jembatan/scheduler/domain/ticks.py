"""Which slots are due — pure. Missed slots after downtime each fire once, oldest first, marked as
catch-ups."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

JAKARTA = ZoneInfo("Asia/Jakarta")
MAX_CATCH_UP = timedelta(days=2)  # older slots are not replayed one by one; the next one covers them
ON_TIME = timedelta(minutes=5)  # a slot fired later than this after its hour is a catch-up


@dataclass(frozen=True)
class Slot:
    at: datetime  # the top of the hour (UTC) the slot stands for
    catch_up: bool  # fired late, after the scheduler was down across it


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


def scheduled_ticks(hours: Iterable[int], last_fired: datetime | None, now: datetime) -> list[datetime]:
    """The merchant's chosen hours (Jakarta time) that passed since `last_fired`, as UTC instants."""
    chosen = set(hours)
    return [t for t in hourly_ticks(last_fired, now) if t.astimezone(JAKARTA).hour in chosen]


def due_slots(
    hours: Iterable[int], last_fired: datetime | None, now: datetime, *, on_time: timedelta = ON_TIME
) -> list[Slot]:
    """The slots to fire now: each chosen hour since `last_fired` once, late ones as catch-ups."""
    return [Slot(at=t, catch_up=now - t > on_time) for t in scheduled_ticks(hours, last_fired, now)]


def newest_tick(last_fired: datetime | None, now: datetime) -> datetime:
    """The mark to keep after a round: the current top of the hour (nothing before it is due again)."""
    top = now.replace(minute=0, second=0, microsecond=0)
    return top if last_fired is None else max(last_fired, top)
