"""The session's played stack (tests/conftest.py): broker, Accurate sandbox and the four services, each
its own process; a file that needs another stack (faults, replicas, the simulator) starts its own."""

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from jembatan.contracts.iseller.signature import sign
from jembatan.devstack.tenant_setup import sandbox_outlet_mapping

sys.path.insert(0, str(Path(__file__).parent))  # whole_day_checks: what every whole-day file asserts
pytest.register_assert_rewrite("whole_day_checks")

ISELLER_API_KEY = "test-iseller-api-key"

DEMO_MAPPING = sandbox_outlet_mapping(
    "outlet-ho",
    "HO",
    "Kantor Pusat",
    "Gudang HO",
    payment_accounts={"Cash": "1-1001", "EDC BCA": "1-1012"},
    walk_in_customer_no="C-WALKIN-HO",
)


@pytest.fixture(scope="module")
def stack(played_stack):
    return played_stack


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
