"""The exported JSON Schemas are the contract other teams read: they must match the models."""

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from jembatan.contracts import Envelope, stable_id
from jembatan.contracts.registry import SCHEMA_DIR, SCHEMAS, json_schemas, model_for
from pydantic import ValidationError


def test_exported_json_schemas_are_up_to_date():
    expected = json_schemas()
    on_disk = {p.name for p in SCHEMA_DIR.glob("*.json")}
    assert on_disk == set(expected), "run `make schemas` and commit libs/contracts/schemas"
    for name, schema in expected.items():
        assert json.loads((SCHEMA_DIR / name).read_text()) == schema, f"{name} is stale: run `make schemas`"


def test_every_schema_name_is_versioned_and_namespaced():
    for name in SCHEMAS:
        prefix, version = name.split("/")
        assert prefix.split(".")[0] in {"pos", "ledger", "sync", "tenant"}
        assert version.isdigit()


def test_envelope_round_trips_through_bytes_with_the_schema_alias():
    env = Envelope(
        id=stable_id("t", "x"),
        type="pos.order_completed",
        tenant_id="t",
        occurred_at=datetime.now(UTC),
        correlation_id="c",
        schema_="pos.order_completed/1",
        payload={"a": "1.50"},
    )
    raw = env.to_bytes()
    assert b'"schema":"pos.order_completed/1"' in raw
    assert Envelope.from_bytes(raw) == env


def test_envelope_refuses_naive_timestamps():
    with pytest.raises(ValidationError):
        Envelope(
            id="x",
            type="t",
            tenant_id="t",
            occurred_at=datetime(2026, 1, 1),
            correlation_id="c",
            schema_="pos.order_completed/1",
            payload={},
        )


def test_stable_ids_are_stable_and_distinct():
    assert stable_id("a", "b") == stable_id("a", "b")
    assert stable_id("a", "b") != stable_id("ab", "")


def test_money_travels_as_exact_decimal_strings():
    model = model_for("pos.payout_settled/1")
    payout = model.model_validate(
        {
            "payout_id": "p",
            "reference_id": "r",
            "payout_date": "2026-11-25",
            "transactions_amount": "1800000.10",
            "total_fees": "12600",
            "payout_fee": "3000",
            "total_deposit": "1784400.10",
        }
    )
    dumped = payout.model_dump(mode="json")
    assert dumped["transactions_amount"] == "1800000.10"
    assert model.model_validate(dumped).transactions_amount == Decimal("1800000.10")
