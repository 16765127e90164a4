"""What a service's refusal says, in words — pure; shared by the `jembatan` CLI and the console.

The admin APIs answer FastAPI-style: `{"detail": "text"}`, `{"detail": {"message", "problems"}}`
(the mapper's refused mapping) or `{"detail": [{"loc", "msg"}, ...]}` (a request that did not
validate). A person sees the message and each problem, never the JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Refusal(Exception):
    """A service said no: its HTTP status, its message and the problems it listed."""

    service: str
    status: int
    message: str
    problems: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        lines = [f"{self.service} refused (HTTP {self.status}): {self.message}"]
        return "\n".join([*lines, *(f"  - {p}" for p in self.problems)])


@dataclass
class Unreachable(Exception):
    """Nothing answered at the service's URL (wrong URL, service down, timeout)."""

    service: str
    url: str
    why: str

    def __str__(self) -> str:
        return f"cannot reach the {self.service} service at {self.url} ({self.why})"


def _location(loc: list[Any]) -> str:
    return ".".join(str(p) for p in loc if p not in ("body", "query", "path"))


def refusal_from(service: str, status: int, text: str) -> Refusal:
    """The `Refusal` a response with `status` and body `text` means."""
    if status == 401:
        return Refusal(service, status, "the admin token was not accepted; check the token you signed in with")
    try:
        detail = json.loads(text).get("detail") if text else None
    except (ValueError, AttributeError):
        detail = None
    if isinstance(detail, str):
        return Refusal(service, status, detail)
    if isinstance(detail, dict):
        problems = [str(p) for p in detail.get("problems", [])]
        return Refusal(service, status, str(detail.get("message", "refused")), problems)
    if isinstance(detail, list):
        problems = [f"{_location(d.get('loc', []))}: {d.get('msg', '')}".lstrip(": ") for d in detail]
        return Refusal(service, status, "the request was not valid", problems)
    if status >= 500:
        return Refusal(service, status, f"the {service} service failed; its log says why")
    return Refusal(service, status, (text or "refused").strip()[:300])
