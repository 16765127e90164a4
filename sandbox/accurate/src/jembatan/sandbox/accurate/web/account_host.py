"""The account host: OAuth, database list, database sessions and API-token host discovery."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..assumptions import SESSION_TTL_SECONDS
from ..domain.dates import format_date, now_utc
from ..store.database import Database
from ..store.tenants import DbSession
from . import oauth
from .admin import admin_routes
from .auth import AuthFailure, Principal, authenticate
from .jsonio import AccurateJSON
from .state import SandboxState

NOT_FOUND = {"s": False, "d": ["URL API tidak tepat"]}


def _db_summary(db: Database) -> dict[str, Any]:
    return {"id": db.id, "alias": db.alias, "trial": False, "expired": False, "admin": True,
            "licenseEnd": "31/12/2099", "accessibleUntil": "31/12/2099"}


def build_account_app(state: SandboxState) -> Starlette:
    tenants = state.tenants

    def principal(request: Request) -> Principal:
        return authenticate(tenants, request.headers, need_session=False)

    def visible(who: Principal) -> list[Database]:
        if who.kind == "api":
            return [who.database] if who.database else []
        return tenants.databases_of(who.user)

    def open_session(who: Principal, db: Database) -> DbSession:
        ttl = state.session_ttl_seconds or SESSION_TTL_SECONDS
        session = DbSession(secrets.token_hex(16), db.id, who.token, now_utc() + timedelta(seconds=ttl))
        tenants.sessions[session.session] = session
        return session

    def session_reply(db: Database, session: DbSession) -> dict[str, Any]:
        return {"s": True, "d": ["Proses Berhasil Dilakukan"], "session": session.session, "host": state.host_of(db.id),
                "dataVersion": 1, "licenseEnd": "31/12/2099", "admin": True, "accessibleUntil": "31/12/2099",
                "trial": False, "id": db.id, "alias": db.alias}

    def find_db(who: Principal, raw: str | None) -> Database | None:
        try:
            db_id = int(raw or "")
        except ValueError:
            return None
        return next((db for db in visible(who) if db.id == db_id), None)

    async def api(request: Request) -> Response:
        name = request.path_params["name"]
        handler = HANDLERS.get(name)
        if handler is None:
            return AccurateJSON(NOT_FOUND, status_code=404)
        try:
            who = principal(request)
        except AuthFailure as failure:
            return AccurateJSON(failure.body, status_code=failure.status)
        body = handler(who, request)
        # §2.2 [OBSERVED]: db-detail.do with an unknown id answers HTTP 500 "Data Usaha tidak tepat".
        status = 500 if name == "db-detail" and not body.get("s") else 200
        return AccurateJSON(body, status_code=status)

    def db_list(who: Principal, request: Request) -> dict[str, Any]:
        return {"s": True, "d": [_db_summary(db) for db in visible(who)]}

    def open_db(who: Principal, request: Request) -> dict[str, Any]:
        if who.kind == "api":
            return {"s": False, "d": ["API Token sudah mencakup sesi database, open-db.do tidak perlu dipanggil"]}
        db = find_db(who, request.query_params.get("id"))
        if db is None:
            return {"s": False, "d": ["Data Usaha tidak tepat"]}
        return session_reply(db, open_session(who, db))

    def check_session(who: Principal, request: Request) -> dict[str, Any]:
        session = tenants.sessions.get(request.query_params.get("session", ""))
        return {"s": True, "d": bool(session and session.expires_at > now_utc())}

    def refresh_session(who: Principal, request: Request) -> dict[str, Any]:
        db = find_db(who, request.query_params.get("id"))
        if db is None:
            return {"s": False, "d": ["Data Usaha tidak tepat"]}
        session = tenants.sessions.get(request.query_params.get("session", ""))
        if session is None or session.expires_at <= now_utc() or session.database_id != db.id:
            session = open_session(who, db)
        return session_reply(db, session)

    def api_token(who: Principal, request: Request) -> dict[str, Any]:
        if who.kind != "api" or who.database is None:
            return {"s": False, "d": ["Invalid or Revoked API Token"]}
        db = who.database
        return {"s": True, "d": {
            "database": {"host": state.host_of(db.id), "id": db.id, "alias": db.alias, "licenseEnd": "31/12/2099"},
            "user": {"email": who.user, "name": who.user.split("@")[0]},
            "application": {"name": who.app.name, "appKey": who.app.app_key},
            "tokenType": "api"}}

    def approved_scope(who: Principal, request: Request) -> dict[str, Any]:
        return {"s": True, "d": sorted(who.scopes) if who.scopes is not None else oauth.all_scopes()}

    def db_detail(who: Principal, request: Request) -> dict[str, Any]:
        db = find_db(who, request.query_params.get("id"))
        if db is None:
            return {"s": False, "d": ["Data Usaha tidak tepat"]}
        return {"s": True, "d": {**_db_summary(db), "startDate": format_date(db.start_date)}}

    def userinfo(who: Principal, request: Request) -> dict[str, Any]:
        return {"s": True, "d": {"email": who.user, "name": who.user.split("@")[0]}}

    HANDLERS = {
        "db-list": db_list, "open-db": open_db, "db-check-session": check_session,
        "db-refresh-session": refresh_session, "api-token": api_token, "approved-scope": approved_scope,
        "db-detail": db_detail, "userinfo": userinfo, "auth-info": userinfo,
    }

    async def authorize(request: Request) -> Response:
        return await oauth.authorize(state, request)

    async def token(request: Request) -> Response:
        return await oauth.token(state, request)

    async def unknown(request: Request) -> Response:
        return AccurateJSON(NOT_FOUND, status_code=404)

    routes = [
        Route("/oauth/authorize", authorize, methods=["GET", "POST"]),
        Route("/oauth/token", token, methods=["POST"]),
        Route("/api/{name}.do", api, methods=["GET", "POST"]),
        *admin_routes(state),
        Route("/{path:path}", unknown, methods=["GET", "POST", "DELETE", "PUT"]),
    ]
    return Starlette(routes=routes)
