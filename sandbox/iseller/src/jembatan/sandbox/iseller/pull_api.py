"""The simulated store's pull API over HTTP (FastAPI), in iSeller's conventions: every call a POST,
a `status` / `error_message` envelope with HTTP 200 even on errors, bearer tokens from /oauth/token."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from . import catalogue_views, pull_queries, summaries
from .day import StoreDay
from .oauth import OAuthError, TokenStore
from .wire import dumps

Handler = Callable[[StoreDay, dict[str, Any], str], dict[str, Any]]

ENDPOINTS: dict[str, Handler] = {
    "/api/v2/GetOrders": lambda day, params, _: pull_queries.get_orders(day, params),
    "/api/v2/GetRegisterShifts": lambda day, params, _: pull_queries.get_register_shifts(day, params),
    "/api/v2/GetProducts": lambda day, params, _: catalogue_views.get_products(day, params),
    "/api/v2/GetStoreInfo": lambda day, _, url: catalogue_views.get_store_info(day, url),
    "/api/v3/GetOutlets": lambda day, params, _: catalogue_views.get_outlets(day, params),
    "/api/v2/GetOrderSummary": lambda day, params, _: summaries.get_order_summary(day, params),
    "/api/v2/GetTransactionSummary": lambda day, params, _: summaries.get_transaction_summary(day, params),
}


async def _params(request: Request) -> dict[str, Any]:
    """Query string, then a JSON or form-urlencoded body (iSeller accepts both)."""
    params: dict[str, Any] = dict(request.query_params)
    raw = await request.body()
    if not raw.strip():
        return params
    if "json" in request.headers.get("content-type", ""):
        try:
            data = json.loads(raw)
        except ValueError:
            raise pull_queries.BadRequest("body is not JSON") from None
        if isinstance(data, dict):
            params.update(data)
        return params
    params.update(parse_qsl(raw.decode(errors="replace")))
    return params


def _answer(body: dict[str, Any], status_code: int = 200) -> Response:
    return Response(dumps(body), status_code=status_code, media_type="application/json")


def create_app(day: StoreDay, tokens: TokenStore | None = None) -> FastAPI:
    """The pull API for one simulated day; credentials default to obviously fake test values."""
    app = FastAPI(title="iSeller simulator")
    store = tokens or TokenStore(client_id="test-client", client_secret="test-secret")
    app.state.day, app.state.tokens = day, store

    def resource_url(request: Request) -> str:
        return str(request.base_url).rstrip("/")

    @app.get("/oauth/authorize")
    async def authorize(client_id: str, redirect_uri: str, state: str = "") -> Response:
        try:
            code = store.authorize(client_id)
        except OAuthError as exc:
            return JSONResponse({"error": exc.error, "error_description": exc.description}, status_code=400)
        return RedirectResponse(
            f"{redirect_uri}?{urlencode({'code': code, 'state': state})}", status_code=302
        )

    @app.post("/oauth/token")
    async def token(request: Request) -> Response:
        try:
            return JSONResponse(store.grant(await _params(request), resource_url(request)))
        except (OAuthError, pull_queries.BadRequest) as exc:
            error = exc.error if isinstance(exc, OAuthError) else "invalid_request"
            return JSONResponse({"error": error, "error_description": str(exc)}, status_code=400)

    def endpoint(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        async def serve(request: Request) -> Response:
            if not store.valid(request.headers.get("authorization")):
                return _answer({"status": False, "error_message": "Unauthorized"}, status_code=401)
            try:
                return _answer(handler(app.state.day, await _params(request), resource_url(request)))
            except pull_queries.BadRequest as exc:
                return _answer({"status": False, "error_message": str(exc)})

        return serve

    for path, handler in ENDPOINTS.items():
        app.add_api_route(path, endpoint(handler), methods=["POST", "GET"])
    return app
