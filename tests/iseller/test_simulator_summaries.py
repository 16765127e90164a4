"""GetOrderSummary and GetTransactionSummary: a day's totals per outlet equal its completed orders
and their payments as GetOrders gives them (what reconciliation compares the books against)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator
from decimal import Decimal

import httpx
import pytest
from jembatan.sandbox.iseller import StoreDay
from jembatan.sandbox.iseller.pull_api import create_app

CLIENT = {"client_id": "test-client", "client_secret": "test-secret"}
WHOLE_DAY = {"time_zone": 7, "created_after": "2026-11-24T00:00:00", "created_before": "2026-11-27T00:00:00"}


@pytest.fixture
async def api(demo_day: StoreDay) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app(demo_day))
    async with httpx.AsyncClient(transport=transport, base_url="http://toko.isellershop.test") as client:
        token = await client.post("/oauth/token", data={"grant_type": "client_credentials", **CLIENT})
        client.headers["Authorization"] = f"Bearer {token.json()['access_token']}"
        yield client


def completed(day: StoreDay) -> list[dict]:
    return [o for o in day.orders.values() if o["status"] == "completed"]


async def test_order_summary_totals_are_the_completed_orders_per_outlet(api, demo_day):
    answer = (await api.post("/api/v2/GetOrderSummary", json=WHOLE_DAY)).json()
    assert answer["status"] is True
    per_outlet = {row["outlet_id"]: row for row in answer["summaries"]}
    for outlet_id, row in per_outlet.items():
        orders = [o for o in completed(demo_day) if o["outlet_id"] == outlet_id]
        assert row["order_count"] == len(orders) > 0
        assert Decimal(str(row["total_amount"])) == sum(o["total_amount"] for o in orders)
    assert sum(row["order_count"] for row in answer["summaries"]) == len(completed(demo_day))


async def test_transaction_summary_splits_the_payments_by_gateway_and_custom_type(api, demo_day):
    rows = (await api.post("/api/v2/GetTransactionSummary", json=WHOLE_DAY)).json()["summaries"]
    expected: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for order in completed(demo_day):
        for paid in order["transactions"]:
            name = paid["payment_type_name"] if paid["gateway"] == "custom" else paid["gateway"]
            expected[(order["outlet_id"], name)] += paid["amount"]
    seen: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for row in rows:
        for gateway in ("cash", "external_debit", "external_credit", "iseller_pay", "gift_card"):
            if Decimal(str(row[gateway])):
                seen[(row["outlet_id"], gateway)] += Decimal(str(row[gateway]))
        for custom in row["customs"]:
            seen[(row["outlet_id"], custom["name"])] += Decimal(str(custom["amount"]))
    assert dict(seen) == {k: v for k, v in expected.items() if v}


async def test_one_outlet_and_a_refused_request(api, demo_day):
    outlet = completed(demo_day)[0]["outlet_id"]
    rows = (await api.post("/api/v2/GetOrderSummary", json={**WHOLE_DAY, "outlet_id": outlet})).json()[
        "summaries"
    ]
    assert {r["outlet_id"] for r in rows} == {outlet}
    refused = (await api.post("/api/v2/GetTransactionSummary", json={"time_zone": 7})).json()
    assert refused["status"] is False and "created_after" in refused["error_message"]
