"""Transfers, stock adjustments and stock counts → canonical POS events. Pure."""

from __future__ import annotations

from .. import pos
from .stock import StockAdjustment, StockCount, Transfer, TransferParty


def _outlet(party: TransferParty, side: str, transfer: Transfer) -> str:
    if not party.outlet_id:
        raise ValueError(f"transfer {transfer.transfer_id}: {side} has no outlet_id")
    return party.outlet_id


def transfer_started(transfer: Transfer) -> pos.TransferStarted:
    """A transfer that left its origin (`in_transfer`) as `pos.transfer_started/1`."""
    started_at = transfer.started_at or transfer.created_at
    if started_at is None:
        raise ValueError(f"transfer {transfer.transfer_id}: in_transfer without started_at")
    return pos.TransferStarted(
        transfer_id=transfer.transfer_id,
        transfer_reference=transfer.transfer_reference or transfer.transfer_id,
        from_outlet_id=_outlet(transfer.source, "source", transfer),
        to_outlet_id=_outlet(transfer.destination, "destination", transfer),
        started_at=started_at,
        lines=[
            pos.TransferLine(
                sku=line.sku,
                product_id=line.product_id,
                quantity=line.quantity_sent,
                unit_cost=line.unit_cost,
            )
            for line in transfer.lines
        ],
    )


def transfer_received(transfer: Transfer) -> pos.TransferReceived:
    """A completed transfer (accepted / cancelled / rejected per line) as `pos.transfer_received/1`."""
    if transfer.received_at is None:
        raise ValueError(f"transfer {transfer.transfer_id}: completed without received_at")
    return pos.TransferReceived(
        transfer_id=transfer.transfer_id,
        transfer_reference=transfer.transfer_reference or transfer.transfer_id,
        from_outlet_id=_outlet(transfer.source, "source", transfer),
        to_outlet_id=_outlet(transfer.destination, "destination", transfer),
        received_at=transfer.received_at,
        lines=[
            pos.ReceivedLine(
                sku=line.sku,
                product_id=line.product_id,
                quantity_sent=line.quantity_sent,
                quantity_accepted=line.quantity_accepted,
                quantity_cancelled=line.quantity_cancelled,
                quantity_rejected=line.quantity_rejected,
            )
            for line in transfer.lines
        ],
    )


def stock_adjusted(adjustment: StockAdjustment) -> pos.StockAdjusted:
    """A stock adjustment as `pos.stock_adjusted/1`."""
    return pos.StockAdjusted(
        adjustment_id=adjustment.adjustment_id,
        adjustment_reference=adjustment.adjustment_reference or adjustment.adjustment_id,
        outlet_id=adjustment.outlet_id,
        adjusted_at=adjustment.adjusted_at,
        reason=adjustment.reason,
        lines=[
            pos.AdjustmentLine(
                sku=line.sku,
                product_id=line.product_id,
                quantity_delta=line.quantity_delta,
                unit_cost=line.unit_cost,
            )
            for line in adjustment.lines
        ],
    )


def stock_counted(count: StockCount) -> pos.StockCounted:
    """A completed stock take as `pos.stock_counted/1`."""
    return pos.StockCounted(
        stock_count_id=count.stock_take_id,
        reference=count.reference or count.stock_take_id,
        outlet_id=count.outlet_id,
        counted_at=count.completed_at,
        lines=[
            pos.CountLine(
                sku=line.sku,
                product_id=line.product_id,
                system_quantity=line.system_quantity,
                counted_quantity=line.counted_quantity,
                unit_cost=line.unit_cost,
            )
            for line in count.lines
        ],
    )
