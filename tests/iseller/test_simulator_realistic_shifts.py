"""The simulator's realistic-shift switch: the same day, shown as real iSeller shows it — no shift
id on orders, refunds or settlements, no shift-close webhook, shifts only via GetRegisterShifts."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import httpx
import pytest
from jembatan.sandbox.iseller import StoreDay, generate_day
from jembatan.sandbox.iseller.config import DEMO
from jembatan.sandbox.iseller.pull_api import create_app

DAY = date(2026, 11, 25)
CLIENT = {"client_id": "test-client", "client_secret": "test-secret"}
WHOLE_DAY = {"time_zone": 7, "created_after": "2026-11-24T00:00:00", "created_before": "2026-11-27T00:00:00"}


@pytest.fixture(scope="module")
def simulated() -> StoreDay:
    return generate_day(7, DAY)


@pytest.fixture(scope="module")
def realistic() -> StoreDay:
    return generate_day(7, DAY, replace(DEMO, realistic_shifts=True))


def test_no_shift_close_webhook_is_sent(realistic, simulated):
    assert any(d.kind == "register_shift" for d in simulated.deliveries)
    assert not any(d.kind == "register_shift" for d in realistic.deliveries)


def test_no_webhook_names_a_shift(realistic):
    assert not [d.kind for d in realistic.deliveries if "register_shift_id" in d.payload]


def test_orders_still_name_their_register(realistic):
    orders = [d.payload for d in realistic.deliveries if d.kind == "order"]
    assert orders and all(o.get("register_id") for o in orders)


def test_the_store_day_itself_is_unchanged(realistic, simulated):
    assert realistic.truth == simulated.truth
    assert set(realistic.orders) == set(simulated.orders)


async def _pull(day: StoreDay, path: str) -> dict:
    transport = httpx.ASGITransport(app=create_app(day))
    async with httpx.AsyncClient(transport=transport, base_url="http://toko.test") as client:
        token = await client.post("/oauth/token", data={"grant_type": "client_credentials", **CLIENT})
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        return (await client.post(path, json={**WHOLE_DAY, "page_size": 500}, headers=headers)).json()


async def test_pulled_orders_carry_no_shift_id(realistic):
    orders = (await _pull(realistic, "/api/v2/GetOrders"))["orders"]
    assert orders and not [o for o in orders if o.get("register_shift_id")]


async def test_shifts_are_known_through_get_register_shifts_with_times_only(realistic):
    shifts = (await _pull(realistic, "/api/v2/GetRegisterShifts"))["register_shifts"]
    assert {s["register_shift_id"] for s in shifts} == {s.register_shift_id for s in realistic.shifts}
    assert all(
        set(s) == {"register_name", "register_id", "register_shift_id", "open_date", "closed_date"}
        for s in shifts
    )
