"""The simulated day is deterministic, realistic, and every amount in it adds up to the rupiah."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from jembatan.contracts.iseller import Order, Payout, Refund, RegisterShift, parse, to_canonical
from jembatan.sandbox.iseller import StoreDay, generate_day
from jembatan.sandbox.iseller.wire import dumps

DAY = date(2026, 11, 25)


def _bodies(day: StoreDay) -> list[tuple[str, bytes]]:
    return [(d.kind, dumps(d.payload)) for d in day.deliveries]


def test_same_seed_gives_the_same_bytes_and_truth() -> None:
    first, second = generate_day(3, DAY), generate_day(3, DAY)
    assert _bodies(first) == _bodies(second)
    assert json.dumps(first.truth, sort_keys=True) == json.dumps(second.truth, sort_keys=True)


def test_another_seed_or_date_gives_another_day() -> None:
    assert _bodies(generate_day(3, DAY)) != _bodies(generate_day(4, DAY))
    assert _bodies(generate_day(3, DAY)) != _bodies(generate_day(3, date(2026, 11, 26)))


def test_demo_preset_is_small(demo_day: StoreDay) -> None:
    assert len(demo_day.outlets) == 2
    assert 25 <= demo_day.truth["counts"]["orders_completed"] <= 35


def test_benchmark_preset_scales(busy_day: StoreDay) -> None:
    assert len(busy_day.outlets) == 4
    assert busy_day.truth["counts"]["orders_completed"] > 300


def test_deliveries_are_in_time_order(demo_day: StoreDay) -> None:
    times = [d.at for d in demo_day.deliveries]
    assert times == sorted(times)


@pytest.mark.parametrize("day_name", ["demo_day", "busy_day"])
def test_every_delivery_parses_and_maps(day_name: str, request: pytest.FixtureRequest) -> None:
    day: StoreDay = request.getfixturevalue(day_name)
    for delivery in day.deliveries:
        to_canonical(delivery.kind, parse(delivery.kind, dumps(delivery.payload)))


@pytest.mark.parametrize("day_name", ["demo_day", "busy_day"])
def test_order_totals_add_up_to_the_rupiah(day_name: str, request: pytest.FixtureRequest) -> None:
    day: StoreDay = request.getfixturevalue(day_name)
    for delivery in day.deliveries:
        if delivery.kind != "order":
            continue
        order = parse("order", dumps(delivery.payload))
        assert isinstance(order, Order)
        assert order.expected_total() == order.total_amount, order.order_reference
        assert sum(d.tax_amount for d in order.order_details) == order.total_tax_amount
        gross = sum(d.quantity * d.base_price for d in order.order_details)
        assert order.total_order_amount == gross
        assert order.subtotal == gross - order.total_discount_amount - order.total_promotion_amount
        assert order.total_amount == order.total_amount.to_integral_value()
        if order.is_completed:
            paid = sum(t.amount for t in order.transactions if t.type == "sale")
            assert paid + order.remaining_on_account == order.total_amount
            for t in order.transactions:
                if t.gateway == "iseller_pay":
                    assert t.mdr[0].payment_method_fee + t.mdr[0].total_amount_fee == t.amount


@pytest.mark.parametrize("day_name", ["demo_day", "busy_day"])
def test_refunds_add_up_and_go_back_the_way_they_came(day_name: str, request: pytest.FixtureRequest) -> None:
    day: StoreDay = request.getfixturevalue(day_name)
    for delivery in day.deliveries:
        if delivery.kind == "refund":
            refund = parse("refund", dumps(delivery.payload))
            assert isinstance(refund, Refund)
            assert refund.expected_refund_amount() == refund.refund_amount
            assert sum(t.amount for t in refund.transactions) == refund.refund_amount
            original = day.orders[refund.order_id]
            assert refund.refund_amount <= original["total_amount"]


@pytest.mark.parametrize("day_name", ["demo_day", "busy_day"])
def test_payouts_keep_g_minus_f_minus_e_equals_n(day_name: str, request: pytest.FixtureRequest) -> None:
    day: StoreDay = request.getfixturevalue(day_name)
    payouts = [parse("payout", dumps(d.payload)) for d in day.deliveries if d.kind == "payout"]
    assert {p.interval for p in payouts if isinstance(p, Payout)} == {"express", "regular"}
    for payout in payouts:
        assert isinstance(payout, Payout)
        assert payout.transactions_amount - payout.total_fees - payout.payout_fee == payout.total_deposit
        assert sum(e.gross_amount for e in payout.entries) == payout.transactions_amount
        assert sum(e.fee_amount for e in payout.entries) == payout.total_fees
        assert all(e.gross_amount - e.fee_amount == e.net_amount for e in payout.entries)
        assert payout.payout_fee == (3000 if payout.interval == "express" else 0)


def test_demo_day_shows_what_a_real_store_does(demo_day: StoreDay) -> None:
    orders = [parse("order", dumps(d.payload)) for d in demo_day.deliveries if d.kind == "order"]
    completed = [o for o in orders if isinstance(o, Order) and o.is_completed]
    details = [d for o in completed for d in o.order_details]
    assert {d.type for d in details} >= {"standard", "variant", "composite", "comboset"}
    assert any(d.is_modifier for d in details)
    assert any(not d.sku for d in details if not d.is_modifier)  # sold without a SKU
    assert {t.payment_type_name for o in completed for t in o.transactions} >= {"Cash", "QRIS"}
    assert any(len(o.transactions) > 1 for o in completed) or any(o.on_account for o in completed)
    assert any(o.on_account for o in completed)
    assert {o.tax_inclusive for o in completed} == {True, False}
    assert any(o.total_additional_subtotal_amount for o in completed)  # service charge
    assert any(o.rounding_amount for o in completed)
    assert any(d.discount_amount for d in details) or any(o.order_level_discount for o in completed)
    statuses = Counter(o.status for o in orders if isinstance(o, Order))
    assert statuses["completed"] == len(completed)
    kinds = Counter(d.kind for d in demo_day.deliveries)
    assert set(kinds) == {
        "order",
        "refund",
        "register_shift",
        "transfer",
        "stock_adjustment",
        "stock_count",
        "payout",
        "member",
        "customer_payment",
    }


def test_catalogue_has_no_sku_and_shared_sku_products(demo_day: StoreDay) -> None:
    skus = Counter(item.sku for item in demo_day.catalogue.items if item.type != "modifier")
    assert skus[""] >= 1
    assert any(n > 1 for sku, n in skus.items() if sku)


def test_transfers_receive_accepted_cancelled_and_rejected_lines(demo_day: StoreDay) -> None:
    states = [(d.payload["status"], d.payload["lines"]) for d in demo_day.deliveries if d.kind == "transfer"]
    assert [s for s, _ in states] == ["pending", "in_transfer", "completed", "pending", "in_transfer"]
    received = states[2][1]
    assert any(line["quantity_rejected"] for line in received)
    assert any(line["quantity_cancelled"] for line in received)
    assert all(
        line["quantity_accepted"] + line["quantity_cancelled"] + line["quantity_rejected"]
        == line["quantity_sent"]
        for line in received
    )


def test_shift_closes_match_their_orders(demo_day: StoreDay) -> None:
    shifts = [
        parse("register_shift", dumps(d.payload)) for d in demo_day.deliveries if d.kind == "register_shift"
    ]
    assert len(shifts) == len(demo_day.shifts)
    for shift in shifts:
        assert isinstance(shift, RegisterShift)
        orders = [
            o
            for o in demo_day.orders.values()
            if o.get("register_shift_id") == shift.register_shift_id and o["status"] == "completed"
        ]
        assert shift.order_count == len(orders) == len(shift.order_ids)
        paid: Counter[str] = Counter()
        for o in orders:
            for t in o["transactions"]:
                paid[t["payment_type_name"]] += t["amount"]
        assert {p.payment_type_name: p.amount for p in shift.payments} == {k: v for k, v in paid.items() if v}
        assert shift.total_sales == sum((o["total_amount"] for o in orders), Decimal(0))
