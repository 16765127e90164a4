"""Stock per warehouse and item: what iSeller's own facts say is on the shelf beside Accurate's stock.

iSeller's facts carry an absolute stock figure in one place only: a stock count (`counted_quantity`
of a SKU at an outlet, at `counted_at`). From the latest count of an item in a warehouse, iSeller's
stock is that count plus every movement the facts record after it: sales out, refunds back in (only
lines iSeller restocked), transfers out when they start, accepted lines in at the destination and
cancelled lines back at the origin when they are received, adjustments by their delta; a composite
sold takes its ingredients (SKU = Accurate item number) off the shelf. An item never
counted in a warehouse has no figure iSeller gives, so it is not compared (see docs/reconciliation.md).

Movements of facts whose documents are not in Accurate yet (their window is not planned) are
`pending`: Accurate cannot hold them, so they are taken off before comparing and shown beside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from jembatan.contracts.ledger import (
    Fact,
    ItemRef,
    RefundFact,
    SaleFact,
    StockAdjustedFact,
    StockCountedFact,
    TransferReceivedFact,
    TransferStartedFact,
)
from jembatan.contracts.pos import ProductKind

from .compare import ACTIONS, Difference, GapKind

Place = tuple[str, str]  # (warehouse name, Accurate item number)


@dataclass(frozen=True)
class Movement:
    warehouse: str
    item_no: str
    quantity: Decimal  # in (+) or out (-) of the warehouse
    at: datetime
    source_id: str


@dataclass
class ShelfFigure:
    """iSeller's stock of one item in one warehouse, from its latest count onwards."""

    warehouse: str
    item_no: str
    sku: str
    counted: Decimal
    counted_at: datetime
    count_reference: str
    quantity: Decimal = Decimal(0)  # the count plus every later movement
    pending: Decimal = Decimal(0)  # the part of those movements not posted to Accurate yet
    source_ids: list[str] = field(default_factory=list)


def movements(fact: Fact) -> list[Movement]:
    """How one fact moves stock, per warehouse and Accurate item (counts are anchors, not movements)."""
    match fact:
        case SaleFact(order=order, outlet=outlet):
            sold = [Movement(outlet.warehouse_name, ln.item_no, -ln.quantity, order.closed_at, order.order_id)
                    for ln in fact.lines]  # fmt: skip
            used = [Movement(outlet.warehouse_name, part.sku, -line.quantity * part.quantity, order.closed_at,
                             order.order_id)
                    for line in order.lines if line.kind is ProductKind.COMPOSITE
                    for part in line.components if part.sku]  # fmt: skip
            return sold + used  # a composite's ingredients leave the shelf too (its GROUP item relieves them)
        case RefundFact(refund=refund, outlet=outlet):
            kept = {ln.line_id for ln in refund.lines if not ln.restock and ln.line_id}
            return [Movement(outlet.warehouse_name, ln.item_no, ln.quantity, refund.refunded_at, refund.refund_id)
                    for ln in fact.lines if ln.source_line_id.split(":")[0] not in kept]  # fmt: skip
        case TransferStartedFact(transfer=transfer, from_outlet=origin, items=items):
            return [Movement(origin.warehouse_name, _item(ln.sku, items), -ln.quantity, transfer.started_at,
                             transfer.transfer_id) for ln in transfer.lines]  # fmt: skip
        case TransferReceivedFact(transfer=t, from_outlet=origin, to_outlet=destination, items=items):
            return [
                *(Movement(destination.warehouse_name, _item(ln.sku, items), ln.quantity_accepted,
                           t.received_at, t.transfer_id) for ln in t.lines if ln.quantity_accepted),
                *(Movement(origin.warehouse_name, _item(ln.sku, items), ln.quantity_cancelled,
                           t.received_at, t.transfer_id) for ln in t.lines if ln.quantity_cancelled),
            ]  # fmt: skip
        case StockAdjustedFact(adjustment=adjustment, outlet=outlet, items=items):
            return [Movement(outlet.warehouse_name, _item(ln.sku, items), ln.quantity_delta, adjustment.adjusted_at,
                             adjustment.adjustment_id) for ln in adjustment.lines]  # fmt: skip
    return []


def shelf_figures(facts: Iterable[tuple[Fact, bool]]) -> dict[Place, ShelfFigure]:
    """iSeller's stock per (warehouse, item) that a count anchors. `facts`: (fact, posted) pairs, where
    `posted` says whether the fact's documents are in Accurate's books yet."""
    held = list(facts)
    figures: dict[Place, ShelfFigure] = {}
    for fact, _ in held:
        if isinstance(fact, StockCountedFact):
            count, outlet = fact.count, fact.outlet
            for ln in count.lines:
                place = (outlet.warehouse_name, _item(ln.sku, fact.items))
                known = figures.get(place)
                if known is None or count.counted_at > known.counted_at:
                    figures[place] = ShelfFigure(
                        outlet.warehouse_name, place[1], ln.sku, ln.counted_quantity, count.counted_at,
                        count.reference, quantity=ln.counted_quantity, source_ids=[count.stock_count_id],
                    )  # fmt: skip
    for fact, posted in held:
        for move in movements(fact):
            figure = figures.get((move.warehouse, move.item_no))
            if figure is None or move.at <= figure.counted_at:
                continue
            figure.quantity += move.quantity
            if not posted:
                figure.pending += move.quantity
            if move.source_id not in figure.source_ids:
                figure.source_ids.append(move.source_id)
    return figures


def stock_differences(
    figures: Mapping[Place, ShelfFigure], books: Mapping[Place, Decimal]
) -> list[Difference]:
    """A `stock` difference per counted item and warehouse whose Accurate stock is not iSeller's
    (less what is not posted yet). An item Accurate does not list in that warehouse holds 0 there."""
    out = []
    for place in sorted(figures):
        figure = figures[place]
        expected = figure.quantity - figure.pending
        held = books.get(place, Decimal(0))
        if held == expected:
            continue
        pending = f", {figure.pending:,} of it not posted yet" if figure.pending else ""
        out.append(
            Difference(
                GapKind.STOCK, held - expected, None, (), iseller=figure.quantity, accurate=held,
                action=ACTIONS[GapKind.STOCK],
                detail=(f"{figure.sku} in {figure.warehouse}: Accurate {held:,}, iSeller {figure.quantity:,}{pending}"
                        f" (counted {figure.counted:,} in {figure.count_reference})"),
                source_ids=tuple(figure.source_ids), sku=figure.sku, warehouse=figure.warehouse,
                item_no=figure.item_no,
            )
        )  # fmt: skip
    return out


def _item(sku: str, items: Iterable[ItemRef]) -> str:
    for ref in items:
        if ref.sku == sku:
            return ref.item_no
    return sku  # the recipes refuse an unmapped SKU; here it simply matches no Accurate item
