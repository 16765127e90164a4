"""A bound on the HTTP requests one process works on at once; beyond it a clear 503, at once.

Pure ASGI (no body buffering): a refused request costs a few hundred bytes, so a flood cannot
make the process hold more than `limit` requests' worth of memory. `/healthz` and `/metrics`
stay reachable, so an overloaded service is still observable.
"""

from __future__ import annotations

import json

from prometheus_client import Counter
from starlette.types import ASGIApp, Receive, Scope, Send

REFUSED_BUSY = Counter(
    "jembatan_http_refused_busy_total", "HTTP requests refused with 503: too many in flight", ["service"]
)
EXEMPT_PATHS = frozenset({"/healthz", "/metrics"})
RETRY_AFTER_SECONDS = 1


class InFlightLimit:
    def __init__(self, app: ASGIApp, *, limit: int, service: str) -> None:
        if limit < 1:
            raise ValueError("the in-flight limit must be at least 1")
        self.app = app
        self.limit = limit
        self.service = service
        self.in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") in EXEMPT_PATHS:
            await self.app(scope, receive, send)
            return
        if self.in_flight >= self.limit:
            REFUSED_BUSY.labels(self.service).inc()
            await _busy(send, self.limit)
            return
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1


async def _busy(send: Send, limit: int) -> None:
    body = json.dumps({"detail": f"busy: {limit} requests in flight, retry shortly"}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 503,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"retry-after", str(RETRY_AFTER_SECONDS).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
