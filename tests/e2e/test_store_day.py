"""A whole simulator day, delivered twice over and out of order, through every service.

Checks ACCOUNTING.md's invariants that the first version can already promise: I1 (every completed
order in exactly one invoice, never two), I2 for the walk-in customers (their receivable is zero),
and I6 (the trial balance balances) — on PostgreSQL, the real broker and the Accurate sandbox.
"""

import pytest
from jembatan.devstack import demo
from jembatan.devstack.tenant_setup import Admin
from jembatan.sandbox.iseller.delivery import FaultOptions

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
async def outcome(stack):
    return await demo.run(stack, FaultOptions(duplicate_rate=0.3, reorder_window=5, seed=11))


@pytest.fixture(scope="module")
async def parked_orders(stack, outcome):
    mapper = Admin(stack.urls["mapper"], stack.admin_token)
    try:
        parked = await mapper.get(f"/admin/tenants/{demo.TENANT}/parked")
    finally:
        await mapper.close()
    return parked


def completed_order_ids(day) -> set[str]:
    return {oid for oid, order in day.orders.items() if order["status"] == "completed"}


async def test_every_document_was_posted(outcome):
    assert outcome["documents"]
    assert {d["state"] for d in outcome["documents"]} == {"posted"}, [
        (d["number"], d["message"]) for d in outcome["documents"] if d["state"] != "posted"
    ]


async def test_every_completed_order_is_in_exactly_one_invoice_unless_parked_with_a_reason(
    outcome, parked_orders
):
    invoices = [d for d in outcome["documents"] if d["document_type"] == "sales-invoice"]
    invoiced = [d["source_ids"][0] for d in invoices]
    assert len(invoiced) == len(set(invoiced)), "an order was invoiced twice"
    parked_sales = [p for p in parked_orders if p["schema_name"] == "pos.order_completed/1"]
    assert all("has no SKU" in p["reason"] for p in parked_sales), parked_sales
    assert len(invoiced) + len(parked_sales) == len(completed_order_ids(outcome["day"]))
    assert set(invoiced) <= completed_order_ids(outcome["day"])


async def test_the_books_balance_and_walk_in_customers_owe_nothing(outcome):
    books = outcome["books"]
    assert books["totals"]["balanced"] is True
    walk_in = {
        c["customerNo"]: c["balance"]
        for c in books["receivables"]["customers"]
        if c["customerNo"].startswith("UMUM-")
    }
    assert walk_in and set(walk_in.values()) == {0}, walk_in
