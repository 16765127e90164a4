"""What the poster needs to know about a ledger fact to hold it and place it in a window. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from jembatan.contracts.ledger import (
    LEDGER_SCHEMAS,
    CustomerFact,
    CustomerPaymentFact,
    Fact,
    OutletSnapshot,
    PayoutFact,
    RefundFact,
    SaleFact,
    ShiftClosedFact,
    StockAdjustedFact,
    StockCountedFact,
    TransferReceivedFact,
    TransferStartedFact,
)


class Family(StrEnum):
    SALES = "sales"  # sales and refunds: windowed by the outlet's sync mode
    SHIFT = "shift"  # a register shift close: closes a shift window
    STOCK = "stock"  # transfers, adjustments, counts: follow the transfer switch
    AT_ONCE = "at once"  # payouts, customers, customer payments: posted as they come


@dataclass(frozen=True)
class FactIdentity:
    """A fact's stable key (the same source always gives the same key) and where it belongs."""

    key: str
    family: Family
    outlet: OutletSnapshot | None
    occurred_at: datetime
    register_id: str | None = None
    shift_id: str | None = None


def read_fact(schema: str, payload: dict[str, object]) -> Fact:
    """The typed fact of a `ledger.facts.v1` payload (KeyError for a schema no version knows)."""
    return LEDGER_SCHEMAS[schema].model_validate(payload)


def identify(fact: Fact, fallback_time: datetime) -> FactIdentity:
    """Key and placement data of a fact; `fallback_time` for facts that carry no instant."""
    match fact:
        case SaleFact(order=order, outlet=outlet):
            return FactIdentity(
                f"order:{order.order_id}", Family.SALES, outlet, order.closed_at,
                order.register_id, order.register_shift_id,
            )  # fmt: skip
        case RefundFact(refund=refund, outlet=outlet):
            return FactIdentity(
                f"refund:{refund.refund_id}", Family.SALES, outlet, refund.refunded_at,
                refund.register_id, refund.register_shift_id,
            )  # fmt: skip
        case ShiftClosedFact(shift=shift, outlet=outlet):
            return FactIdentity(
                f"shift:{shift.register_shift_id}", Family.SHIFT, outlet, shift.closed_at,
                shift.register_id, shift.register_shift_id,
            )  # fmt: skip
        case TransferStartedFact(transfer=transfer, from_outlet=outlet):
            return FactIdentity(
                f"transfer-out:{transfer.transfer_id}", Family.STOCK, outlet, transfer.started_at
            )
        case TransferReceivedFact(transfer=transfer, to_outlet=outlet):
            return FactIdentity(
                f"transfer-in:{transfer.transfer_id}", Family.STOCK, outlet, transfer.received_at
            )
        case StockAdjustedFact(adjustment=adjustment, outlet=outlet):
            return FactIdentity(
                f"adjustment:{adjustment.adjustment_id}", Family.STOCK, outlet, adjustment.adjusted_at
            )
        case StockCountedFact(count=count, outlet=outlet):
            return FactIdentity(f"count:{count.stock_count_id}", Family.STOCK, outlet, count.counted_at)
        case PayoutFact(payout=payout, outlet=outlet):
            return FactIdentity(f"payout:{payout.payout_id}", Family.AT_ONCE, outlet, fallback_time)
        case CustomerFact(customer=customer):
            return FactIdentity(f"customer:{customer.customer_id}", Family.AT_ONCE, None, customer.updated_at)
        case CustomerPaymentFact(payment=payment, outlet=outlet):
            return FactIdentity(
                f"customer-payment:{payment.payment_id}", Family.AT_ONCE, outlet, payment.received_at
            )
    raise TypeError(f"no identity for {type(fact).__name__}")
