"""The whole store day through every service with shifts as real iSeller shows them.

No order, refund or settlement carries a `register_shift_id` and no webhook tells of a shift close:
the stack's iSeller simulator serves the day through its pull API, ingest learns each closed shift
by polling GetRegisterShifts (register, shift id, open and close times, nothing to count), and the
KG outlet's shift windows take their register's orders and refunds by time, ask ingest to pull each
shift's span (the only completeness check there is), then post. Every webhook of a few KG orders is
lost: only those span pulls bring them back. The books must hold ACCOUNTING.md's invariants I1–I6
exactly as in `test_whole_day.py`, whose checks are run here against this day.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Any

import pytest
import whole_day_checks as check
from jembatan.devstack import demo, shift_polling
from jembatan.devstack.pytest_plugin import start_stack
from jembatan.devstack.services import SERVICES, ServiceSpec
from jembatan.devstack.tenant_setup import Admin
from jembatan.sandbox.iseller.day import generate_day
from jembatan.sandbox.iseller.delivery import FaultOptions

pytestmark = pytest.mark.e2e

TENANT = "day-realistic-shifts"
LOST_ORDERS = 4
# Short graces so the day settles in seconds; long enough for a span pull to come back through
# ingest, the broker and the mapper before the shift window's last grace runs out.
POSTER_ENV = {"JEMBATAN_SHIFT_GRACE_SECONDS": "8", "JEMBATAN_WINDOW_SWEEP_SECONDS": "1"}


@pytest.fixture(scope="module")
async def stack(tmp_path_factory, postgres_url, unique_name):
    services = [ServiceSpec(name, env=POSTER_ENV if name == "poster" else {}) for name in SERVICES]
    async with start_stack(
        tmp_path_factory.mktemp("stack"),
        database_url=postgres_url,
        schema_prefix=unique_name("e2e_shifts"),
        services=services,
        iseller=True,
        iseller_command=shift_polling.simulator_argv(demo.SEED, demo.DAY.isoformat(), demo.STORE),
    ) as running:
        yield running


@pytest.fixture(scope="module")
async def day(stack) -> dict[str, Any]:
    faults = FaultOptions(duplicate_rate=0.3, reorder_window=5, seed=11)
    realistic = shift_polling.RealisticShifts(lost_orders=LOST_ORDERS, seed=5)
    return await demo.run(stack, faults, tenant=TENANT, realistic_shifts=realistic)


async def admin_get(stack, service: str, path: str, **params: Any) -> Any:
    client = Admin(stack.urls[service], stack.admin_token)
    try:
        return await client.get(path, **params)
    finally:
        await client.close()


def kg_shifts(day: dict[str, Any]) -> list[Any]:
    outlets = demo.shift_close_outlets(day["day"])
    return [s for s in day["day"].shifts if s.outlet.outlet_id in outlets]


def test_the_day_has_no_shift_webhook_and_no_shift_id_and_lost_some_orders(day):
    deliveries = day["day"].deliveries
    assert deliveries and not [d for d in deliveries if d.kind == "register_shift"]
    assert not [d for d in deliveries if "register_shift_id" in d.payload]
    assert all(o.get("register_shift_id") is None for o in day["day"].orders.values())
    assert len(day["lost_orders"]) == LOST_ORDERS and kg_shifts(day)


async def test_each_shift_close_was_learned_once_by_polling(day, stack):
    inbox = await admin_get(stack, "ingest", f"/admin/tenants/{TENANT}/inbox", limit=1000)
    closes = Counter(e["dedupe_key"] for e in inbox if e["kind"] == "register_shift")
    assert closes == Counter(f"register_shift:{s.register_shift_id}:closed" for s in day["day"].shifts)
    assert {e["source"] for e in inbox if e["kind"] == "register_shift"} == {"pull"}


async def test_each_kg_shift_was_checked_by_pulling_its_span_and_then_posted(day, stack):
    pulls = await admin_get(stack, "ingest", f"/admin/tenants/{TENANT}/pulls", limit=100)
    spans = [p for p in pulls if p["mode"] == "span"]
    kg = {s.outlet.outlet_id for s in kg_shifts(day)}
    assert len(spans) == len(kg_shifts(day)) and {p["outlet_id"] for p in spans} == kg
    assert {p["status"] for p in spans} == {"done"}
    assert sum(p["orders_new"] for p in spans) >= LOST_ORDERS  # the lost orders came back this way
    windows = await admin_get(stack, "poster", f"/admin/tenants/{TENANT}/windows", limit=1000)
    states = {w["window_id"]: w["state"] for w in windows}
    assert {
        f"shift:{s.register_shift_id}": states.get(f"shift:{s.register_shift_id}") for s in kg_shifts(day)
    } == {f"shift:{s.register_shift_id}": "planned" for s in kg_shifts(day)}


async def test_every_lost_order_is_in_the_window_of_its_real_shift(day, stack):
    own_form = generate_day(demo.SEED, demo.DAY, replace(demo.STORE, realistic_shifts=False))
    real_shift = {oid: o["register_shift_id"] for oid, o in own_form.orders.items()}
    held_in: dict[str, str] = {}
    for shift in kg_shifts(day):
        window = f"shift:{shift.register_shift_id}"
        preview = await admin_get(stack, "poster", f"/admin/tenants/{TENANT}/windows/{window}/preview")
        held_in |= {key.split(":", 1)[1]: shift.register_shift_id for key in preview["facts"]}
    assert {oid: held_in.get(oid) for oid in day["lost_orders"]} == {
        oid: real_shift[oid] for oid in day["lost_orders"]
    }


# ACCOUNTING.md's invariants and the stack's health, as `test_whole_day.py` holds them.


def test_every_document_is_posted_and_nothing_is_dead_lettered(day, stack):
    check.assert_every_document_posted(day)
    check.assert_nothing_dead_lettered([stack.urls[name] for name in ("ingest", "mapper", "poster")])


async def test_nothing_is_parked_by_the_mapper_or_left_waiting_in_a_window(day, stack):
    await check.assert_nothing_parked_or_waiting(stack.urls, stack.admin_token, day["tenant"])


@pytest.mark.parametrize("invariant", ["i1", "i2", "i3", "i4", "i5", "i6"])
def test_accountings_invariants_hold(day, invariant):
    getattr(check, f"assert_{invariant}")(day)


async def test_accurate_holds_each_posted_document_once_and_nothing_else(day):
    await check.assert_no_duplicate_in_accurate(day)
