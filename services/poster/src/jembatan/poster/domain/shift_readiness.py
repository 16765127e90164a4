"""Is a shift window ready? Its held facts against the register shift close, and what to do while
they do not match (a grace period, a pull asked of ingest, a last grace). Pure, no I/O."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from jembatan.contracts.ledger import RefundFact, SaleFact
from jembatan.contracts.pos import RegisterShiftClosed

from .windows import WindowState


def shift_covers(shift: RegisterShiftClosed, register_id: str | None, moment: datetime) -> bool:
    """A shift's window is the orders and refunds of its register closed inside its open…close."""
    return register_id == shift.register_id and shift.opened_at <= moment <= shift.closed_at


def close_is_checkable(shift: RegisterShiftClosed) -> bool:
    """Whether the close carries anything to compare with (a pulled shift carries only times)."""
    return bool(shift.order_ids or shift.refund_ids or shift.payments or shift.order_count)


def shift_discrepancies(
    shift: RegisterShiftClosed, sales: list[SaleFact], refunds: list[RefundFact]
) -> list[str]:
    """What the held facts lack against the shift close; empty when they match.

    Compared where the close carries them: order ids (else the order count), refund ids (else the
    refund count), and the payments per payment type.
    """
    if not close_is_checkable(shift):
        return ["the shift close carries no order ids, counts or payment totals to check against"]
    problems: list[str] = []
    held_orders = {s.order.order_id for s in sales}
    held_refunds = {r.refund.refund_id for r in refunds}
    if shift.order_ids:
        missing = sorted(set(shift.order_ids) - held_orders)
        if missing:
            problems.append(f"orders not received: {', '.join(missing)}")
    elif shift.order_count != len(held_orders):
        problems.append(f"{len(held_orders)} orders held, the shift close counts {shift.order_count}")
    if shift.refund_ids:
        missing = sorted(set(shift.refund_ids) - held_refunds)
        if missing:
            problems.append(f"refunds not received: {', '.join(missing)}")
    elif shift.refund_count and shift.refund_count != len(held_refunds):
        problems.append(f"{len(held_refunds)} refunds held, the shift close counts {shift.refund_count}")
    problems.extend(_payment_differences(shift, sales))
    return problems


def _payment_differences(shift: RegisterShiftClosed, sales: list[SaleFact]) -> list[str]:
    if not shift.payments:
        return []
    held: dict[tuple[str, str], Decimal] = {}
    for sale in sales:
        for payment in sale.payments:
            key = (payment.gateway, payment.payment_type_name)
            held[key] = held.get(key, Decimal(0)) + payment.amount
    expected: dict[tuple[str, str], Decimal] = {}
    for total in shift.payments:
        key = (total.gateway, total.payment_type_name)
        expected[key] = expected.get(key, Decimal(0)) + total.amount
    return [
        f"{name} payments held {held.get((gateway, name), Decimal(0))}, the shift close says {amount}"
        for (gateway, name), amount in sorted(expected.items())
        if held.get((gateway, name), Decimal(0)) != amount
    ]


class ShiftDecision(StrEnum):
    POST = "post"  # everything matches, or the last grace ran out: post what is held
    WAIT = "wait"  # keep waiting for late webhooks
    ASK_INGEST = "ask ingest"  # the first grace ran out: ask ingest to pull, then wait once more


def shift_decision(
    matched: bool, state: WindowState, due_at: datetime | None, now: datetime
) -> ShiftDecision:
    """What a shift window waiting on its close should do now."""
    if matched:
        return ShiftDecision.POST
    if due_at is not None and now < due_at:
        return ShiftDecision.WAIT
    if state == WindowState.RECONCILING:
        return ShiftDecision.POST
    return ShiftDecision.ASK_INGEST
