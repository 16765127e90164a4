"""A stand-in for iSeller's pull API and a store day, until `sandbox/iseller` serves them.

OAuth token endpoint (refresh-token grant, rotating refresh tokens, expiring access tokens),
a per-store resource URL, and POST GetOrders / GetProducts / GetRegisterShifts / GetOutlets
with iSeller's envelope and `has_next_item` paging (first page 1).
"""

from __future__ import annotations

import random
import secrets
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from ingest_support import order

STAMP = "%Y-%m-%d %H:%M:%S"


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(STAMP)


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@dataclass
class FakeIseller:
    client_id: str = "jembatan-app"
    client_secret: str = "app-secret"
    refresh_token: str = "refresh-0"
    token_seconds: int = 3600
    orders: dict[str, dict[str, Any]] = field(default_factory=dict)
    shifts: list[dict[str, Any]] = field(default_factory=list)
    products: list[dict[str, Any]] = field(default_factory=list)
    outlets: list[dict[str, Any]] = field(default_factory=list)
    tokens: dict[str, datetime] = field(default_factory=dict)
    calls: Counter[str] = field(default_factory=Counter)

    def revoke_access_tokens(self) -> None:
        self.tokens.clear()

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.post("/oauth/token")
        async def token(request: Request) -> JSONResponse:
            self.calls["token"] += 1
            form = {k: v[0] for k, v in parse_qs((await request.body()).decode()).items()}
            grant_type, refresh_token = form.get("grant_type"), form.get("refresh_token")
            if (form.get("client_id"), form.get("client_secret")) != (self.client_id, self.client_secret):
                return JSONResponse({"error": "invalid_client"}, 401)
            if grant_type != "refresh_token" or refresh_token != self.refresh_token:
                return JSONResponse({"error": "invalid_grant"}, 400)
            access = secrets.token_hex(8)
            self.tokens[access] = datetime.now(UTC) + timedelta(seconds=self.token_seconds)
            self.refresh_token = f"refresh-{self.calls['token']}"  # rotates
            base = str(request.base_url).rstrip("/")
            return JSONResponse(
                {
                    "access_token": access,
                    "token_type": "bearer",
                    "expires_in": self.token_seconds,
                    "refresh_token": self.refresh_token,
                    "resource_url": f"{base}/store/toko",
                }
            )

        @app.post("/store/toko/api/{version}/{endpoint}")
        async def api(version: str, endpoint: str, request: Request) -> JSONResponse:
            self.calls[endpoint] += 1
            bearer = request.headers.get("authorization", "").removeprefix("Bearer ")
            if self.tokens.get(bearer, datetime.min.replace(tzinfo=UTC)) < datetime.now(UTC):
                return JSONResponse({"message": "token expired"}, 401)
            body = await request.json()
            if endpoint == "GetOrders":
                return self._page("orders", self._orders(body), body)
            if endpoint == "GetRegisterShifts":
                return self._page("register_shifts", self._shifts(body), body)
            if endpoint == "GetProducts":
                return self._page("products", self.products, body)
            if endpoint == "GetOutlets":
                return self._page("Outlets", self.outlets, body)
            return JSONResponse({"status": False, "error_message": f"no {endpoint}"})

        return app

    def _orders(self, body: dict[str, Any]) -> list[dict[str, Any]]:
        out = []
        for item in self.orders.values():
            created, modified = _parse(item["order_date"]), _parse(item["modified_date"])
            if created < _parse(body["created_after"]):
                continue
            if "created_before" in body and created >= _parse(body["created_before"]):
                continue
            if "modified_after" in body and modified < _parse(body["modified_after"]):
                continue
            if "modified_before" in body and modified >= _parse(body["modified_before"]):
                continue
            out.append(item)
        key = "modified_date" if body.get("sort") == "ModifiedDate" else "order_date"
        return sorted(out, key=lambda o: o[key])

    def _shifts(self, body: dict[str, Any]) -> list[dict[str, Any]]:
        start, end = _parse(body["created_after"]), _parse(body["created_before"])
        return [s for s in self.shifts if start <= _parse(s["open_date"]) < end]

    @staticmethod
    def _page(name: str, items: list[dict[str, Any]], body: dict[str, Any]) -> JSONResponse:
        page, size = int(body["page"]), int(body["page_size"])
        chunk = items[(page - 1) * size : page * size]
        more = page * size < len(items)
        return JSONResponse({"status": True, "count": len(chunk), "has_next_item": more, name: chunk})


@dataclass
class Delivery:
    kind: str
    body: dict[str, Any]


def store_day(fake: FakeIseller, rng: random.Random, orders: int, end: datetime) -> list[Delivery]:
    """A day of `orders` orders ending at `end`: some opened as drafts first, some voided.

    Fills the fake's pull API with each order's final state and returns the webhooks iSeller
    would have sent, in time order.
    """
    start = end - timedelta(hours=15)
    deliveries: list[Delivery] = []
    for n in range(orders):
        opened = start + (end - start - timedelta(minutes=5)) * (n / orders)
        oid = f"ord-{n:05d}-{rng.getrandbits(32):08x}"
        closed = opened + timedelta(minutes=rng.randint(1, 4))
        fate = rng.random()
        base = {"order_date": _stamp(opened), "closed_date": _stamp(closed), "modified_date": _stamp(closed)}
        if fate < 0.15:
            draft = order(oid, "draft", **{**base, "closed_date": None, "modified_date": _stamp(opened)})
            deliveries.append(Delivery("order", draft))
        final = order(oid, "void" if fate > 0.95 else "completed", **base)
        deliveries.append(Delivery("order", final))
        fake.orders[oid] = final
    for s in range(2):
        opened = start + timedelta(hours=7.5 * s)
        shift = {
            "register_shift_id": f"shift-{s}",
            "register_id": "reg-1",
            "register_name": "Register #1",
            "open_date": _stamp(opened),
            "closed_date": _stamp(opened + timedelta(hours=7.5)),
        }
        fake.shifts.append(shift)
    fake.products = [
        {"product_id": f"p-{n}", "name": f"Kopi {n}", "sku": f"KOPI-{n}", "price": "20000.0000"}
        for n in range(5)
    ]
    fake.outlets = [{"OutletId": "outlet-ho", "OutletCode": "HO", "OutletName": "Jembatan Kemang"}]
    return deliveries


def completed_ids(fake: FakeIseller) -> set[str]:
    return {oid for oid, o in fake.orders.items() if o["status"] == "completed"}
