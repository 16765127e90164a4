"""Shift closes learned by polling GetRegisterShifts — pure, no I/O.

Real iSeller sends no webhook when a register shift closes, and GetRegisterShifts answers only the
register, the shift id and its open and close times (no outlet, no counts, no totals). A closed
shift from that list becomes the same `register_shift` delivery a shift webhook would be — the
outlet it was asked for added, nothing to count — so it is read by the same `admit`, gets the
same dedupe key `register_shift:<id>:closed`, and a store that has both never counts a close twice.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from jembatan.contracts.iseller.pull import RegisterShiftSummary
from pydantic import ValidationError

from .pull_plan import Window

SUMMARY_FIELDS = ("register_shift_id", "register_id", "register_name", "open_date", "closed_date")


def closed_by(shift: dict[str, Any], moment: datetime) -> bool:
    """Whether the row is a shift closed at or before `moment`. A close younger than that is left
    for the next poll: where a store has the shift webhook, its close (with totals to check
    against) has that long to arrive first, since the first of the two is the one kept."""
    try:
        summary = RegisterShiftSummary.model_validate(shift)
    except ValidationError:
        return False
    return summary.closed_date is not None and summary.closed_date <= moment


def close_key(shift: dict[str, Any]) -> str:
    """The dedupe key the shift webhook of this close would have."""
    return f"register_shift:{shift['register_shift_id']}:closed"


def close_delivery(shift: dict[str, Any], outlet_id: str) -> bytes:
    """The `register_shift` delivery body of one closed GetRegisterShifts row at `outlet_id`."""
    body = {name: shift[name] for name in SUMMARY_FIELDS if shift.get(name) is not None}
    return json.dumps({**body, "outlet_id": outlet_id}, default=str, separators=(",", ":")).encode()


def poll_window(window: Window, lookback: timedelta) -> Window:
    """GetRegisterShifts filters on the open time: a shift that opened up to `lookback` before the
    window and closed inside it is found too (a day shift closes hours after it opened)."""
    return Window(window.start - lookback, window.end)


def span_window(start: datetime, end: datetime, margin: timedelta) -> Window:
    """The orders of a shift's span by created time: from `margin` before it opened (a bill opened
    before the shift and paid inside it) to a minute after it closed."""
    return Window(start - margin, max(end, start) + timedelta(minutes=1))
