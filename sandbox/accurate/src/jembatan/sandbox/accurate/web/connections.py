"""Cutting a client's connection on purpose (drop / commit-then-drop faults).

uvicorn does not give an ASGI app its socket, so the data host runs with an h11 protocol that
remembers each connection's transport by peer address; aborting it makes the client see a
network error with no HTTP reply at all.
"""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from uvicorn.protocols.http.h11_impl import H11Protocol

_TRANSPORTS: dict[tuple[str, int], asyncio.Transport] = {}


class TrackedH11Protocol(H11Protocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if self.client:
            _TRANSPORTS[(str(self.client[0]), int(self.client[1]))] = transport

    def connection_lost(self, exc: Exception | None) -> None:
        if self.client:
            _TRANSPORTS.pop((str(self.client[0]), int(self.client[1])), None)
        super().connection_lost(exc)


class _Dropped(Response):
    """Sends nothing: the transport is already gone."""

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        return None


async def cut_connection(request: Request) -> Response:
    client = request.scope.get("client")
    transport = _TRANSPORTS.get((str(client[0]), int(client[1]))) if client else None
    if transport is not None:
        transport.abort()
        await asyncio.sleep(0)
    return _Dropped()
