"""Parsing is as tolerant as iSeller's API needs: key casing, decimal strings, extra fields, dates."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from jembatan.contracts import pos
from jembatan.contracts.iseller import (
    Order,
    OutletsPage,
    PayloadError,
    StoreInfoResponse,
    parse,
    to_canonical,
)

Samples = dict[str, dict[str, Any]]


def body(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload).encode()


@pytest.mark.parametrize("spelling", ["Order_ID", "OrderId", "ORDER_ID", "orderID", "order_id"])
def test_key_casing_is_folded(spelling: str, samples: Samples) -> None:
    order = dict(samples["order"])
    order[spelling] = order.pop("order_id")
    assert parse("order", body(order)).order_id == samples["order"]["order_id"]  # type: ignore[attr-defined]


def test_exact_name_wins_over_another_spelling_which_is_kept(samples: Samples) -> None:
    order = {**samples["order"], "OrderId": "other"}
    parsed = parse("order", body(order))
    assert parsed.order_id == samples["order"]["order_id"]  # type: ignore[attr-defined]
    assert parsed.model_extra == {"OrderId": "other"}


def test_unknown_fields_are_kept(samples: Samples) -> None:
    order = {**samples["order"], "device_location": {"lat": -6.2}, "total_bonus": "0"}
    order["order_details"][0]["serial_numbers"] = ["SN1"]
    parsed = parse("order", body(order))
    assert isinstance(parsed, Order)
    assert parsed.model_extra == {"device_location": {"lat": Decimal("-6.2")}, "total_bonus": "0"}
    assert parsed.order_details[0].model_extra == {"serial_numbers": ["SN1"]}


@pytest.mark.parametrize("amount", [115000, "115000", "115000.0000", 115000.0, " 115000.00 "])
def test_amounts_are_decimal_from_numbers_or_strings(amount: Any, samples: Samples) -> None:
    parsed = parse("order", body({**samples["order"], "total_amount": amount}))
    assert isinstance(parsed, Order)
    assert isinstance(parsed.total_amount, Decimal)
    assert parsed.total_amount == Decimal("115000")


def test_json_fractions_never_pass_through_float(samples: Samples) -> None:
    raw = body(samples["order"]).replace(
        b'"total_amount": "115000"', b'"total_amount": 0.1000000000000000055511'
    )
    parsed = parse("order", raw)
    assert isinstance(parsed, Order)
    assert parsed.total_amount == Decimal("0.1000000000000000055511")


def test_null_amount_counts_as_zero(samples: Samples) -> None:
    parsed = parse("order", body({**samples["order"], "rounding_amount": None}))
    assert isinstance(parsed, Order)
    assert parsed.rounding_amount == 0


@pytest.mark.parametrize(
    "stamp",
    [
        "2025-07-01 09:54:20",
        "2025-07-01T09:54:20",
        "2025-07-01T09:54:20Z",
        "2025-07-01T16:54:20+07:00",
        "2025-07-01T09:54:20.0000000Z",
    ],
)
def test_dates_become_aware_utc(stamp: str, samples: Samples) -> None:
    parsed = parse("order", body({**samples["order"], "closed_date": stamp}))
    assert isinstance(parsed, Order)
    assert parsed.closed_date == datetime(2025, 7, 1, 9, 54, 20, tzinfo=UTC)


def test_numeric_ids_become_text(samples: Samples) -> None:
    parsed = parse("order", body({**samples["order"], "outlet_id": 1234}))
    assert isinstance(parsed, Order)
    assert parsed.outlet_id == "1234"


def test_boolean_strings_are_read(samples: Samples) -> None:
    parsed = parse("order", body({**samples["order"], "tax_inclusive": "true", "on_account": None}))
    assert isinstance(parsed, Order)
    assert parsed.tax_inclusive is True and parsed.on_account is False


def test_order_totals_recompute_from_lines(samples: Samples) -> None:
    parsed = parse("order", body(samples["order"]))
    assert isinstance(parsed, Order)
    assert parsed.expected_total() == parsed.total_amount


def test_order_lines_map_modifiers_composites_and_discounts(samples: Samples) -> None:
    [(_, event)] = to_canonical("order", parse("order", body(samples["order"])))
    assert isinstance(event, pos.OrderCompleted)
    variant, modifier, composite = event.lines
    assert variant.name == "Kopi Susu - Large" and variant.discount_amount == 10000
    assert modifier.kind is pos.ProductKind.MODIFIER
    assert modifier.sku == "ESP-SHOT" and modifier.parent_line_id == "d-1"
    assert composite.kind is pos.ProductKind.COMPOSITE
    assert [(c.sku, c.quantity) for c in composite.components] == [("ROTI", 1), ("TELUR", 2)]
    assert event.order_discount_amount == 0
    assert [(p.gateway, p.amount, p.mdr_fee) for p in event.payments] == [
        ("cash", 50000, 0),
        ("iseller_pay", 65000, 455),
    ]
    assert event.customer is not None and event.customer.name == "Budi Santoso"


def test_order_level_discount_is_header_total_minus_line_discounts(samples: Samples) -> None:
    order = {**samples["order"], "total_discount_amount": "15000", "total_amount": "109500"}
    [(_, event)] = to_canonical("order", parse("order", body(order)))
    assert isinstance(event, pos.OrderCompleted)
    assert event.order_discount_amount == 5000


def test_failed_and_refund_transactions_are_not_payments(samples: Samples) -> None:
    order = samples["order"]
    order["transactions"].append(
        {"transaction_id": "t-3", "gateway": "cash", "amount": 1, "status": "failure"}
    )
    order["transactions"].append({"transaction_id": "t-4", "gateway": "cash", "amount": 1, "type": "refund"})
    [(_, event)] = to_canonical("order", parse("order", body(order)))
    assert isinstance(event, pos.OrderCompleted)
    assert [p.transaction_id for p in event.payments] == ["t-1", "t-2"]


def test_sku_blank_becomes_none(samples: Samples) -> None:
    samples["order"]["order_details"][0]["sku"] = "  "
    [(_, event)] = to_canonical("order", parse("order", body(samples["order"])))
    assert isinstance(event, pos.OrderCompleted)
    assert event.lines[0].sku is None


def test_on_account_order_carries_what_the_member_owes(samples: Samples) -> None:
    order = {**samples["order"], "on_account": True, "remaining_on_account": "65000"}
    order["transactions"] = order["transactions"][:1]
    [(_, event)] = to_canonical("order", parse("order", body(order)))
    assert isinstance(event, pos.OrderCompleted)
    assert event.on_account_amount == 65000
    assert sum(p.amount for p in event.payments) + event.on_account_amount == event.total_amount


def test_pull_envelope_reads_pascal_case_outlets() -> None:
    page = OutletsPage.model_validate(
        {
            "Status": True,
            "Outlets": [{"OutletId": "o-1", "OutletCode": "HO", "OutletName": "Main"}],
            "HasNextItem": "false",
        }
    )
    assert page.status is True and page.has_next_item is False
    assert page.outlets[0].outlet_code == "HO"


def test_store_info_reads_active_outlets() -> None:
    info = StoreInfoResponse.model_validate(
        {"status": True, "store_info": {"store_name": "toko", "active_outlets": [{"outlet_id": "o-1"}]}}
    )
    assert info.store_info is not None and info.store_info.active_outlets[0].outlet_id == "o-1"


def test_refund_amount_recomputes_from_lines(samples: Samples) -> None:
    refund = parse("refund", body(samples["refund"]))
    assert refund.expected_refund_amount() == refund.refund_amount  # type: ignore[attr-defined]


def test_refund_with_bad_date_raises_payload_error(samples: Samples) -> None:
    with pytest.raises(PayloadError, match="refund_date"):
        parse("refund", body({**samples["refund"], "refund_date": "last tuesday"}))
