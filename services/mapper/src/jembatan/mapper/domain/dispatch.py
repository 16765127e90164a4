"""Which enrichment each canonical POS event gets, and the ledger schema it produces — pure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jembatan.contracts.ledger import Fact
from jembatan.contracts.pos import POS_SCHEMAS, Event

from .enrich import enrich_refund, enrich_sale
from .enrich_money import enrich_customer, enrich_customer_payment, enrich_payout, enrich_shift_closed
from .enrich_stock import (
    enrich_stock_adjusted,
    enrich_stock_counted,
    enrich_transfer_received,
    enrich_transfer_started,
)
from .lookups import Lookups
from .outcome import Parked

Enricher = Callable[[Any, Lookups], Fact | Parked]


@dataclass(frozen=True)
class Route:
    enrich: Enricher
    fact_schema: str

    @property
    def fact_type(self) -> str:
        return self.fact_schema.split("/", 1)[0]


ROUTES: dict[str, Route] = {
    "pos.order_completed/1": Route(enrich_sale, "ledger.sale/1"),
    "pos.order_refunded/1": Route(enrich_refund, "ledger.refund/1"),
    "pos.register_shift_closed/1": Route(enrich_shift_closed, "ledger.shift_closed/1"),
    "pos.transfer_started/1": Route(enrich_transfer_started, "ledger.transfer_started/1"),
    "pos.transfer_received/1": Route(enrich_transfer_received, "ledger.transfer_received/1"),
    "pos.stock_adjusted/1": Route(enrich_stock_adjusted, "ledger.stock_adjusted/1"),
    "pos.stock_counted/1": Route(enrich_stock_counted, "ledger.stock_counted/1"),
    "pos.payout_settled/1": Route(enrich_payout, "ledger.payout/1"),
    "pos.customer_upserted/1": Route(enrich_customer, "ledger.customer/1"),
    "pos.customer_payment_received/1": Route(enrich_customer_payment, "ledger.customer_payment/1"),
}


def read_event(schema: str, payload: dict[str, Any]) -> Event:
    """The payload as its canonical model (raises KeyError / ValidationError when it does not fit)."""
    return POS_SCHEMAS[schema].model_validate(payload)


def enrich(schema: str, event: Event, lookups: Lookups) -> tuple[Route, Fact | Parked] | Parked:
    """The fact an event becomes (with its route), or why it waits."""
    route = ROUTES.get(schema)
    if route is None:
        return Parked(f"{schema} is not mapped by this version of the mapper")
    return route, route.enrich(event, lookups)
