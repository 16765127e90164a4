"""Stock facts → item transfers and item adjustments (ACCOUNTING.md §3 "Inventory").

A transfer goes out of the origin into transit when it starts (``TRANSFER_OUT``); when it is
received, accepted and rejected lines come in at the destination (``TRANSFER_IN`` referencing the
out), cancelled lines come back to the origin, and rejected (damaged) lines then leave the
destination's stock to the damaged-goods account. Adjustments and counts post their deltas, so
their result does not depend on the order in which sales and counts reach Accurate.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from jembatan.accurate.documents import (
    AdjustmentLine,
    AdjustmentType,
    ItemAdjustment,
    ItemTransfer,
    ItemTransferType,
    TransferLine,
)
from jembatan.contracts.ledger import (
    ItemRef,
    OutletSnapshot,
    StockAdjustedFact,
    StockCountedFact,
    TransferReceivedFact,
    TransferStartedFact,
)

from ..drafts import ActivityKind, DocumentDraft
from ..jakarta import jakarta_day
from ..numbering import document_number, undated_number
from ..refusals import RecipeRefused, require_account
from .drafting import draft


def transfer_out_key(tenant_id: str, transfer_id: str) -> str:
    return f"{tenant_id}:item-transfer:out:{transfer_id}"


def transfer_started_documents(tenant_id: str, fact: TransferStartedFact) -> list[DocumentDraft]:
    transfer, origin = fact.transfer, fact.from_outlet
    key = transfer_out_key(tenant_id, transfer.transfer_id)
    lines = [(line.sku, line.quantity) for line in transfer.lines]
    document = _transfer(
        ItemTransferType.TRANSFER_OUT, key, origin.outlet_code, jakarta_day(transfer.started_at), origin,
        into=origin.warehouse_name, other=fact.to_outlet.warehouse_name, lines=lines, items=fact.items,
        description=f"iSeller transfer {transfer.transfer_reference} out to {fact.to_outlet.outlet_code}",
    )  # fmt: skip
    return [_draft(document, key, transfer.transfer_id, transfer.transfer_reference, origin)]


def transfer_received_documents(tenant_id: str, fact: TransferReceivedFact) -> list[DocumentDraft]:
    transfer, origin, destination = fact.transfer, fact.from_outlet, fact.to_outlet
    out_key = transfer_out_key(tenant_id, transfer.transfer_id)
    out_no = undated_number("item-transfer", origin.outlet_code, out_key)
    day, ref = jakarta_day(transfer.received_at), transfer.transfer_reference
    arrived = [(ln.sku, ln.quantity_accepted + ln.quantity_rejected) for ln in transfer.lines]
    back = [(ln.sku, ln.quantity_cancelled) for ln in transfer.lines]
    rejected = [(ln.sku, ln.quantity_rejected) for ln in transfer.lines]
    docs = []
    in_key = f"{tenant_id}:item-transfer:in:{transfer.transfer_id}"
    if _any(arrived):
        document = _transfer(
            ItemTransferType.TRANSFER_IN, in_key, destination.outlet_code, day, destination,
            into=destination.warehouse_name, other=origin.warehouse_name, lines=arrived, items=fact.items,
            description=f"iSeller transfer {ref} received from {origin.outlet_code}", from_no=out_no,
        )  # fmt: skip
        docs.append(_draft(document, in_key, transfer.transfer_id, ref, destination, out_key))
    if _any(back):
        key = f"{tenant_id}:item-transfer:back:{transfer.transfer_id}"
        document = _transfer(
            ItemTransferType.TRANSFER_IN, key, origin.outlet_code, day, origin, into=origin.warehouse_name,
            other=destination.warehouse_name, lines=back, items=fact.items, from_no=out_no,
            description=f"iSeller transfer {ref}: cancelled lines back to {origin.outlet_code}",
        )  # fmt: skip
        docs.append(_draft(document, key, transfer.transfer_id, ref, origin, out_key))
    if _any(rejected):
        key = f"{tenant_id}:item-adjustment:rejected:{transfer.transfer_id}"
        account = require_account(
            destination.damaged_goods_account, "Rejected transfer lines", destination.outlet_code
        )
        damaged = _adjustment(
            key, destination, day, account, f"iSeller transfer {ref}: rejected (damaged) lines",
            [(sku, -qty, None) for sku, qty in rejected], fact.items,
        )  # fmt: skip
        docs.append(
            _draft(damaged, key, transfer.transfer_id, ref, destination, in_key, ActivityKind.TRANSFER)
        )
    return docs


def stock_adjusted_documents(tenant_id: str, fact: StockAdjustedFact) -> list[DocumentDraft]:
    adjustment, outlet = fact.adjustment, fact.outlet
    key = f"{tenant_id}:item-adjustment:adjustment:{adjustment.adjustment_id}"
    account = require_account(outlet.stock_adjustment_account, "Stock adjustment", outlet.outlet_code)
    lines = [(ln.sku, ln.quantity_delta, ln.unit_cost) for ln in adjustment.lines]
    if not _any([(s, q) for s, q, _ in lines]):
        return []
    document = _adjustment(
        key, outlet, jakarta_day(adjustment.adjusted_at), account,
        f"iSeller stock adjustment {adjustment.adjustment_reference} ({adjustment.reason})", lines, fact.items,
    )  # fmt: skip
    return [_draft(document, key, adjustment.adjustment_id, adjustment.adjustment_reference, outlet, None,
                   ActivityKind.ADJUSTMENT)]  # fmt: skip


def stock_counted_documents(tenant_id: str, fact: StockCountedFact) -> list[DocumentDraft]:
    count, outlet = fact.count, fact.outlet
    key = f"{tenant_id}:item-adjustment:count:{count.stock_count_id}"
    lines = [(ln.sku, ln.counted_quantity - ln.system_quantity, ln.unit_cost) for ln in count.lines]
    if not _any([(s, q) for s, q, _ in lines]):
        return []  # the count confirmed the books: nothing to adjust
    account = require_account(outlet.stock_count_account, "Stock count difference", outlet.outlet_code)
    document = _adjustment(key, outlet, jakarta_day(count.counted_at), account,
                           f"iSeller stock count {count.reference}", lines, fact.items)  # fmt: skip
    return [
        _draft(document, key, count.stock_count_id, count.reference, outlet, None, ActivityKind.STOCK_COUNT)
    ]


def _transfer(
    kind: ItemTransferType, key: str, outlet_code: str, day: date, outlet: OutletSnapshot, *, into: str,
    other: str, lines: Sequence[tuple[str, Decimal]], items: Sequence[ItemRef], description: str,
    from_no: str | None = None,
) -> ItemTransfer:  # fmt: skip
    return ItemTransfer(
        number=undated_number("item-transfer", outlet_code, key), trans_date=day, branch_name=outlet.branch_name,
        description=description[:250], item_transfer_type=kind, warehouse_name=into, reference_warehouse_name=other,
        from_item_transfer_no=from_no,
        detail_item=[TransferLine(item_no=_item_no(sku, items), quantity=qty) for sku, qty in lines if qty > 0],
    )  # fmt: skip


def _adjustment(
    key: str, outlet: OutletSnapshot, day: date, account: str, description: str,
    lines: Sequence[tuple[str, Decimal, Decimal | None]], items: Sequence[ItemRef],
) -> ItemAdjustment:  # fmt: skip
    return ItemAdjustment(
        number=document_number("item-adjustment", outlet.outlet_code, day, key), trans_date=day,
        branch_name=outlet.branch_name, description=description[:250], adjustment_account_no=account,
        detail_item=[
            AdjustmentLine(
                item_no=_item_no(sku, items), quantity=abs(delta), warehouse_name=outlet.warehouse_name,
                item_adjustment_type=AdjustmentType.ADJUSTMENT_IN if delta > 0 else AdjustmentType.ADJUSTMENT_OUT,
                unit_cost=unit_cost if delta > 0 else None,
            )
            for sku, delta, unit_cost in lines
            if delta != 0
        ],
    )  # fmt: skip


def _draft(
    document: ItemTransfer | ItemAdjustment, key: str, source_id: str, reference: str, outlet: OutletSnapshot,
    depends_on: str | None = None, kind: ActivityKind = ActivityKind.TRANSFER,
) -> DocumentDraft:  # fmt: skip
    assert document.number is not None
    return draft(document, key=key, number=document.number, kind=kind, source_ids=[source_id, reference],
                 outlet_id=outlet.outlet_id, depends_on=depends_on)  # fmt: skip


def _item_no(sku: str, items: Sequence[ItemRef]) -> str:
    for ref in items:
        if ref.sku == sku:
            return ref.item_no
    raise RecipeRefused(f"product {sku} has no Accurate item")


def _any(lines: Sequence[tuple[str, Decimal]]) -> bool:
    return any(qty != 0 for _, qty in lines)
