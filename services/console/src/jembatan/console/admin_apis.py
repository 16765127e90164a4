"""The services' admin APIs as the console calls them: over HTTP, with the operator's own token.

The console holds no token of its own; every call carries the bearer token the operator signed in
with, so a service refuses the console exactly as it would refuse that operator. A refusal becomes
a `Refusal` (the service's message in words), a wrong URL or a stopped service `Unreachable`.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
from jembatan.cli.refusal import Refusal, Unreachable, refusal_from

__all__ = ["AdminApis", "Refusal", "Unreachable"]


class AdminApis:
    """One shared HTTP client for the four services; `token` is given per call."""

    def __init__(self, urls: dict[str, str], timeout: float, transport: httpx.AsyncBaseTransport | None = None):
        self.urls = urls
        self._http = httpx.AsyncClient(timeout=timeout, transport=transport)

    async def close(self) -> None:
        await self._http.aclose()

    def _request(self, service: str, method: str, path: str, token: str, **kwargs: Any) -> httpx.Request:
        return self._http.build_request(
            method, f"{self.urls[service]}{path}", headers={"Authorization": f"Bearer {token}"}, **kwargs
        )

    async def call(self, service: str, method: str, path: str, token: str, **kwargs: Any) -> Any:
        """The decoded JSON answer (None when empty); raises `Refusal` or `Unreachable`."""
        try:
            reply = await self._http.send(self._request(service, method, path, token, **kwargs))
        except httpx.HTTPError as exc:
            raise Unreachable(service, self.urls[service], type(exc).__name__) from None
        if reply.status_code >= 400:
            raise refusal_from(service, reply.status_code, reply.text)
        return reply.json() if reply.content else None

    async def stream_lines(self, service: str, path: str, token: str) -> AsyncIterator[dict[str, Any]]:
        """POST `path` and yield each NDJSON line of the answer as it arrives."""
        request = self._request(service, "POST", path, token)
        try:
            reply = await self._http.send(request, stream=True)
        except httpx.HTTPError as exc:
            raise Unreachable(service, self.urls[service], type(exc).__name__) from None
        try:
            if reply.status_code >= 400:
                raise refusal_from(service, reply.status_code, (await reply.aread()).decode())
            async for line in reply.aiter_lines():
                if line.strip():
                    yield json.loads(line)
        finally:
            await reply.aclose()
