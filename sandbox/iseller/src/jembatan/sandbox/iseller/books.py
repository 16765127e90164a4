"""What the simulated store keeps track of while its day runs: per-shift tallies, stock per outlet
and SKU, members' open balances and iSeller Pay money not yet paid out."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .pricing import PricedOrder
from .store import PaymentType, Shift

Totals = dict[tuple[str, str], int]  # (gateway, payment type name) -> rupiah


@dataclass
class ShiftBook:
    shift: Shift
    opening_cash: int = 500000
    order_ids: list[str] = field(default_factory=list)
    payments: Totals = field(default_factory=lambda: defaultdict(int))
    mdr_fees: Totals = field(default_factory=lambda: defaultdict(int))
    total_sales: int = 0
    gross: int = 0
    discounts: int = 0
    promotions: int = 0
    additional_charges: int = 0
    tax: int = 0
    rounding: int = 0
    on_account_amount: int = 0
    on_account_order_ids: list[str] = field(default_factory=list)
    refund_ids: list[str] = field(default_factory=list)
    refund_payments: Totals = field(default_factory=lambda: defaultdict(int))
    customer_payment_ids: list[str] = field(default_factory=list)
    customer_payments: Totals = field(default_factory=lambda: defaultdict(int))

    def take(self, payment: PaymentType, amount: int, fee: int = 0) -> None:
        self.payments[payment.gateway, payment.name] += amount
        self.mdr_fees[payment.gateway, payment.name] += fee

    @property
    def expected_cash(self) -> int:
        cash = ("cash", "Cash")
        return (
            self.opening_cash
            + self.payments.get(cash, 0)
            - self.refund_payments.get(cash, 0)
            + self.customer_payments.get(cash, 0)
        )


@dataclass
class StockBook:
    """Units per outlet and SKU; what has left an outlet on a transfer but not arrived is in transit."""

    opening: dict[str, dict[str, int]]
    on_hand: dict[str, dict[str, int]] = field(default_factory=dict)
    in_transit: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def __post_init__(self) -> None:
        self.on_hand = {outlet: dict(skus) for outlet, skus in self.opening.items()}

    def move(self, outlet_id: str, sku: str, quantity: int) -> None:
        if sku and sku in self.on_hand[outlet_id]:
            self.on_hand[outlet_id][sku] += quantity

    def level(self, outlet_id: str, sku: str) -> int:
        return self.on_hand[outlet_id][sku]


@dataclass
class Sale:
    """What the store remembers of a completed order, for refunds and settlements later."""

    payload: dict[str, Any]
    priced: PricedOrder
    detail_ids: list[str]
    shift: Shift
    closed_at: datetime
    tenders: list[tuple[PaymentType, int]]
    member_id: str | None
    owing: int  # what is still on account


@dataclass
class Tallies:
    """The simulated store's running tallies for its day (not accounting books: what the simulator
    counts so its deliveries, pull API and truth agree)."""

    shifts: dict[str, ShiftBook]
    stock: StockBook
    sales: dict[str, Sale] = field(default_factory=dict)
    orders: dict[str, dict[str, Any]] = field(default_factory=dict)  # final state, for the pull API
    balances: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    unpaid: list[dict[str, Any]] = field(default_factory=list)  # iSeller Pay entries awaiting payout
    payouts: list[dict[str, Any]] = field(default_factory=list)
    refunded_ids: set[str] = field(default_factory=set)
