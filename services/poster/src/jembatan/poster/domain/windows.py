"""Posting windows (DESIGN.md §4): which facts are posted together. Pure data, no I/O.

A window is identified by a deterministic id, unique per tenant:

| mode          | sales / refunds window                        | closes when                           |
|---------------|-----------------------------------------------|---------------------------------------|
| real time     | ``order:<order_id>`` / ``refund:<refund_id>`` | at once                               |
| shift close   | ``shift:<register_shift_id>``                 | its shift close matches (or grace)    |
| scheduled     | ``hours:<outlet_id>:<start ISO>``             | a scheduled-hour trigger at its end   |

Transfers and stock counts follow the outlet's transfer switch: ``stock:<source>`` in real time,
``stock-hours:<outlet_id>:<start ISO>`` at scheduled hours. Payouts, customers and customer
payments are windows of their own (``payout:``, ``customer:``, ``customer-payment:``) that close
at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from jembatan.contracts.ledger import OutletSnapshot, RefundFact, SaleFact, SyncMode

from .jakarta import JAKARTA


@dataclass(frozen=True)
class SalesWindow:
    """The sales and refunds of one outlet posted together.

    `window_id` is deterministic and unique per tenant: ``order:<order_id>`` in real time,
    ``shift:<shift_id>`` at shift close, ``hours:<outlet_id>:<start ISO>`` for scheduled hours.
    `label` is a short token used in document numbers and descriptions.
    """

    tenant_id: str
    window_id: str
    label: str
    outlet: OutletSnapshot  # the newest snapshot among the window's facts
    opened_at: datetime
    closed_at: datetime
    sales: tuple[SaleFact, ...] = ()
    refunds: tuple[RefundFact, ...] = ()
    late: bool = False  # facts that arrived after their own window had been posted
    source_ids: tuple[str, ...] = field(default=())


class WindowState(StrEnum):
    OPEN = "open"  # collecting facts
    WAITING = "waiting"  # its shift closed but what is held does not match yet (grace period)
    RECONCILING = "reconciling"  # grace ran out; ingest was asked to pull, a last grace runs
    PLANNED = "planned"  # its documents are in the posting ledger; new facts go to the next window


@dataclass(frozen=True)
class Placement:
    """Where a fact goes: its window, the window's span, and whether it closes at once."""

    window_id: str
    mode: SyncMode
    opened_at: datetime
    closed_at: datetime
    closes_at_once: bool = False
    register_id: str | None = None


def hours_span(hours: list[int], moment: datetime) -> tuple[datetime, datetime]:
    """The span between two of the merchant's hours (Jakarta time) that holds `moment`, in UTC.

    Without any hours the window is the Jakarta day. A moment exactly on an hour opens the next span.
    """
    local = moment.astimezone(JAKARTA)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    picked = sorted({h % 24 for h in hours}) or [0]
    marks = [midnight + timedelta(days=d, hours=h) for d in (-1, 0, 1) for h in picked]
    start = max(m for m in marks if m <= local)
    end = min(m for m in marks if m > local)
    return start.astimezone(moment.tzinfo), end.astimezone(moment.tzinfo)


def hours_window_id(prefix: str, outlet_id: str, start: datetime) -> str:
    return f"{prefix}:{outlet_id}:{start.isoformat()}"


def place_sale(
    outlet: OutletSnapshot, source: str, moment: datetime, shift_id: str | None
) -> Placement | None:
    """The window of a sale (``source`` = ``order:<id>``) or refund (``refund:<id>``).

    None: the outlet posts at shift close and the fact names no shift (real iSeller orders do not),
    so it waits until a shift covering its register and time is known.
    """
    if outlet.sync_mode == SyncMode.REAL_TIME:
        return Placement(source, SyncMode.REAL_TIME, moment, moment, closes_at_once=True)
    if outlet.sync_mode == SyncMode.SHIFT_CLOSE:
        if shift_id is None:
            return None
        return Placement(f"shift:{shift_id}", SyncMode.SHIFT_CLOSE, moment, moment)
    start, end = hours_span(outlet.scheduled_hours, moment)
    return Placement(hours_window_id("hours", outlet.outlet_id, start), SyncMode.SCHEDULED, start, end)


def place_stock(outlet: OutletSnapshot, source: str, moment: datetime) -> Placement:
    """Transfers, adjustments and counts follow the outlet's transfer switch."""
    if outlet.transfer_sync != SyncMode.SCHEDULED:
        return Placement(f"stock:{source}", SyncMode.REAL_TIME, moment, moment, closes_at_once=True)
    start, end = hours_span(outlet.scheduled_hours, moment)
    return Placement(hours_window_id("stock-hours", outlet.outlet_id, start), SyncMode.SCHEDULED, start, end)


def place_after(
    planned: Placement, outlet: OutletSnapshot, is_planned: Callable[[str], bool]
) -> Placement | None:
    """A late fact's window: the first window after `planned` that is not yet planned.

    `is_planned(window_id) -> bool` tells which windows already went out. Scheduled windows roll
    forward span by span; a late shift fact waits for the register's next shift (None).
    """
    if planned.mode != SyncMode.SCHEDULED:
        return None
    prefix = planned.window_id.split(":", 1)[0]
    start, end = planned.opened_at, planned.closed_at
    while True:
        start, end = hours_span(outlet.scheduled_hours, end)
        window_id = hours_window_id(prefix, outlet.outlet_id, start)
        if not is_planned(window_id):
            return Placement(window_id, SyncMode.SCHEDULED, start, end)


def window_label(window_id: str) -> str:
    """A short token for numbers and descriptions: the window's kind and the tail of its id."""
    kind, _, rest = window_id.partition(":")
    tail = rest.rsplit(":", 1)[-1] if kind not in ("hours", "stock-hours") else rest.split(":", 1)[-1]
    return f"{kind}:{tail}"[:40]
