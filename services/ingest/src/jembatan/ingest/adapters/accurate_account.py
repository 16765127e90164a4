"""Ingest's calls to Accurate when a tenant's connection is saved: check an API token, the OAuth
authorization-code exchange and refresh, the merchant's database list, opening the chosen database.

Every refusal is `AccurateRefused` carrying Accurate's own words (never a token or secret).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import httpx
from jembatan.accurate import (
    AccurateClient,
    AccurateError,
    ApiTokenAuth,
    Auth,
    FailureKind,
    OAuthAuth,
    RetryPolicy,
)
from jembatan.accurate.budget import KEPT_FREE, RequestBudget, shared_budget

CHECK_RETRY = RetryPolicy(max_attempts=2, base_delay=0.2, max_delay=1.0)  # the merchant is waiting


class AccurateRefused(Exception):
    """Accurate said no (or could not be reached); `reachable` is False for the latter."""

    def __init__(self, words: str, *, reachable: bool = True) -> None:
        super().__init__(words)
        self.words, self.reachable = words, reachable


@dataclass(frozen=True)
class OAuthTokens:
    access_token: str
    refresh_token: str | None
    expires_at: datetime | None


@dataclass(frozen=True)
class Opened:
    database_id: str | None
    alias: str | None
    host: str | None


def authorize_url(account_url: str, client_id: str, redirect_uri: str, scope: str, state: str) -> str:
    """Where the merchant's browser goes to grant Jembatan access (reference: OAuth step 1)."""
    query = {"client_id": client_id, "response_type": "code", "redirect_uri": redirect_uri,
             "scope": scope, "state": state}  # fmt: skip
    return f"{account_url.rstrip('/')}/oauth/authorize?{urlencode(query)}"


def _share(budget_key: str) -> RequestBudget:
    """The check's calls stay within what the poster keeps free of the database's budget, so they
    are never refused while the tenant's documents are being sent (docs/posting-sender.md)."""
    return shared_budget(budget_key, KEPT_FREE, KEPT_FREE)


async def _reach(auth: Auth, account_url: str, seconds: float) -> str:
    """Connect with `auth` and read one account: host, credentials and database all work; the host."""
    async with AccurateClient(
        auth, account_url, _share(auth.budget_key), timeout=seconds, retry=CHECK_RETRY
    ) as client:
        try:
            host = await client.connect()
            await client.list("glaccount", ["no"], None, 1, 1)
        except AccurateError as error:
            raise _refused(error) from None
    return host


async def check_api_token(account_url: str, token: str, secret: str, seconds: float) -> Opened:
    """Reach the token's database and read one account: host, credentials and database all work."""
    auth = ApiTokenAuth(token, secret)
    host = await _reach(auth, account_url, seconds)
    return Opened(auth.database_id, auth.database_alias, host)


async def open_database(account_url: str, tokens: OAuthTokens, database_id: str, seconds: float) -> Opened:
    """Open the chosen database with the granted tokens (`open-db.do`) and read one account."""
    auth = OAuthAuth(tokens.access_token, None, "", "", database_id)  # never refreshes here
    host = await _reach(auth, account_url, seconds)
    return Opened(database_id, None, host)


async def exchange_code(
    http: httpx.AsyncClient, account_url: str, client: tuple[str, str], code: str, redirect_uri: str
) -> OAuthTokens:
    """`POST /oauth/token` with `grant_type=authorization_code` (reference: OAuth step 2)."""
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
    return await _token(http, account_url, client, form)


async def refresh_tokens(
    http: httpx.AsyncClient, account_url: str, client: tuple[str, str], refresh_token: str
) -> OAuthTokens:
    """`POST /oauth/token` with `grant_type=refresh_token`; Accurate may rotate the refresh token."""
    tokens = await _token(
        http, account_url, client, {"grant_type": "refresh_token", "refresh_token": refresh_token}
    )
    return (
        tokens if tokens.refresh_token else OAuthTokens(tokens.access_token, refresh_token, tokens.expires_at)
    )


async def list_databases(
    http: httpx.AsyncClient, account_url: str, access_token: str
) -> list[dict[str, Any]]:
    """The databases the granting user may open (`db-list.do`): id and alias of each."""
    reply = await _send(http, "GET", f"{account_url.rstrip('/')}/api/db-list.do",
                        headers={"Authorization": f"Bearer {access_token}"})  # fmt: skip
    body = _json(reply)
    if reply.status_code != 200 or not body.get("s"):
        raise AccurateRefused(f"Accurate refused the database list: {_words(body, reply)}")
    return [{"id": str(d.get("id")), "alias": str(d.get("alias") or d.get("id"))}
            for d in body.get("d") or [] if isinstance(d, dict) and d.get("id") is not None]  # fmt: skip


async def _token(
    http: httpx.AsyncClient, account_url: str, client: tuple[str, str], form: dict[str, str]
) -> OAuthTokens:
    basic = base64.b64encode(f"{client[0]}:{client[1]}".encode()).decode("ascii")
    reply = await _send(http, "POST", f"{account_url.rstrip('/')}/oauth/token", data=form,
                        headers={"Authorization": f"Basic {basic}"})  # fmt: skip
    body = _json(reply)
    access = body.get("access_token")
    if reply.status_code != 200 or not isinstance(access, str) or not access:
        raise AccurateRefused(f"Accurate refused the authorization: {_words(body, reply)}")
    expires_in = body.get("expires_in")
    expires_at = (datetime.now(UTC) + timedelta(seconds=int(expires_in))
                  if isinstance(expires_in, int | float) else None)  # fmt: skip
    refresh = body.get("refresh_token")
    return OAuthTokens(access, refresh if isinstance(refresh, str) and refresh else None, expires_at)


async def _send(http: httpx.AsyncClient, method: str, url: str, **kwargs: Any) -> httpx.Response:
    try:
        return await http.request(method, url, **kwargs)
    except httpx.HTTPError as error:
        raise AccurateRefused(f"Accurate could not be reached at {url.split('?')[0]} ({type(error).__name__})",
                              reachable=False) from None  # fmt: skip


def _json(reply: httpx.Response) -> dict[str, Any]:
    try:
        body = reply.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _words(body: dict[str, Any], reply: httpx.Response) -> str:
    for key in ("error_description", "error", "d"):
        value = body.get(key)
        if isinstance(value, list) and value:
            return "; ".join(str(v) for v in value)
        if isinstance(value, str) and value:
            return value
    return f"HTTP {reply.status_code}"


def _refused(error: AccurateError) -> AccurateRefused:
    words = "; ".join(error.messages) or error.kind.value
    if error.kind in (FailureKind.NETWORK, FailureKind.SERVER, FailureKind.RATE):
        return AccurateRefused(f"Accurate could not be reached or failed ({words})", reachable=False)
    return AccurateRefused(f"Accurate refused the connection: {words}")
