"""The pull API answers in iSeller's conventions and has everything the store did — including
the orders whose webhooks were dropped."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from jembatan.contracts.iseller import (
    Order,
    OrdersPage,
    OutletsPage,
    ProductsPage,
    RegisterShiftsPage,
    StoreInfoResponse,
    TokenResponse,
    parse,
    to_canonical,
)
from jembatan.sandbox.iseller import StoreDay
from jembatan.sandbox.iseller.delivery import FaultOptions, plan
from jembatan.sandbox.iseller.pull_api import create_app
from jembatan.sandbox.iseller.wire import dumps

CLIENT = {"client_id": "test-client", "client_secret": "test-secret"}
WHOLE_DAY = {"time_zone": 7, "created_after": "2026-11-24T00:00:00", "created_before": "2026-11-27T00:00:00"}
ALL_INCLUDES = "OrderDetails,Transactions,MDR,DiscountDetails,PromotionDetails"


@pytest.fixture
async def api(demo_day: StoreDay) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app(demo_day))
    async with httpx.AsyncClient(transport=transport, base_url="http://toko.isellershop.test") as client:
        token = await client.post("/oauth/token", data={"grant_type": "client_credentials", **CLIENT})
        client.headers["Authorization"] = f"Bearer {token.json()['access_token']}"
        yield client


async def _all_orders(api: httpx.AsyncClient, **params: Any) -> tuple[list[Order], int]:
    orders, page, calls = [], 1, 0
    while True:
        answer = OrdersPage.model_validate_json(
            (await api.post("/api/v2/GetOrders", json={**params, "page": page})).content
        )
        assert answer.status is True and answer.count == len(answer.orders)
        orders += answer.orders
        calls += 1
        if not answer.has_next_item:
            return orders, calls
        page += 1


async def test_token_grants_follow_iseller(demo_day: StoreDay) -> None:
    app = create_app(demo_day)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://toko.test"
    ) as client:
        redirect = await client.get(
            "/oauth/authorize",
            params={"client_id": "test-client", "redirect_uri": "http://app.test/cb", "state": "s1"},
        )
        assert redirect.status_code == 302
        code = httpx.URL(redirect.headers["location"]).params["code"]
        first = TokenResponse.model_validate(
            (
                await client.post(
                    "/oauth/token", data={"grant_type": "authorization_code", "code": code, **CLIENT}
                )
            ).json()
        )
        assert first.expires_in == 1209599 and first.resource_url == "http://toko.test"
        reused = await client.post(
            "/oauth/token", data={"grant_type": "authorization_code", "code": code, **CLIENT}
        )
        assert reused.status_code == 400 and reused.json()["error"] == "invalid_grant"
        refreshed = await client.post(
            "/oauth/token",
            json={"grant_type": "refresh_token", "refresh_token": first.refresh_token, **CLIENT},
        )
        assert refreshed.status_code == 200 and refreshed.json()["access_token"] != first.access_token
        wrong = await client.post(
            "/oauth/token",
            data={"grant_type": "client_credentials", "client_id": "test-client", "client_secret": "nope"},
        )
        assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_client"


async def test_api_without_a_valid_token_is_unauthorized(api: httpx.AsyncClient) -> None:
    answer = await api.post("/api/v2/GetOrders", json=WHOLE_DAY, headers={"Authorization": "Bearer forged"})
    assert answer.status_code == 401 and answer.json()["status"] is False


async def test_errors_are_http_200_with_status_false(api: httpx.AsyncClient) -> None:
    answer = await api.post("/api/v2/GetOrders", json={"created_after": "2026-11-25T00:00:00"})
    assert answer.status_code == 200
    assert answer.json() == {**answer.json(), "status": False, "error_message": "time_zone is required"}


async def test_get_orders_pages_with_has_next_item(api: httpx.AsyncClient, demo_day: StoreDay) -> None:
    orders, calls = await _all_orders(api, **WHOLE_DAY, page_size=7)
    assert len(orders) == len(demo_day.orders)
    assert calls == -(-len(demo_day.orders) // 7)
    assert len({o.order_id for o in orders}) == len(orders)


async def test_form_encoded_requests_work_too(api: httpx.AsyncClient, demo_day: StoreDay) -> None:
    answer = await api.post("/api/v2/GetOrders", data={**WHOLE_DAY, "page_size": "100"})
    assert OrdersPage.model_validate_json(answer.content).count == len(demo_day.orders)


async def test_pull_returns_the_orders_whose_webhooks_were_dropped(
    api: httpx.AsyncClient, demo_day: StoreDay
) -> None:
    dropped = plan(demo_day.deliveries, FaultOptions(drop_rate=0.3, seed=9)).dropped
    dropped_orders = {d.payload["order_id"]: d for d in dropped if d.kind == "order"}
    assert dropped_orders
    pulled, _ = await _all_orders(api, **WHOLE_DAY, page_size=100, includes=ALL_INCLUDES)
    by_id = {o.order_id: o for o in pulled}
    for order_id, delivery in dropped_orders.items():
        webhook = parse("order", dumps(delivery.payload))
        if webhook.status == "completed":  # type: ignore[attr-defined]
            assert to_canonical("order", by_id[order_id]) == to_canonical("order", webhook)


async def test_filters_by_outlet_and_order_id(api: httpx.AsyncClient, demo_day: StoreDay) -> None:
    outlet = demo_day.outlets[1].outlet_id
    orders, _ = await _all_orders(api, **WHOLE_DAY, outlet_id=outlet, page_size=100)
    assert orders and all(o.outlet_id == outlet for o in orders)
    one = next(iter(demo_day.orders))
    orders, _ = await _all_orders(api, **WHOLE_DAY, order_id=one)
    assert [o.order_id for o in orders] == [one]


async def test_created_window_is_in_the_requested_time_zone(
    api: httpx.AsyncClient, demo_day: StoreDay
) -> None:
    first_utc = datetime.fromisoformat(min(o["order_date"] for o in demo_day.orders.values()))
    local = (first_utc + timedelta(hours=7)).isoformat()  # the same instant on a WIB clock
    orders, _ = await _all_orders(api, time_zone=7, created_after=local, page_size=100)
    assert len(orders) == len(demo_day.orders)
    orders, _ = await _all_orders(api, time_zone=0, created_after=local, page_size=100)
    assert len(orders) < len(demo_day.orders)  # read as UTC, the window starts seven hours later


async def test_details_come_only_when_included(api: httpx.AsyncClient) -> None:
    bare = (await api.post("/api/v2/GetOrders", json={**WHOLE_DAY, "page_size": 1})).json()["orders"][0]
    assert "order_details" not in bare and "transactions" not in bare
    full = await api.post(
        "/api/v2/GetOrders", json={**WHOLE_DAY, "page_size": 1, "includes": ALL_INCLUDES.lower()}
    )
    assert "order_details" in full.json()["orders"][0]


async def test_register_shifts_have_only_ids_and_dates(api: httpx.AsyncClient, demo_day: StoreDay) -> None:
    raw = (await api.post("/api/v2/GetRegisterShifts", json={**WHOLE_DAY, "page_size": 100})).json()
    assert set(raw["register_shifts"][0]) == {
        "register_name",
        "register_id",
        "register_shift_id",
        "open_date",
        "closed_date",
    }
    page = RegisterShiftsPage.model_validate(raw)
    assert {s.register_shift_id for s in page.register_shifts} == {
        s.register_shift_id for s in demo_day.shifts
    }


async def test_outlets_come_back_pascal_cased_and_still_parse(
    api: httpx.AsyncClient, demo_day: StoreDay
) -> None:
    raw = (await api.post("/api/v3/GetOutlets", json={"page": 1, "page_size": 10})).json()
    assert "Outlets" in raw
    page = OutletsPage.model_validate(raw)
    assert [o.outlet_code for o in page.outlets] == [o.outlet_code for o in demo_day.outlets]


async def test_store_info_lists_outlets_and_payments(api: httpx.AsyncClient) -> None:
    info = StoreInfoResponse.model_validate_json((await api.post("/api/v2/GetStoreInfo")).content)
    assert info.store_info is not None and len(info.store_info.active_outlets) == 2
    assert {"cash", "iseller_pay"} <= {p.gateway for p in info.store_info.active_payments}


async def test_products_page_and_show_closing_stock(api: httpx.AsyncClient, demo_day: StoreDay) -> None:
    products, page = [], 1
    while True:
        answer = ProductsPage.model_validate_json(
            (await api.post("/api/v2/GetProducts", json={"page": page, "page_size": 5})).content
        )
        products += answer.products
        if not answer.has_next_item:
            break
        page += 1
    assert len(products) == len(demo_day.catalogue.items)
    assert {p.type for p in products} == {"standard", "variant", "composite", "comboset", "modifier"}
    for product in products:
        for inventory in product.inventories:
            assert inventory.unit_in_stock == demo_day.truth["stock"][inventory.outlet_id][product.sku]
