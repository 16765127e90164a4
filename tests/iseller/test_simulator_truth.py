"""The simulator's ground truth is exactly what its own deliveries add up to, read through the
contract's canonical events (as Jembatan will read them)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from jembatan.contracts import pos
from jembatan.sandbox.iseller import StoreDay

DAYS = ["demo_day", "busy_day"]


Events = Callable[[StoreDay], list[pos.Event]]


def _text(totals: dict[str, Decimal]) -> dict[str, str]:
    return {k: str(int(v)) for k, v in sorted(totals.items()) if v}


@pytest.fixture(params=DAYS)
def day(request: pytest.FixtureRequest) -> StoreDay:
    return request.getfixturevalue(request.param)  # type: ignore[no-any-return]


def test_sales_per_outlet_and_payment_type_match_the_orders(day: StoreDay, canonical_events: Events) -> None:
    sales: dict[str, Decimal] = defaultdict(Decimal)
    counts: dict[str, int] = defaultdict(int)
    by_type: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    store: dict[str, Decimal] = defaultdict(Decimal)
    for event in canonical_events(day):
        if isinstance(event, pos.OrderCompleted):
            sales[event.outlet_id] += event.total_amount
            counts[event.outlet_id] += 1
            for p in event.payments:
                by_type[event.outlet_id][p.payment_type_name] += p.amount
                store[p.payment_type_name] += p.amount
    for outlet_id, truth in day.truth["outlets"].items():
        assert truth["total_sales"] == str(int(sales[outlet_id]))
        assert truth["order_count"] == counts[outlet_id]
        assert truth["payments"] == _text(by_type[outlet_id])
    assert day.truth["payment_types"] == _text(store)


def test_shift_totals_match_their_shift_close_events(day: StoreDay, canonical_events: Events) -> None:
    closes = [e for e in canonical_events(day) if isinstance(e, pos.RegisterShiftClosed)]
    assert {c.register_shift_id for c in closes} == set(day.truth["shifts"])
    for close in closes:
        truth = day.truth["shifts"][close.register_shift_id]
        assert close.order_count == truth["order_count"]
        assert str(int(close.total_sales)) == truth["total_sales"]
        assert _text({p.payment_type_name: p.amount for p in close.payments}) == truth["payments"]
        assert (
            _text({p.payment_type_name: p.amount for p in close.refund_payments}) == truth["refund_payments"]
        )


def test_orders_carry_their_shift_and_shift_totals_equal_their_payments(
    day: StoreDay, canonical_events: Events
) -> None:
    per_shift: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for event in canonical_events(day):
        if isinstance(event, pos.OrderCompleted):
            assert event.register_shift_id in day.truth["shifts"]
            for p in event.payments:
                per_shift[event.register_shift_id][p.payment_type_name] += p.amount
    for shift_id, truth in day.truth["shifts"].items():
        assert truth["payments"] == _text(per_shift[shift_id])


def _apply(stock: dict[str, dict[str, int]], outlet: str, sku: str | None, units: Any) -> None:
    if sku and sku in stock[outlet]:
        stock[outlet][sku] += int(units)


def test_stock_per_outlet_and_sku_follows_from_the_deliveries(
    day: StoreDay, canonical_events: Events
) -> None:
    stock = {outlet: dict(skus) for outlet, skus in day.truth["opening_stock"].items()}
    in_transit: dict[str, int] = defaultdict(int)
    for event in canonical_events(day):
        match event:
            case pos.OrderCompleted():
                for line in event.lines:
                    if line.components:
                        for c in line.components:
                            _apply(stock, event.outlet_id, c.sku, -c.quantity * line.quantity)
                    elif line.track_inventory:
                        _apply(stock, event.outlet_id, line.sku, -line.quantity)
            case pos.OrderRefunded():
                for r in event.lines:
                    if r.restock:
                        _apply(stock, event.outlet_id, r.sku, r.quantity)
            case pos.TransferStarted():
                for t in event.lines:
                    _apply(stock, event.from_outlet_id, t.sku, -t.quantity)
                    in_transit[t.sku] += int(t.quantity)
            case pos.TransferReceived():
                for r in event.lines:
                    _apply(stock, event.to_outlet_id, r.sku, r.quantity_accepted)
                    _apply(stock, event.from_outlet_id, r.sku, r.quantity_cancelled)
                    in_transit[r.sku] -= int(r.quantity_sent)
            case pos.StockAdjusted():
                for a in event.lines:
                    _apply(stock, event.outlet_id, a.sku, a.quantity_delta)
            case pos.StockCounted():
                for c in event.lines:
                    assert stock[event.outlet_id][c.sku] == c.system_quantity  # the count saw our level
                    stock[event.outlet_id][c.sku] = int(c.counted_quantity)
    assert stock == day.truth["stock"]
    assert {k: v for k, v in in_transit.items() if v} == day.truth["in_transit"]


def test_open_balances_are_on_account_orders_minus_settlements(
    day: StoreDay, canonical_events: Events
) -> None:
    balances: dict[str, Decimal] = defaultdict(Decimal)
    for event in canonical_events(day):
        if isinstance(event, pos.OrderCompleted) and event.on_account_amount:
            assert event.customer is not None
            balances[event.customer.customer_id] += event.on_account_amount
        elif isinstance(event, pos.CustomerPaymentReceived):
            assert (
                sum(a.amount for a in event.allocations)
                == event.amount
                == sum(p.amount for p in event.payments)
            )
            balances[event.customer_id] -= event.amount
    assert {k: str(int(v)) for k, v in sorted(balances.items())} == day.truth["customers"]
    assert all(int(v) >= 0 for v in day.truth["customers"].values())


def test_payouts_in_truth_match_payout_events_and_unpaid_iseller_pay(
    day: StoreDay, canonical_events: Events
) -> None:
    payouts = [e for e in canonical_events(day) if isinstance(e, pos.PayoutSettled)]
    assert {p.reference_id for p in payouts} == set(day.truth["payouts"])
    for payout in payouts:
        truth = day.truth["payouts"][payout.reference_id]
        assert (truth["gross"], truth["fees"], truth["express_fee"], truth["net"]) == tuple(
            str(int(x))
            for x in (payout.transactions_amount, payout.total_fees, payout.payout_fee, payout.total_deposit)
        )
    iseller_pay = sum(
        (
            p.amount
            for e in canonical_events(day)
            if isinstance(e, pos.OrderCompleted)
            for p in e.payments
            if p.gateway == "iseller_pay"
        ),
        Decimal(0),
    )
    paid_out = sum((p.transactions_amount for p in payouts), Decimal(0))
    assert str(int(iseller_pay - paid_out)) == day.truth["iseller_pay_unpaid"]
