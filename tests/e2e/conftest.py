"""A whole stack per module: broker, Accurate sandbox and the four services, each its own process."""

import json
from datetime import UTC, datetime

import httpx
import pytest
from jembatan.contracts.iseller.signature import sign
from jembatan.devstack.pytest_plugin import start_stack

ISELLER_API_KEY = "test-iseller-api-key"

DEMO_MAPPING = {
    "enabled": True,
    "payment_accounts": {"Cash": "1-1001", "EDC BCA": "1-1012"},
    "snapshot": {
        "outlet_id": "outlet-ho",
        "outlet_code": "HO",
        "branch_name": "Kantor Pusat",
        "warehouse_name": "Gudang HO",
        "walk_in_customer_no": "C-WALKIN-HO",
        "iseller_pay_clearing_account": "1-1010",
        "mdr_fee_account": "6-2000",
        "payout_account": "1-1003",
        "bank_adjustment_account": "6-2100",
        "service_charge_account": "4-2000",
        "shipping_account": "4-2100",
        "rounding_account": "7-1100",
    },
}


@pytest.fixture(scope="module")
async def stack(tmp_path_factory, postgres_url, unique_name):
    async with start_stack(
        tmp_path_factory.mktemp("stack"), database_url=postgres_url, schema_prefix=unique_name("e2e")
    ) as running:
        yield running


def signed_webhook(payload: dict) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(payload).encode()
    timestamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f0Z")
    return body, {
        "Content-Type": "application/json",
        "Timestamp": timestamp,
        "Signature": sign(ISELLER_API_KEY, body, timestamp),
    }


async def _send_webhook(ingest_url: str, tenant: str, kind: str, payload: dict) -> httpx.Response:
    body, headers = signed_webhook(payload)
    async with httpx.AsyncClient(timeout=30) as http:
        return await http.post(
            f"{ingest_url}/webhooks/iseller/{tenant}/{kind}", content=body, headers=headers
        )


@pytest.fixture
def send_webhook():
    """`await send_webhook(ingest_url, tenant, kind, payload)` with a valid iSeller signature."""
    return _send_webhook


@pytest.fixture
def demo_mapping() -> dict:
    return json.loads(json.dumps(DEMO_MAPPING))
