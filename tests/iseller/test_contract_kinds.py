"""Every webhook kind parses, has a dedupe key, and maps to its canonical event."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from jembatan.contracts import pos
from jembatan.contracts.iseller import WEBHOOK_KINDS, PayloadError, dedupe_key, parse, to_canonical
from jembatan.contracts.registry import model_for

KINDS = [
    "order",
    "refund",
    "register_shift",
    "transfer",
    "stock_adjustment",
    "stock_count",
    "payout",
    "member",
    "customer_payment",
]
Samples = dict[str, dict[str, Any]]


def body(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload).encode()


def test_webhook_kinds_are_the_nine_path_segments() -> None:
    assert list(WEBHOOK_KINDS) == KINDS


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_maps_to_its_canonical_event(kind: str, samples: Samples, expected_schema: dict) -> None:
    events = to_canonical(kind, parse(kind, body(samples[kind])))
    assert [schema for schema, _ in events] == [expected_schema[kind]]
    schema, event = events[0]
    assert isinstance(event, model_for(schema))
    model_for(schema).model_validate_json(event.model_dump_json())  # survives the wire


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("order", "order:7c8ff6f8-306c-4475-aac1-57f7f2bcd080:completed"),
        ("refund", "refund:r-1:completed"),
        ("register_shift", "register_shift:shift-1:closed"),
        ("transfer", "transfer:tr-1:in_transfer"),
        ("stock_adjustment", "stock_adjustment:adj-1:created"),
        ("stock_count", "stock_count:so-1:completed"),
        ("payout", "payout:po-1:completed"),
        ("member", "member:cust-1:20250701T010000"),
        ("customer_payment", "customer_payment:set-1:completed"),
    ],
)
def test_dedupe_key_is_kind_id_and_state(kind: str, expected: str, samples: Samples) -> None:
    assert dedupe_key(kind, parse(kind, body(samples[kind]))) == expected


@pytest.mark.parametrize("status", ["draft", "reserved", "void"])
def test_order_not_completed_yields_nothing(status: str, samples: Samples) -> None:
    payload = parse("order", body({**samples["order"], "status": status}))
    assert to_canonical("order", payload) == []
    assert dedupe_key("order", payload).endswith(f":{status}")


def test_received_transfer_maps_to_transfer_received_with_line_outcomes(samples: Samples) -> None:
    received = samples["transfer"]
    received.update(status="completed", received_at="2025-07-01 09:00:00")
    received["lines"][0].update(quantity_accepted=3, quantity_cancelled=1, quantity_rejected=1)
    payload = parse("transfer", body(received))
    [(schema, event)] = to_canonical("transfer", payload)
    assert schema == "pos.transfer_received/1"
    assert isinstance(event, pos.TransferReceived)
    line = event.lines[0]
    assert (line.quantity_accepted, line.quantity_cancelled, line.quantity_rejected) == (3, 1, 1)
    assert dedupe_key("transfer", payload) == "transfer:tr-1:completed"


def test_pending_transfer_and_unfinished_payout_yield_nothing(samples: Samples) -> None:
    assert (
        to_canonical("transfer", parse("transfer", body({**samples["transfer"], "status": "pending"}))) == []
    )
    assert to_canonical("payout", parse("payout", body({**samples["payout"], "status": "in_process"}))) == []


def test_payout_keeps_its_identity_g_minus_f_minus_e(samples: Samples) -> None:
    [(_, event)] = to_canonical("payout", parse("payout", body(samples["payout"])))
    assert isinstance(event, pos.PayoutSettled)
    assert event.transactions_amount - event.total_fees - event.payout_fee == event.total_deposit
    assert event.payout_date.isoformat() == "2025-07-02"


def test_member_becomes_customer_with_full_name(samples: Samples) -> None:
    [(_, event)] = to_canonical("member", parse("member", body(samples["member"])))
    assert isinstance(event, pos.CustomerUpserted)
    assert event.name == "Budi Santoso"
    assert event.updated_at == datetime(2025, 7, 1, 1, 0, tzinfo=UTC)


def test_settlement_payments_get_stable_ids_when_iseller_sends_none(samples: Samples) -> None:
    [(_, event)] = to_canonical(
        "customer_payment", parse("customer_payment", body(samples["customer_payment"]))
    )
    assert isinstance(event, pos.CustomerPaymentReceived)
    assert event.payments[0].transaction_id == "set-1:0"
    assert event.allocations[0].amount == Decimal("400000")


def test_event_envelope_body_is_unwrapped(samples: Samples) -> None:
    wrapped = {"event_id": "e-1", "event_type": "customer.settlement", "data": samples["customer_payment"]}
    assert parse("customer_payment", body(wrapped)) == parse(
        "customer_payment", body(samples["customer_payment"])
    )


@pytest.mark.parametrize("kind", KINDS)
def test_missing_required_fields_raise_payload_error_naming_them(kind: str) -> None:
    with pytest.raises(PayloadError, match=rf"^{kind} payload is invalid: .*Field required"):
        parse(kind, b"{}")


def test_non_json_body_raises_payload_error() -> None:
    with pytest.raises(PayloadError, match="not JSON"):
        parse("order", b"<xml/>")


def test_json_array_body_raises_payload_error() -> None:
    with pytest.raises(PayloadError, match="must be a JSON object"):
        parse("order", b"[]")


def test_unknown_kind_raises_payload_error() -> None:
    with pytest.raises(PayloadError, match="unknown webhook kind 'fulfillment'"):
        parse("fulfillment", b"{}")


def test_bad_amount_names_the_field(samples: Samples) -> None:
    with pytest.raises(PayloadError, match=r"total_amount: Value error, not an amount: 'lots'"):
        parse("order", body({**samples["order"], "total_amount": "lots"}))


def test_completed_order_without_any_date_cannot_be_mapped(samples: Samples) -> None:
    undated = {k: v for k, v in samples["order"].items() if k not in ("order_date", "closed_date")}
    with pytest.raises(PayloadError, match=r"cannot be mapped: .*without closed_date"):
        to_canonical("order", parse("order", body(undated)))


def test_payload_of_another_kind_is_refused(samples: Samples) -> None:
    with pytest.raises(PayloadError):
        to_canonical("refund", parse("order", body(samples["order"])))
