"""The data host: ``/accurate/api/<module>/<action>.do`` with auth, scopes, limits and faults."""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from ..domain.errors import AccurateError
from ..modules.registry import MODULES
from .actions import STANDARD
from .auth import AuthFailure, Principal, authenticate, has_scope
from .connections import cut_connection
from .faults import FaultRule
from .jsonio import AccurateJSON
from .limits import Limits
from .params import read_params
from .state import SandboxState

NOT_FOUND = {"s": False, "d": ["URL API tidak tepat"]}


def resolve(module_name: str, action: str, method: str) -> tuple[str, Any] | None:
    """(required scope, handler) for a path, or None for Accurate's 404."""
    module = MODULES.get(module_name)
    if module is None:
        return None
    if action in STANDARD:
        suffix, handler = STANDARD[action]
        if action == "bulk-save" and not module.bulk:
            return None
        if action == "delete" and module.save_scope_for_delete:
            suffix = "save"
        return f"{module.scope}_{suffix}", lambda db, params: handler(db, module, params)
    extra = module.extras.get(action)
    if extra is None:
        return None
    return f"{module.scope}_{extra.scope_suffix}", extra.handler


def build_data_app(state: SandboxState) -> Starlette:
    async def endpoint(request: Request) -> Response:
        module_name = request.path_params["module"]
        action = request.path_params["action"]
        target = resolve(module_name, action, request.method)
        if target is None:
            return AccurateJSON(NOT_FOUND, status_code=404)
        scope, handler = target
        try:
            principal = authenticate(state.tenants, request.headers, need_session=True)
        except AuthFailure as failure:
            return AccurateJSON(failure.body, status_code=failure.status)
        assert principal.database is not None
        prefix = state.host_prefix.get(principal.database.id, "")
        if request.path_params.get("prefix", "") != prefix.lstrip("/"):
            location = f"{state.host_of(principal.database.id)}/accurate/api/{module_name}/{action}.do"
            query = f"?{request.url.query}" if request.url.query else ""
            return AccurateJSON({"s": False, "d": ["Database telah dipindahkan"]}, status_code=308,
                                headers={"Location": location + query})
        if not has_scope(principal, scope):
            return AccurateJSON({"error": "insufficient_scope", "error_description": f"Require scope {scope}"},
                                status_code=403)
        return await _limited(state, request, principal, f"{module_name}/{action}.do", handler)

    async def unknown(request: Request) -> Response:
        return AccurateJSON(NOT_FOUND, status_code=404)

    routes = [
        Route("/accurate/api/{module}/{action}.do", endpoint, methods=["GET", "POST", "DELETE", "PUT"]),
        Route("/{prefix}/accurate/api/{module}/{action}.do", endpoint, methods=["GET", "POST", "DELETE", "PUT"]),
        Route("/{path:path}", unknown, methods=["GET", "POST", "DELETE", "PUT"]),
    ]
    from .admin import admin_routes

    return Starlette(routes=admin_routes(state) + routes)


async def _limited(state: SandboxState, request: Request, principal: Principal, path: str,
                   handler: Any) -> Response:
    db = principal.database
    assert db is not None
    limiter = state.limiter(db.id)
    refusal = limiter.enter()
    if refusal is not None:
        return _rate_limited(limiter.limits.status, refusal)
    try:
        faults = state.fault_plan(db.id).draw(path)
        return await _run(request, db, handler, faults, limiter.limits)
    finally:
        limiter.leave()


async def _run(request: Request, db: Any, handler: Any, faults: list[FaultRule], limits: Limits) -> Response:
    kinds = {rule.kind: rule for rule in faults}
    delay = sum(rule.latency_ms for rule in faults if rule.kind == "latency")
    if delay:
        await asyncio.sleep(delay / 1000)
    if "drop" in kinds:
        return await cut_connection(request)
    if "rate_limit" in kinds:
        from ..assumptions import RATE_LIMIT_MESSAGE

        return _rate_limited(limits.status, RATE_LIMIT_MESSAGE.format(limit=limits.per_second))
    if "server_error" in kinds:
        return PlainTextResponse("Upsss... Telah terjadi permasalahan pada server. Kode Referensi: sandbox",
                                 status_code=kinds["server_error"].status)
    if "runtime_exception" in kinds:
        return AccurateJSON({"s": False, "d": ["java.lang.RuntimeException"]})
    try:
        params = await read_params(request)
        body = handler(db, params)
    except AccurateError as error:
        body = {"s": False, "d": error.messages}
    if "commit_then_drop" in kinds:
        return await cut_connection(request)
    return AccurateJSON(body)


def _rate_limited(status: int, message: str) -> Response:
    return AccurateJSON({"s": False, "d": [message]}, status_code=status)
