"""What an event needs looked up before it can be mapped: outlets, SKUs, customers — pure."""

from __future__ import annotations

from dataclasses import dataclass, field

from jembatan.contracts import pos


@dataclass
class Needs:
    outlets: set[str] = field(default_factory=set)
    skus: set[str] = field(default_factory=set)
    customers: set[str] = field(default_factory=set)


def needs_of(event: pos.Event) -> Needs:
    """The outlet ids, SKUs and customer ids `event` names."""
    n = Needs()
    match event:
        case pos.OrderCompleted():
            n.outlets.add(event.outlet_id)
            for line in event.lines:
                n.skus |= {line.sku or ""} | {c.sku or "" for c in line.components}
        case pos.OrderRefunded():
            n.outlets.add(event.outlet_id)
            n.skus |= {ln.sku or "" for ln in event.lines}
        case pos.TransferStarted() | pos.TransferReceived():
            n.outlets |= {event.from_outlet_id, event.to_outlet_id}
            n.skus |= {ln.sku for ln in event.lines}
        case pos.StockAdjusted() | pos.StockCounted():
            n.outlets.add(event.outlet_id)
            n.skus |= {ln.sku for ln in event.lines}
        case pos.PayoutSettled():
            n.outlets |= {event.outlet_id or ""} | {e.outlet_id or "" for e in event.entries}
        case pos.CustomerPaymentReceived():
            n.outlets.add(event.outlet_id)
            n.customers.add(event.customer_id)
        case pos.RegisterShiftClosed():
            n.outlets.add(event.outlet_id)
    n.outlets.discard("")
    n.skus.discard("")
    return n
