"""A scriptable in-process fake of Accurate's two hosts, for unit tests of code that uses the client.

Wire it in with ``AccurateClient(auth, FAKE_ACCOUNT_URL, http_transport=httpx.MockTransport(fake))``.
It knows only what a test tells it (``fake.on("POST /accurate/api/item/save.do", handler)``); the
behaviour-rich emulator is the Accurate sandbox (``jembatan.sandbox.accurate``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

FAKE_ACCOUNT_URL = "https://account.accurate.id"
FAKE_DATA_URL = "https://zeus.accurate.id"
FAKE_DATABASE_ID = 42

Handler = Callable[[httpx.Request], httpx.Response]


def reply(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> httpx.Response:
    """A JSON response."""
    return httpx.Response(status, content=json.dumps(body).encode(), headers=headers or {})


def ok(data: Any = None, **extra: Any) -> httpx.Response:
    """``{"s": true, "d": data, ...}``."""
    return reply({"s": True, "d": data, **extra})


def fail(*messages: str, status: int = 200) -> httpx.Response:
    """``{"s": false, "d": [messages]}``."""
    return reply({"s": False, "d": list(messages)}, status)


@dataclass
class FakeAccurate:
    """Routes requests by ``"METHOD /path"``; unmatched paths answer 404 "URL API tidak tepat".

    ``api-token.do`` and ``open-db.do`` are pre-wired to point at :data:`FAKE_DATA_URL`.
    """

    routes: dict[str, list[Handler]] = field(default_factory=dict)
    seen: list[httpx.Request] = field(default_factory=list)

    def __post_init__(self) -> None:
        database = {"host": FAKE_DATA_URL, "id": FAKE_DATABASE_ID, "alias": "PT Fake"}
        self.on("GET /api/api-token.do", lambda _: ok({"database": database}))
        self.on(
            "GET /api/open-db.do",
            lambda _: reply({"s": True, "d": ["ok"], "host": FAKE_DATA_URL, "session": "S1"}),
        )

    def on(self, key: str, *handlers: Handler) -> None:
        """Answer ``key`` with ``handlers`` in turn; the last one keeps answering."""
        self.routes[key] = list(handlers)

    def calls(self, key: str) -> list[httpx.Request]:
        """Requests received for ``"METHOD /path"``."""
        method, path = key.split(" ", 1)
        return [r for r in self.seen if r.method == method and r.url.path == path]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        handlers = self.routes.get(f"{request.method} {request.url.path}")
        if not handlers:
            return fail("URL API tidak tepat", status=404)
        handler = handlers.pop(0) if len(handlers) > 1 else handlers[0]
        return handler(request)
