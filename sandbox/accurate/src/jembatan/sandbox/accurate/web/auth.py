"""Who is calling: API token (+ timestamp + signature) or OAuth bearer (+ X-Session-ID on data calls)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..assumptions import TIMESTAMP_SKEW_SECONDS
from ..domain.dates import now_utc
from ..store.database import Database
from ..store.tenants import App, Tenants
from .signature import parse_api_timestamp, signature_matches


@dataclass(frozen=True)
class Principal:
    kind: str  # "api" or "oauth"
    token: str
    user: str
    app: App
    scopes: frozenset[str] | None  # None: every scope
    database: Database | None = None
    session: str | None = None  # the OAuth X-Session-ID the call used


class AuthFailure(Exception):
    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(str(body))
        self.status = status
        self.body = body


def header_error(message: str) -> AuthFailure:
    return AuthFailure(401, {"s": False, "d": [message]})


def invalid_token(description: str = "Invalid or Revoked API Token") -> AuthFailure:
    return AuthFailure(401, {"error": "invalid_token", "error_description": description})


SESSION_INVALID = AuthFailure(401, {"s": False, "d": ["Data Session Key tidak tepat"]})


def bearer(headers: Any) -> str:
    value = headers.get("authorization", "")
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthFailure(401, {"error": "unauthorized", "error_description": "Unauthorized"})
    return token.strip()


def authenticate(tenants: Tenants, headers: Any, *, need_session: bool,
                 now: datetime | None = None) -> Principal:
    """Resolve the caller; ``need_session`` is true on the data host for OAuth callers."""
    token = bearer(headers)
    now = now or now_utc()
    if token.startswith("aat."):
        return _api_token(tenants, token, headers, now)
    grant = tenants.grants.get(token)
    if grant is None or grant.revoked or grant.expires_at <= now:
        raise AuthFailure(401, {"error": "invalid_token"})
    app = tenants.apps[grant.app_id]
    database = None
    if need_session:
        session_id = headers.get("x-session-id", "").strip()
        session = tenants.sessions.get(session_id)
        owner = tenants.owners.get(session.database_id) if session else None
        if session is None or session.expires_at <= now or owner != grant.user:
            raise SESSION_INVALID
        database = tenants.databases.get(session.database_id)
        if database is None:
            raise SESSION_INVALID
    return Principal("oauth", token, grant.user, app, grant.scopes, database,
                     headers.get("x-session-id", "").strip() if need_session else None)


def _api_token(tenants: Tenants, token: str, headers: Any, now: datetime) -> Principal:
    record = tenants.api_tokens.get(token)
    if record is None or record.revoked or record.database_id not in tenants.databases:
        raise invalid_token()
    timestamp = headers.get("x-api-timestamp")
    if not timestamp:
        raise header_error("Header X-Api-Timestamp is required")
    signature = headers.get("x-api-signature")
    if not signature:
        raise header_error("Header X-Api-Signature is required")
    moment = parse_api_timestamp(timestamp)
    if moment is None:
        raise header_error("Header X-Api-Timestamp invalid")
    app = tenants.apps[record.app_id]
    if not signature_matches(app.signature_secret, timestamp, signature):
        if any(signature_matches(other.signature_secret, timestamp, signature) for other in tenants.apps.values()):
            raise header_error(f"Header X-Api-Signature invalid: Require Application '{app.name}' signature")
        raise header_error("Header X-Api-Signature invalid")
    if abs((now - moment).total_seconds()) > TIMESTAMP_SKEW_SECONDS:
        raise header_error(
            f"Header X-Api Timestamp difference more than {TIMESTAMP_SKEW_SECONDS} seconds from server time")
    return Principal("api", token, record.user, app, record.scopes, tenants.databases[record.database_id])


def has_scope(principal: Principal, scope: str) -> bool:
    return principal.scopes is None or scope in principal.scopes
