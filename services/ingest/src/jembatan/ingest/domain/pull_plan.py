"""Planning a pull — pure, no I/O: which windows to ask GetOrders for, and with what parameters.

- **backfill** of store days `D1..D2` pulls orders *created* in `[D1 00:00, D2+1 00:00)` of the
  store's time zone: every historical order once, in its current state.
- **reconcile** pulls orders *modified* in the last window ending at the trigger's tick, so an
  order whose webhook never arrived (or arrived in an older state) is caught.
- **span** pulls an outlet's orders *created* in one shift's span (a reconcile trigger with a
  span: the poster checking a shift window's completeness), whatever their later changes.

iSeller takes ISO-8601 without offset plus `time_zone` (hours); we always send UTC and `0`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any


class PullMode(StrEnum):
    BACKFILL = "backfill"
    RECONCILE = "reconcile"
    SPAN = "span"


@dataclass(frozen=True)
class Window:
    """A half-open UTC interval `[start, end)`."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("windows are aware UTC")
        if self.end <= self.start:
            raise ValueError(f"empty window {self.start.isoformat()} .. {self.end.isoformat()}")


def store_days(first: date, last: date, utc_offset_hours: int) -> Window:
    """Store calendar days `first..last` (inclusive) as one UTC window."""
    if last < first:
        raise ValueError(f"--to {last} is before --from {first}")
    offset = timedelta(hours=utc_offset_hours)
    start = datetime.combine(first, time(), tzinfo=UTC) - offset
    end = datetime.combine(last + timedelta(days=1), time(), tzinfo=UTC) - offset
    return Window(start, end)


def last_window(tick: datetime, minutes: int) -> Window:
    """The reconcile window: the `minutes` before `tick`."""
    tick = tick.astimezone(UTC)
    return Window(tick - timedelta(minutes=minutes), tick)


def split(window: Window, hours: int) -> list[Window]:
    """Consecutive windows of at most `hours` covering `window`."""
    step = timedelta(hours=max(1, hours))
    out, start = [], window.start
    while start < window.end:
        end = min(start + step, window.end)
        out.append(Window(start, end))
        start = end
    return out


def iseller_time(moment: datetime) -> str:
    """UTC, ISO-8601 without offset, as iSeller's request parameters want it."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")


def orders_query(
    mode: PullMode, window: Window, *, lookback: timedelta, outlet_id: str | None = None
) -> dict[str, Any]:
    """GetOrders parameters (without paging) for one window."""
    if mode in (PullMode.BACKFILL, PullMode.SPAN):
        query: dict[str, Any] = {
            "created_after": iseller_time(window.start),
            "created_before": iseller_time(window.end),
            "sort": "CreatedDate",
        }
    else:  # created_after is required even when filtering on the modified date
        query = {
            "created_after": iseller_time(window.start - lookback),
            "modified_after": iseller_time(window.start),
            "modified_before": iseller_time(window.end),
            "sort": "ModifiedDate",
        }
    query |= {"time_zone": 0, "sort_direction": "asc", "includes": "OrderDetails,Transactions,MDR"}
    if outlet_id:
        query["outlet_id"] = outlet_id
    return query


def shifts_query(window: Window, outlet_id: str | None = None) -> dict[str, Any]:
    """GetRegisterShifts parameters for one window."""
    query: dict[str, Any] = {
        "time_zone": 0,
        "created_after": iseller_time(window.start),
        "created_before": iseller_time(window.end),
    }
    if outlet_id:
        query["outlet_id"] = outlet_id
    return query
