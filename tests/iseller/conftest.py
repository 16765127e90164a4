"""Fixtures for the iSeller contract and simulator tests: one sample payload per webhook kind."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from jembatan.contracts import pos
from jembatan.contracts.iseller import parse, to_canonical
from jembatan.sandbox.iseller import StoreDay, generate_day, sized
from jembatan.sandbox.iseller.wire import dumps

API_KEY = "test-api-key"

ORDER: dict[str, Any] = {
    "order_id": "7c8ff6f8-306c-4475-aac1-57f7f2bcd080",
    "order_reference": "#3123-1001",
    "channel": "pos",
    "status": "completed",
    "payment_status": "paid",
    "order_date": "2025-07-01 09:53:37",
    "closed_date": "2025-07-01 09:54:20",
    "outlet_id": "outlet-ho",
    "outlet_code": "HO",
    "register_id": "reg-1",
    "register_shift_id": "shift-1",
    "customer_id": "cust-1",
    "customer_first_name": "Budi",
    "customer_last_name": "Santoso",
    "external_customer_id": "C-001",
    "tax_inclusive": False,
    "total_order_amount": "110000.0000",
    "total_discount_amount": "10000.0000",
    "total_promotion_amount": "0",
    "subtotal": "100000",
    "total_additional_subtotal_amount": "5000",
    "total_tax_amount": "10500",
    "rounding_amount": "-500",
    "total_amount": "115000",
    "on_account": False,
    "remaining_on_account": 0,
    "order_details": [
        {
            "order_detail_id": "d-1",
            "product_id": "p-kopi",
            "sku": "KOPI-L",
            "product_name": "Kopi Susu",
            "product_variant_name": "Large",
            "type": "variant",
            "quantity": 2,
            "base_price": 30000,
            "discount_amount": 10000,
            "tax_amount": 5250,
            "discounts": [{"discount_name": "Member", "discount_amount": 10000}],
        },
        {
            "order_detail_id": "d-2",
            "product_modifier_id": "m-shot",
            "product_modifier_name": "Extra shot",
            "modifier_product_sku": "ESP-SHOT",
            "parent_order_detail_id": "d-1",
            "quantity": 2,
            "base_price": 5000,
            "tax_amount": 1050,
        },
        {
            "order_detail_id": "d-3",
            "product_id": "p-paket",
            "sku": "PAKET-A",
            "product_name": "Paket A",
            "type": "composite",
            "quantity": 1,
            "base_price": 40000,
            "tax_amount": 4200,
            "product_composites": [
                {"product_sku": "ROTI", "quantity": 1},
                {"product_sku": "TELUR", "quantity": 2},
            ],
        },
    ],
    "transactions": [
        {
            "transaction_id": "t-1",
            "type": "sale",
            "gateway": "cash",
            "payment_type_name": "Cash",
            "amount": 50000,
        },
        {
            "transaction_id": "t-2",
            "type": "sale",
            "gateway": "iseller_pay",
            "payment_type_name": "QRIS",
            "amount": 65000,
            "mdr": [{"payment_method_fee": 455, "total_amount_fee": 64545}],
        },
    ],
}

REFUND = {
    "refund_id": "r-1",
    "order_id": ORDER["order_id"],
    "order_reference": "#3123-1001",
    "refund_date": "2025-07-02 11:00:00",
    "outlet_id": "outlet-ho",
    "reason": "wrong item",
    "refund_amount": 28875,
    "lines": [
        {"order_detail_id": "d-1", "sku": "KOPI-L", "quantity": 1, "amount": 25000, "tax_amount": 2625}
    ],
    "additional_charges_refunded": 1250,
    "transactions": [{"transaction_id": "t-9", "type": "refund", "gateway": "cash", "amount": 28875}],
}

SHIFT = {
    "register_shift_id": "shift-1",
    "register_id": "reg-1",
    "register_name": "Register #1",
    "outlet_id": "outlet-ho",
    "open_date": "2025-07-01 00:00:00",
    "closed_date": "2025-07-01 08:05:00",
    "order_count": 1,
    "total_sales": 115000,
    "payments": [
        {"gateway": "cash", "payment_type_name": "Cash", "amount": 50000},
        {"gateway": "iseller_pay", "payment_type_name": "QRIS", "amount": 65000, "mdr_fee": 455},
    ],
    "order_ids": [ORDER["order_id"]],
}

TRANSFER = {
    "transfer_id": "tr-1",
    "transfer_reference": "TO-0042",
    "status": "in_transfer",
    "source": {"outlet_id": "outlet-ho", "outlet_code": "HO"},
    "destination": {"outlet_id": "outlet-kg", "outlet_code": "KG"},
    "started_at": "2025-07-01T03:00:00Z",
    "lines": [{"sku": "AD23", "quantity_sent": 5, "unit_cost": 120000}],
}

STOCK_ADJUSTMENT = {
    "adjustment_id": "adj-1",
    "adjustment_reference": "ADJ-0107",
    "outlet_id": "outlet-ho",
    "adjusted_at": "2025-07-01 04:00:00",
    "reason": "damaged",
    "lines": [{"sku": "TELUR", "quantity_delta": -12, "unit_cost": 2000, "stock_after": 188}],
}

STOCK_COUNT = {
    "stock_take_id": "so-1",
    "reference": "SO-2025-07",
    "outlet_id": "outlet-ho",
    "completed_at": "2025-07-01 15:00:00",
    "lines": [{"sku": "ROTI", "system_quantity": 40, "counted_quantity": 37, "difference": -3}],
}

PAYOUT = {
    "payout_id": "po-1",
    "reference_id": "PO-240702-01",
    "status": "completed",
    "interval": "express",
    "payout_date": "2025-07-02",
    "transactions_amount": 65000,
    "total_fees": 455,
    "payout_fee": 3000,
    "total_deposit": 61545,
    "entries": [
        {
            "transaction_id": "t-2",
            "order_id": ORDER["order_id"],
            "gross_amount": 65000,
            "fee_amount": 455,
            "net_amount": 64545,
        },
    ],
}

MEMBER = {
    "customer_id": "cust-1",
    "external_customer_id": "C-001",
    "first_name": "Budi",
    "last_name": "Santoso",
    "phone_number": "0812000000",
    "modified_date": "2025-07-01 01:00:00",
}

CUSTOMER_PAYMENT = {
    "settlement_id": "set-1",
    "customer_id": "cust-1",
    "outlet_id": "outlet-ho",
    "settled_at": "2025-07-03 02:00:00",
    "amount": 400000,
    "transactions": [{"gateway": "external_debit", "payment_type_name": "EDC BCA", "amount": 400000}],
    "allocations": [{"order_id": "o-50", "amount": 400000, "remaining_on_account": 0}],
}

SAMPLES: dict[str, dict[str, Any]] = {
    "order": ORDER,
    "refund": REFUND,
    "register_shift": SHIFT,
    "transfer": TRANSFER,
    "stock_adjustment": STOCK_ADJUSTMENT,
    "stock_count": STOCK_COUNT,
    "payout": PAYOUT,
    "member": MEMBER,
    "customer_payment": CUSTOMER_PAYMENT,
}

EXPECTED_SCHEMA = {
    "order": "pos.order_completed/1",
    "refund": "pos.order_refunded/1",
    "register_shift": "pos.register_shift_closed/1",
    "transfer": "pos.transfer_started/1",
    "stock_adjustment": "pos.stock_adjusted/1",
    "stock_count": "pos.stock_counted/1",
    "payout": "pos.payout_settled/1",
    "member": "pos.customer_upserted/1",
    "customer_payment": "pos.customer_payment_received/1",
}


@pytest.fixture
def samples() -> dict[str, dict[str, Any]]:
    """A fresh copy of one valid payload per webhook kind (tests may change them)."""
    return copy.deepcopy(SAMPLES)


@pytest.fixture
def expected_schema() -> dict[str, str]:
    return dict(EXPECTED_SCHEMA)


@pytest.fixture
def api_key() -> str:
    return API_KEY


DAY = date(2026, 11, 25)
DEMO_SEED = 7


@pytest.fixture(scope="session")
def demo_day() -> StoreDay:
    """The demo store's day for the seed the tests use (generated once)."""
    return generate_day(DEMO_SEED, DAY)


@pytest.fixture(scope="session")
def busy_day() -> StoreDay:
    """A benchmark-sized day: four outlets, two registers each, about 400 orders."""
    return generate_day(11, DAY, sized(400))


@pytest.fixture(scope="session")
def canonical_events() -> Callable[[StoreDay], list[pos.Event]]:
    """A day's deliveries read through the contract as canonical events (computed once per day)."""
    cache: dict[int, list[pos.Event]] = {}

    def events(day: StoreDay) -> list[pos.Event]:
        if id(day) not in cache:
            cache[id(day)] = [
                event
                for d in day.deliveries
                for _, event in to_canonical(d.kind, parse(d.kind, dumps(d.payload)))
            ]
        return cache[id(day)]

    return events
