"""iSeller's pull API over httpx: OAuth as iSeller does it, the per-store resource URL, paging.

- Token: `POST {oauth_url}` form-encoded, `grant_type=refresh_token` (or `client_credentials`
  when no refresh token is held); the answer names the store's `resource_url`. The token is
  refreshed shortly before it expires and once more on a 401; rotated tokens are saved sealed.
- Calls: `POST {resource_url}/api/v2/...` with a JSON body; HTTP 200 with `status: false` is an
  error. Lists page with `page` / `page_size` until `has_next_item` is false.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
from jembatan.contracts.iseller import ApiResponse, TokenResponse
from jembatan.contracts.iseller.base import squash

from .credentials import Credentials

REFRESH_MARGIN = timedelta(minutes=5)
RETRIES = 4

SaveTokens = Callable[[Credentials], Awaitable[None]]


class IsellerApiError(Exception):
    """iSeller refused a call (HTTP error, `status: false`, or no usable token)."""


class IsellerApi:
    def __init__(
        self,
        creds: Credentials,
        http: httpx.AsyncClient,
        save: SaveTokens,
        *,
        page_size: int,
        first_page: int,
    ) -> None:
        self.creds = creds
        self.http = http
        self.save = save
        self.page_size = page_size
        self.first_page = first_page

    async def refresh(self) -> None:
        """Get a fresh access token (and the store's resource URL) and save them sealed."""
        c = self.creds
        form = {"client_id": c.client_id, "client_secret": c.client_secret}
        form |= (
            {"grant_type": "refresh_token", "refresh_token": c.refresh_token}
            if c.refresh_token
            else {"grant_type": "client_credentials"}
        )
        response = await self._send(lambda: self.http.post(c.oauth_url, data=form))
        if response.status_code != 200:
            raise IsellerApiError(f"token refresh refused: HTTP {response.status_code}{_said(response)}")
        token = TokenResponse.model_validate(response.json())
        c.access_token = token.access_token
        c.refresh_token = token.refresh_token or c.refresh_token
        c.resource_url = token.resource_url.rstrip("/")
        c.access_expires_at = datetime.now(UTC) + timedelta(seconds=token.expires_in)
        await self.save(c)

    async def call(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """One API call; the answer with Decimal amounts (never float)."""
        if self._token_due():
            await self.refresh()
        response = await self._post(path, body)
        if response.status_code == 401:  # expired or revoked early: refresh once
            await self.refresh()
            response = await self._post(path, body)
        if response.status_code != 200:
            raise IsellerApiError(f"{path}: HTTP {response.status_code}")
        data = json.loads(response.content, parse_float=Decimal)
        envelope = ApiResponse.model_validate(data)
        if not envelope.status:
            raise IsellerApiError(f"{path}: {envelope.error_message or 'status false'}")
        return dict(data)

    async def pages(self, path: str, body: dict[str, Any], items: str) -> AsyncIterator[list[dict[str, Any]]]:
        """Every page's `items` list (key matched case-insensitively) until `has_next_item` is false."""
        page = self.first_page
        while True:
            data = await self.call(path, {**body, "page": page, "page_size": self.page_size})
            yield list(_find(data, items) or [])
            if not ApiResponse.model_validate(data).has_next_item:
                return
            page += 1

    def _token_due(self) -> bool:
        expires = self.creds.access_expires_at
        return (
            not self.creds.access_token
            or not self.creds.resource_url
            or (expires is not None and expires - REFRESH_MARGIN <= datetime.now(UTC))
        )

    async def _post(self, path: str, body: dict[str, Any]) -> httpx.Response:
        url = f"{self.creds.resource_url}{path}"
        headers = {"Authorization": f"Bearer {self.creds.access_token}"}
        return await self._send(lambda: self.http.post(url, json=body, headers=headers))

    async def _send(self, send: Callable[[], Awaitable[httpx.Response]]) -> httpx.Response:
        """Retry dropped connections and 5xx / 429 with a short backoff."""
        for attempt in range(RETRIES):
            try:
                response = await send()
                if response.status_code < 500 and response.status_code != 429:
                    return response
                problem = f"HTTP {response.status_code}"
            except httpx.TransportError as exc:
                problem = f"{type(exc).__name__}: {exc}"
            await asyncio.sleep(0.2 * 2**attempt)
        raise IsellerApiError(f"iSeller unreachable after {RETRIES} attempts ({problem})")


def _find(data: dict[str, Any], key: str) -> Any:
    wanted = squash(key)
    return next((v for k, v in data.items() if isinstance(k, str) and squash(k) == wanted), None)


def _said(response: httpx.Response) -> str:
    """What iSeller said when it refused a token (its `error` / `error_description` / message), if anything."""
    try:
        body = response.json()
    except ValueError:
        return ""
    if not isinstance(body, dict):
        return ""
    words = [str(body[k]) for k in ("error", "error_description", "message", "error_message") if body.get(k)]
    return f" ({'; '.join(words)[:300]})" if words else ""


def item_bytes(item: dict[str, Any]) -> bytes:
    """One pulled item as raw JSON bytes for the inbox (amounts as exact decimal text)."""
    return json.dumps(item, default=str, separators=(",", ":")).encode()
