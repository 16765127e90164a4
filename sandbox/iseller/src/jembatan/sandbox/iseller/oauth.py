"""iSeller-style OAuth 2.0 for the simulator: authorization code, client credentials and refresh
tokens, with the 14-day lifetime and `resource_url` of the real service. In memory."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

LIFETIME = timedelta(seconds=1209599)


class OAuthError(Exception):
    def __init__(self, error: str, description: str) -> None:
        super().__init__(description)
        self.error, self.description = error, description


@dataclass
class TokenStore:
    client_id: str
    client_secret: str
    lifetime: timedelta = LIFETIME
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    codes: set[str] = field(default_factory=set)
    access: dict[str, datetime] = field(default_factory=dict)  # token -> expiry
    refresh: set[str] = field(default_factory=set)

    def authorize(self, client_id: str) -> str:
        """A one-time code, as if the merchant had granted the app access."""
        if client_id != self.client_id:
            raise OAuthError("invalid_client", "unknown client_id")
        code = secrets.token_urlsafe(16)
        self.codes.add(code)
        return code

    def grant(self, params: dict[str, Any], resource_url: str) -> dict[str, Any]:
        """POST /oauth/token."""
        if params.get("client_id") != self.client_id or params.get("client_secret") != self.client_secret:
            raise OAuthError("invalid_client", "client_id or client_secret is wrong")
        grant_type = params.get("grant_type")
        if grant_type == "authorization_code":
            code = str(params.get("code") or "")
            if code not in self.codes:
                raise OAuthError("invalid_grant", "unknown or used authorization code")
            self.codes.discard(code)
        elif grant_type == "refresh_token":
            token = str(params.get("refresh_token") or "")
            if token not in self.refresh:
                raise OAuthError("invalid_grant", "unknown refresh token")
            self.refresh.discard(token)  # rotated
        elif grant_type != "client_credentials":
            raise OAuthError("unsupported_grant_type", f"grant_type {grant_type!r} is not supported")
        access, refresh = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        self.access[access] = self.clock() + self.lifetime
        self.refresh.add(refresh)
        return {
            "access_token": access,
            "token_type": "bearer",
            "expires_in": int(self.lifetime.total_seconds()),
            "refresh_token": refresh,
            "resource_url": resource_url,
        }

    def valid(self, authorization: str | None) -> bool:
        if not authorization or not authorization.lower().startswith("bearer "):
            return False
        expiry = self.access.get(authorization[7:].strip())
        return expiry is not None and self.clock() < expiry
