"""The services' admin APIs as the CLI calls them: synchronous, one bearer token, refusals in words."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx

from .refusal import Unreachable, refusal_from

SERVICES = ("ingest", "mapper", "poster", "scheduler")
DEFAULT_URLS = {
    "ingest": "http://127.0.0.1:8101",
    "mapper": "http://127.0.0.1:8102",
    "poster": "http://127.0.0.1:8103",
    "scheduler": "http://127.0.0.1:8104",
}


@dataclass
class Admin:
    """Where the services are and the token to show them; `transport` lets tests call ASGI apps."""

    token: str
    urls: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_URLS))
    timeout: float = 60.0
    transport: httpx.BaseTransport | None = None

    def _client(self, service: str) -> httpx.Client:
        return httpx.Client(
            base_url=self.urls[service],
            headers={"Authorization": f"Bearer {self.token}"},
            timeout=self.timeout,
            transport=self.transport,
        )

    def call(self, service: str, method: str, path: str, **kwargs: Any) -> Any:
        """The decoded JSON answer (None when empty); raises `Refusal` or `Unreachable`."""
        try:
            with self._client(service) as client:
                reply = client.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise Unreachable(service, self.urls[service], _why(exc)) from None
        if reply.status_code >= 400:
            raise refusal_from(service, reply.status_code, reply.text)
        return reply.json() if reply.content else None

    def stream_lines(self, service: str, path: str) -> Iterator[dict[str, Any]]:
        """POST `path` and yield each NDJSON line of the answer as it arrives."""
        try:
            with self._client(service) as client, client.stream("POST", path, timeout=None) as reply:
                if reply.status_code >= 400:
                    raise refusal_from(service, reply.status_code, reply.read().decode())
                for line in reply.iter_lines():
                    if line.strip():
                        yield json.loads(line)
        except httpx.HTTPError as exc:
            raise Unreachable(service, self.urls[service], _why(exc)) from None


def _why(exc: httpx.HTTPError) -> str:
    if isinstance(exc, httpx.ConnectError):
        return "nothing answers there"
    if isinstance(exc, httpx.TimeoutException):
        return "no answer in time"
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return "not a valid http(s) URL"
    return type(exc).__name__
