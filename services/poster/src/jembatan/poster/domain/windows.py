"""Posting windows (DESIGN.md §4): which facts are posted together. Pure data, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from jembatan.contracts.ledger import OutletSnapshot, RefundFact, SaleFact


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
