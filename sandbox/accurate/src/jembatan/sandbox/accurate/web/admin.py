"""Sandbox-only admin API under ``/_sandbox`` (outside Accurate's paths): tenants, books, faults, limits."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from ..domain.dates import now_utc, parse_date
from ..domain.errors import AccurateError
from .faults import FaultPlan, FaultRule
from .jsonio import AccurateJSON
from .latency import Latency
from .limits import Limits
from .state import SandboxState
from .views import books, credentials, invoices_page


def _error(status: int, message: str) -> Response:
    return AccurateJSON({"s": False, "d": [message]}, status_code=status)


async def _body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if not raw.strip():
        return {}
    data = json.loads(raw)
    if not isinstance(data, dict):
        raise ValueError("body must be a JSON object")
    return data


def create_database(state: SandboxState, spec: dict[str, Any]) -> dict[str, Any]:
    tenants = state.tenants
    app_id = int(spec.get("appId", 1))
    if app_id not in tenants.apps:
        raise ValueError(f"unknown app {app_id}")
    start = parse_date(spec["startDate"], "startDate") if spec.get("startDate") else date(2020, 1, 1)
    db = tenants.add_database(
        str(spec.get("alias") or "PT Sandbox"), branches=list(spec.get("branches") or []),
        warehouses=list(spec.get("warehouses") or []), start_date=start,
        user=str(spec.get("user") or "sandbox@jembatan.test"), app=tenants.apps[app_id],
        db_id=int(spec["id"]) if spec.get("id") else None, seed=spec.get("seed"))
    return credentials(state, db)


def admin_routes(state: SandboxState) -> list[Route]:
    tenants = state.tenants

    def guarded(handler: Any) -> Any:
        async def run(request: Request) -> Response:
            if state.admin_token and request.headers.get("authorization") != f"Bearer {state.admin_token}":
                return _error(401, "admin token required")
            try:
                return await handler(request)
            except (ValueError, KeyError, TypeError, AccurateError) as error:
                return _error(400, str(error))
        return run

    def database(request: Request) -> Any:
        db_id = int(request.path_params["db_id"])
        if db_id not in tenants.databases:
            raise KeyError(f"unknown database {db_id}")
        return tenants.databases[db_id]

    async def databases(request: Request) -> Response:
        if request.method == "POST":
            return AccurateJSON(create_database(state, await _body(request)), status_code=201)
        return AccurateJSON([credentials(state, db) for _, db in sorted(tenants.databases.items())])

    async def one(request: Request) -> Response:
        return AccurateJSON(credentials(state, database(request)))

    async def reset(request: Request) -> Response:
        db = tenants.reset_database(database(request).id)
        state.faults.pop(db.id, None)
        state.switches.pop(db.id, None)
        return AccurateJSON(credentials(state, db))

    async def ledger(request: Request) -> Response:
        with_journal = request.query_params.get("journal", "true").lower() != "false"
        return AccurateJSON(books(database(request), with_journal=with_journal))

    async def faults(request: Request) -> Response:
        db = database(request)
        if request.method == "POST":
            spec = await _body(request)
            plan = FaultPlan(seed=int(spec.get("seed", 0)), rules=[FaultRule.parse(r) for r in spec.get("rules", [])])
            state.faults[db.id] = plan
        elif request.method == "DELETE":
            state.faults.pop(db.id, None)
        return AccurateJSON(state.fault_plan(db.id).as_dict())

    async def limits(request: Request) -> Response:
        db = database(request)
        limiter = state.limiter(db.id)
        switches = state.switches_of(db.id)
        if request.method in ("PUT", "POST"):
            spec = await _body(request)
            current = limiter.limits
            limiter.limits = Limits(int(spec.get("perSecond", current.per_second)),
                                    int(spec.get("inFlight", current.in_flight)),
                                    int(spec.get("status", current.status)), bool(spec.get("enabled", current.enabled)))
            if "status" in spec:  # the older spelling of the rateLimitForm switch
                switches.update({"rateLimitForm": "http429" if int(spec["status"]) == 429 else "http200"})
        status = 429 if switches["rateLimitForm"] == "http429" else 200
        return AccurateJSON({**limiter.limits.as_dict(), "status": status, "rejected": limiter.rejected,
                             "rejectedRate": limiter.rejected_rate, "rejectedInFlight": limiter.rejected_in_flight,
                             "busy": limiter.busy})

    async def switches(request: Request) -> Response:
        """GET or PUT the database's unconfirmed-behaviour switches (assumptions.SWITCHES)."""
        chosen = state.switches_of(database(request).id)
        if request.method in ("PUT", "POST"):
            chosen.update(await _body(request))
        return AccurateJSON(chosen.as_dict())

    async def latency(request: Request) -> Response:
        """GET or PUT the latency model (every database): enabled, lowMs, modeMs, highMs, arrivalJitterMs, seed."""
        if request.method in ("PUT", "POST"):
            state.latency = Latency.from_dict(await _body(request), state.latency)
        return AccurateJSON(state.latency.as_dict())

    async def move(request: Request) -> Response:
        """Move a database to the other data host (another origin); its old host then answers 308."""
        db = database(request)
        state.move(db.id)
        if state.switches_of(db.id)["movedSession"] == "reopen":
            state.tenants.expire_sessions_of(db.id)
        return AccurateJSON(credentials(state, db))

    async def invoices(request: Request) -> Response:
        return HTMLResponse(invoices_page(database(request)))

    async def apps(request: Request) -> Response:
        if request.method == "POST":
            spec = await _body(request)
            app = tenants.add_app(str(spec.get("name") or "Sandbox App"), spec.get("seed"))
            return AccurateJSON(vars(app), status_code=201)
        return AccurateJSON([vars(app) for app in tenants.apps.values()])

    async def tokens(request: Request) -> Response:
        db = database(request)
        spec = await _body(request)
        app = tenants.apps[int(spec.get("appId", 1))]
        token = tenants.issue_api_token(db.id, app, str(spec.get("user") or tenants.owners[db.id]),
                                        seed=spec.get("seed"))
        if spec.get("scopes") is not None:
            token.scopes = frozenset(spec["scopes"])
        return AccurateJSON({"apiToken": token.token, "appId": app.app_id, "signatureSecret": app.signature_secret},
                            status_code=201)

    async def expire(request: Request) -> Response:
        """Expire or revoke credentials: {"accessToken"}, {"session"}, {"apiToken"} (tests of renewal)."""
        spec = await _body(request)
        past = now_utc() - timedelta(seconds=1)
        if spec.get("accessToken") in tenants.grants:
            tenants.grants[spec["accessToken"]].expires_at = past
        if spec.get("session") in tenants.sessions:
            tenants.sessions[spec["session"]].expires_at = past
        if spec.get("allSessions"):
            for session in tenants.sessions.values():
                session.expires_at = past
        if spec.get("apiToken") in tenants.api_tokens:
            tenants.api_tokens[spec["apiToken"]].revoked = True
        return AccurateJSON({"s": True})

    base = "/_sandbox/databases/{db_id:int}"
    routes = [
        Route("/_sandbox/databases", databases, methods=["GET", "POST"]),
        Route(base, one, methods=["GET"]),
        Route(base + "/reset", reset, methods=["POST"]),
        Route(base + "/ledger", ledger, methods=["GET"]),
        Route(base + "/faults", faults, methods=["GET", "POST", "DELETE"]),
        Route(base + "/limits", limits, methods=["GET", "PUT", "POST"]),
        Route(base + "/invoices", invoices, methods=["GET"]),
        Route(base + "/move", move, methods=["POST"]),
        Route(base + "/switches", switches, methods=["GET", "PUT", "POST"]),
        Route("/_sandbox/latency", latency, methods=["GET", "PUT", "POST"]),
        Route(base + "/tokens", tokens, methods=["POST"]),
        Route("/_sandbox/apps", apps, methods=["GET", "POST"]),
        Route("/_sandbox/expire", expire, methods=["POST"]),
    ]
    return [Route(r.path, guarded(r.endpoint), methods=list(r.methods or [])) for r in routes]
