"""iSeller's own day totals (GetOrderSummary, GetTransactionSummary from the simulator) against the
orders ingest holds: a day whose webhooks lost orders shows, per outlet, the orders, the total and
the payment types that fall short; once a pull brought them back, the day agrees. Every check is kept."""

import asyncio
from datetime import date
from decimal import Decimal

import pytest
from ingest_support import API_KEY, serve
from jembatan.platform.metrics import RECONCILIATION_GAPS
from jembatan.sandbox.iseller.config import sized
from jembatan.sandbox.iseller.day import generate_day
from jembatan.sandbox.iseller.delivery import FaultOptions, plan, send
from jembatan.sandbox.iseller.oauth import TokenStore
from jembatan.sandbox.iseller.pull_api import create_app

pytestmark = [pytest.mark.integration]

DAY = date(2026, 11, 25)


async def test_orders_iseller_counted_but_never_delivered_are_a_day_total_gap_until_pulled(
    ingest_factory, unique_name
):
    day = generate_day(7, DAY, sized(60))
    delivery_plan = plan(day.deliveries, FaultOptions(drop_rate=0.1, seed=7))
    tokens = TokenStore(client_id="test-client", client_secret="test-secret")
    tenant = unique_name("tenant")
    async with serve(create_app(day, tokens)) as iseller_url, ingest_factory() as ingest:
        await ingest.add_tenant(tenant)
        no_connection = await ingest.http.post(f"/admin/tenants/{tenant}/iseller-day-totals",
                                               json={"day": DAY.isoformat()}, headers=ingest.admin)  # fmt: skip
        assert no_connection.status_code == 409
        answer = await ingest.http.put(
            f"/admin/tenants/{tenant}/iseller-connection", headers=ingest.admin,
            json={"client_id": tokens.client_id, "client_secret": tokens.client_secret,
                  "oauth_url": f"{iseller_url}/oauth/token"},
        )  # fmt: skip
        assert answer.status_code in (200, 204), answer.text
        report = await send(delivery_plan, target=ingest.url, tenant=tenant, api_key=API_KEY)
        assert not report.failures

        check = await day_totals(ingest, tenant)

        completed = {oid: o for oid, o in day.orders.items() if o["status"] == "completed"}
        delivered = {s.delivery.payload["order_id"] for s in delivery_plan.sends
                     if s.delivery.kind == "order" and s.delivery.payload["status"] == "completed"}  # fmt: skip
        lost = {oid: o for oid, o in completed.items() if oid not in delivered}
        assert lost, "the fault plan dropped no completed order: pick another seed"
        lost_per_outlet: dict[str, list[dict]] = {}
        for order in lost.values():
            lost_per_outlet.setdefault(order["outlet_id"], []).append(order)
        assert check["status"] == "done" and check["difference_count"] == len(lost_per_outlet)
        gaps = {(g["outlet_id"], g["measure"]): g for g in check["report"]["differences"]}
        for outlet, orders in lost_per_outlet.items():
            assert Decimal(gaps[(outlet, "orders")]["amount"]) == -len(orders)
            missing_total = sum(Decimal(str(o["total_amount"])) for o in orders)
            assert Decimal(gaps[(outlet, "total_amount")]["amount"]) == -missing_total
            assert gaps[(outlet, "orders")]["action"].startswith("pull the day")
        assert {g["kind"] for g in gaps.values()} == {"iseller_summary"}
        assert RECONCILIATION_GAPS.labels(tenant, "iseller_summary")._value.get() == len(lost_per_outlet)

        pull = await ingest.http.post(f"/admin/tenants/{tenant}/backfill", headers=ingest.admin,
                                      json={"from": DAY.isoformat(), "to": DAY.isoformat()})  # fmt: skip
        assert pull.status_code == 202, pull.text
        for _ in range(150):
            runs = await ingest.get(f"/admin/tenants/{tenant}/pulls")
            if runs and runs[0]["status"] != "running":
                break
            await asyncio.sleep(0.2)
        assert runs[0]["status"] == "done", runs[0]
        again = await day_totals(ingest, tenant)
        assert (again["difference_count"], again["report"]["differences"]) == (0, [])
        outlets = {o["outlet_id"]: o for o in again["report"]["outlets"]}
        assert set(outlets) == {o["outlet_id"] for o in completed.values()}
        assert all(o["iseller"] == o["held"] for o in outlets.values())

        kept = await ingest.get(f"/admin/tenants/{tenant}/iseller-day-totals?day={DAY.isoformat()}")
        assert [k["id"] for k in kept] == [again["id"], check["id"]]
    assert RECONCILIATION_GAPS.labels(tenant, "iseller_summary")._value.get() == 0


async def day_totals(ingest, tenant: str) -> dict:
    answer = await ingest.http.post(f"/admin/tenants/{tenant}/iseller-day-totals", json={"day": DAY.isoformat()},
                                    headers=ingest.admin)  # fmt: skip
    assert answer.status_code == 200, answer.text
    return answer.json()
