"""Shared builders. Infrastructure fixtures (kafka_bootstrap, postgres_url…) come from
the `jembatan.devstack.pytest_plugin` plugin."""

import os
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from jembatan.contracts.ledger import OutletSnapshot, TaxSettings
from jembatan.contracts.pos import OrderCompleted

# Services default to production (which refuses the demo's secrets). Settings built inside the tests
# run as development unless a test says otherwise; the settings tests clear this to check the default.
os.environ.setdefault("JEMBATAN_ENVIRONMENT", "development")


def order_payload(**overrides: Any) -> dict[str, Any]:
    """A consistent two-line cash + QRIS order: 2×25,000 − 5,000 + 10,000 − 4,000 + 1,000 − 500 = 51,500."""
    payload: dict[str, Any] = {
        "order_id": "ord-1",
        "order_reference": "#HO-1001",
        "outlet_id": "outlet-ho",
        "outlet_code": "HO",
        "register_id": "reg-1",
        "closed_at": datetime(2026, 11, 25, 3, 0, tzinfo=UTC).isoformat(),
        "lines": [
            {
                "line_id": "l1",
                "product_id": "p1",
                "sku": "KOPI-L",
                "name": "Kopi Susu L",
                "quantity": "2",
                "unit_price": "25000",
                "discount_amount": "5000",
            },
            {
                "line_id": "l2",
                "product_id": "p2",
                "sku": "ROTI",
                "name": "Roti Bakar",
                "quantity": "1",
                "unit_price": "10000",
            },
        ],
        "order_discount_amount": "4000",
        "additional_subtotal_amount": "1000",
        "rounding_amount": "-500",
        "total_amount": "51500",
        "payments": [
            {"transaction_id": "t1", "gateway": "cash", "payment_type_name": "Cash", "amount": "20000"},
            {
                "transaction_id": "t2",
                "gateway": "iseller_pay",
                "payment_type_name": "QRIS",
                "amount": "31500",
                "mdr_fee": "220.5",
            },
        ],
    }
    payload.update(overrides)
    return payload


@pytest.fixture
def make_order() -> Callable[..., OrderCompleted]:
    return lambda **overrides: OrderCompleted.model_validate(order_payload(**overrides))


@pytest.fixture
def outlet_snapshot() -> OutletSnapshot:
    return OutletSnapshot(
        outlet_id="outlet-ho",
        outlet_code="HO",
        branch_name="Kantor Pusat",
        warehouse_name="Gudang HO",
        walk_in_customer_no="C-WALKIN-HO",
        tax=TaxSettings(),
        iseller_pay_clearing_account="1-1150",
        mdr_fee_account="6-1100",
        payout_account="1-1120",
        bank_adjustment_account="6-1110",
        service_charge_account="4-2000",
        shipping_account="4-2100",
        rounding_account="7-1000",
    )


ZERO = Decimal(0)
