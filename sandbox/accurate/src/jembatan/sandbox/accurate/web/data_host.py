"""The data host: ``/accurate/api/<module>/<action>.do`` with auth, methods, moves, scopes, limits and faults.

The same app serves both data listeners; each knows its own URL and answers 308 for databases that
live on the other one (§1.1).
"""

from __future__ import annotations

import asyncio
import gc
import secrets
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from .. import assumptions as A
from ..domain.errors import AccurateError
from ..domain.money import excess_decimals
from ..modules.registry import MODULES
from .actions import STANDARD
from .auth import AuthFailure, Principal, authenticate, has_scope
from .connections import cut_connection
from .faults import FaultRule
from .jsonio import AccurateJSON
from .params import read_params
from .state import SandboxState
from .switches import Switches

NOT_FOUND = {"s": False, "d": ["URL API tidak tepat"]}
ARRIVAL_HEADER = "X-Sandbox-Arrived"
SESSION_EXPIRED = {"s": False, "d": ["Data Session Key tidak tepat"]}
ALL_METHODS = ["GET", "POST", "DELETE", "PUT", "PATCH"]


def resolve(module_name: str, action: str, method: str = "GET") -> tuple[str, Any, tuple[str, ...]] | None:
    """(required scope, handler, allowed methods) for a path, or None for Accurate's 404."""
    module = MODULES.get(module_name)
    if module is None:
        return None
    if action in STANDARD:
        suffix, handler = STANDARD[action]
        if action == "bulk-save" and not module.bulk:
            return None
        if action == "delete" and module.save_scope_for_delete:
            suffix = "save"
        return (f"{module.scope}_{suffix}", lambda db, params: handler(db, module, params),
                A.ACTION_METHODS[action])
    extra = module.extras.get(action)
    if extra is None:
        return None
    methods = A.EXTRA_READ_METHODS if extra.scope_suffix == "view" else A.EXTRA_WRITE_METHODS
    return f"{module.scope}_{extra.scope_suffix}", extra.handler, methods


def wrong_method(switches: Switches, method: str) -> Response:
    """Accurate's answer to a method the action does not take (``wrongMethod`` switch)."""
    if switches["wrongMethod"] == "404":
        return AccurateJSON(NOT_FOUND, status_code=404)
    return HTMLResponse(A.WRONG_METHOD_HTML.format(method=method), status_code=405,
                        headers={"Allow": "GET, POST, DELETE"})


def build_data_app(state: SandboxState, own_url: str | None = None) -> Starlette:
    here = own_url or state.data_url

    async def endpoint(request: Request) -> Response:
        arrival = state.latency.arrival()
        if arrival:
            await asyncio.sleep(arrival)  # the network, before the server (and its limiter) sees the call
        module_name = request.path_params["module"]
        action = request.path_params["action"]
        target = resolve(module_name, action, request.method)
        if target is None:
            return AccurateJSON(NOT_FOUND, status_code=404)
        scope, handler, methods = target
        try:
            principal = authenticate(state.tenants, request.headers, need_session=True)
        except AuthFailure as failure:
            return AccurateJSON(failure.body, status_code=failure.status)
        assert principal.database is not None
        db_id = principal.database.id
        switches = state.switches_of(db_id)
        if request.method not in methods:
            return wrong_method(switches, request.method)
        if state.host_of(db_id) != here:
            location = f"{state.host_of(db_id)}/accurate/api/{module_name}/{action}.do"
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
        Route("/accurate/api/{module}/{action}.do", endpoint, methods=ALL_METHODS),
        Route("/{path:path}", unknown, methods=ALL_METHODS),
    ]
    from .admin import admin_routes

    return Starlette(routes=admin_routes(state) + routes)


async def _limited(state: SandboxState, request: Request, principal: Principal, path: str,
                   handler: Any) -> Response:
    db = principal.database
    assert db is not None
    switches = state.switches_of(db.id)
    limiter = state.limiter(db.id)
    arrived = time.monotonic()
    refusal = limiter.enter(arrived)
    if refusal is not None:
        return _stamped(_rate_limited(switches, refusal), arrived)
    try:
        faults = state.fault_plan(db.id).draw(path)
        service = state.latency.service()
        if service:
            await asyncio.sleep(service)  # the server at work: counts as in flight
        return _stamped(await _run(state, request, principal, handler, faults, switches), arrived)
    finally:
        limiter.leave()


def _stamped(response: Response, arrived: float) -> Response:
    """Sandbox-only header: when the limiter saw the call (this host's monotonic clock, seconds).

    On Linux the monotonic clock is shared by every process, so a benchmark on the same machine can
    measure each call's one-way delay from its own send time, i.e. the jitter the budget must cover.
    """
    response.headers[ARRIVAL_HEADER] = f"{arrived:.6f}"
    return response


async def _run(state: SandboxState, request: Request, principal: Principal, handler: Any,
               faults: list[FaultRule], switches: Switches) -> Response:
    db = principal.database
    assert db is not None
    kinds = {rule.kind: rule for rule in faults}
    delay = sum(rule.latency_ms for rule in faults if rule.kind == "latency")
    if delay:
        await asyncio.sleep(delay / 1000)
    if "drop" in kinds:
        return await cut_connection(request)
    if "rate_limit" in kinds:
        return _rate_limited(switches, A.RATE_LIMIT_MESSAGE.format(limit=state.limiter(db.id).limits.per_second))
    if "server_error" in kinds:
        return HTMLResponse(_upsss_page(), status_code=kinds["server_error"].status)
    if "upsss_json" in kinds:
        return AccurateJSON({"s": False, "d": [_upsss_text()]})
    if "runtime_exception" in kinds:
        return AccurateJSON({"s": False, "d": [kinds["runtime_exception"].message or A.JAVA_EXCEPTION_TEXT]})
    if "session_expired" in kinds and principal.session is not None:
        state.tenants.expire_session(principal.session)
        return AccurateJSON(SESSION_EXPIRED, status_code=401)
    try:
        params = await read_params(request)
        body = await asyncio.get_running_loop().run_in_executor(
            _WORKER, _work, handler, db, params, switches["excessDecimals"])
    except AccurateError as error:
        body = {"s": False, "d": error.messages}
    if "commit_then_drop" in kinds:
        return await cut_connection(request)
    return AccurateJSON(body)


# The books' work (a 100-document bulk save is ~100 ms of CPU) runs on one worker thread, one call at a
# time as before, so that the event loop stays free to admit arrivals. Run on the loop, it held every
# request that arrived meanwhile and the limiter counted them late and bunched (one-way delay spread
# ~200 ms in the poster drain), which the real service, counting at its edge while its servers work
# in parallel, does not do. See docs/accurate-client.md, "Where the jitter came from".
# (``python -m jembatan.sandbox.accurate`` also shortens the GIL's switch interval for the loop's sake.)
_WORKER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sandbox-books")


def _work(handler: Any, db: Any, params: Any, excess: str) -> Any:
    with excess_decimals(excess):
        result = handler(db, params)
    # Python's full garbage collection over every document the books hold stalled the whole process
    # for 80-200 ms as the books grew (rate-limit refusals in long soaks); the real service's edge
    # does not stall with its storage. Freezing what survived a call keeps each collection to the
    # newest objects. A sandbox trade: cyclic garbage frozen here is never freed.
    gc.freeze()
    return result


def _upsss_text() -> str:
    return A.UPSSS_TEXT.format(reference=secrets.token_hex(4))


def _upsss_page() -> str:
    return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Accurate Online</title></head>"
            f"<body><div class=\"error\"><h2>Upsss...</h2><p>{_upsss_text()}</p></div></body></html>")


def _rate_limited(switches: Switches, message: str) -> Response:
    status = 429 if switches["rateLimitForm"] == "http429" else 200
    return AccurateJSON({"s": False, "d": [message]}, status_code=status)
