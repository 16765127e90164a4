"""Shifts as real iSeller shows them (the switch `StoreConfig.realistic_shifts`).

Real iSeller orders, refunds and settlements carry no `register_shift_id`, and no webhook is sent
when a register shift closes: shifts are known only through the pull API's `GetRegisterShifts`
(register, shift id, open and close times — no counts, no totals). The simulator's own form adds
the shift id and a shift-close webhook with totals; this module takes them away again.
"""

from __future__ import annotations

from typing import Any

from .context import Delivery

SHIFT_WEBHOOK = "register_shift"


def without_shift_id(payload: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in payload.items() if key != "register_shift_id"}


def as_real_iseller(deliveries: list[Delivery]) -> list[Delivery]:
    """The webhooks a real store sends: no shift closes, no shift ids."""
    return [
        Delivery(d.seq, d.at, d.kind, without_shift_id(d.payload))
        for d in deliveries
        if d.kind != SHIFT_WEBHOOK
    ]


def orders_as_real_iseller(orders: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """What `GetOrders` answers in the realistic form: the same orders without their shift id."""
    return {order_id: without_shift_id(order) for order_id, order in orders.items()}
