"""Transfers, stock adjustments and stock counts → ledger facts — pure."""

from __future__ import annotations

from collections.abc import Iterable

from jembatan.contracts.ledger import (
    ItemRef,
    StockAdjustedFact,
    StockCountedFact,
    TransferReceivedFact,
    TransferStartedFact,
)
from jembatan.contracts.pos import StockAdjusted, StockCounted, TransferReceived, TransferStarted

from .lookups import Lookups
from .mapping import OutletMapping
from .outcome import Parked


def item_refs(skus: Iterable[str], lookups: Lookups) -> list[ItemRef] | Parked:
    """The Accurate item of every SKU, once each, in first-seen order."""
    out: dict[str, ItemRef] = {}
    for sku in skus:
        if sku in out:
            continue
        item_no = lookups.catalogue.item_no(sku, repr(sku))
        if isinstance(item_no, Parked):
            return item_no
        out[sku] = ItemRef(sku=sku, item_no=item_no)
    return list(out.values())


def _both(from_id: str, to_id: str, lookups: Lookups) -> tuple[OutletMapping, OutletMapping] | Parked:
    origin, destination = lookups.outlet(from_id), lookups.outlet(to_id)
    if isinstance(origin, Parked):
        return origin
    if isinstance(destination, Parked):
        return destination
    return origin, destination


def enrich_transfer_started(transfer: TransferStarted, lookups: Lookups) -> TransferStartedFact | Parked:
    outlets = _both(transfer.from_outlet_id, transfer.to_outlet_id, lookups)
    if isinstance(outlets, Parked):
        return outlets
    items = item_refs((ln.sku for ln in transfer.lines), lookups)
    if isinstance(items, Parked):
        return items
    return TransferStartedFact(
        transfer=transfer, from_outlet=outlets[0].snapshot, to_outlet=outlets[1].snapshot, items=items
    )


def enrich_transfer_received(transfer: TransferReceived, lookups: Lookups) -> TransferReceivedFact | Parked:
    outlets = _both(transfer.from_outlet_id, transfer.to_outlet_id, lookups)
    if isinstance(outlets, Parked):
        return outlets
    if (
        any(ln.quantity_rejected > 0 for ln in transfer.lines)
        and not outlets[1].snapshot.damaged_goods_account
    ):
        return Parked(
            f"outlet {transfer.to_outlet_id} rejected damaged goods and has no damaged goods account"
        )
    items = item_refs((ln.sku for ln in transfer.lines), lookups)
    if isinstance(items, Parked):
        return items
    return TransferReceivedFact(
        transfer=transfer, from_outlet=outlets[0].snapshot, to_outlet=outlets[1].snapshot, items=items
    )


def enrich_stock_adjusted(adjustment: StockAdjusted, lookups: Lookups) -> StockAdjustedFact | Parked:
    outlet = lookups.outlet(adjustment.outlet_id)
    if isinstance(outlet, Parked):
        return outlet
    damaged = adjustment.reason == "damaged" and outlet.snapshot.damaged_goods_account
    if not damaged and not outlet.snapshot.stock_adjustment_account:
        return Parked(f"outlet {adjustment.outlet_id} has no stock adjustment account")
    items = item_refs((ln.sku for ln in adjustment.lines), lookups)
    if isinstance(items, Parked):
        return items
    return StockAdjustedFact(adjustment=adjustment, outlet=outlet.snapshot, items=items)


def enrich_stock_counted(count: StockCounted, lookups: Lookups) -> StockCountedFact | Parked:
    outlet = lookups.outlet(count.outlet_id)
    if isinstance(outlet, Parked):
        return outlet
    if not outlet.snapshot.stock_count_account:
        return Parked(f"outlet {count.outlet_id} has no stock count difference account")
    items = item_refs((ln.sku for ln in count.lines), lookups)
    if isinstance(items, Parked):
        return items
    return StockCountedFact(count=count, outlet=outlet.snapshot, items=items)
