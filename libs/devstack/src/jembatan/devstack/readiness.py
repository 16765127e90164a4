"""Waiting for children to become ready: a `/readyz` that answers 200 (database and broker reachable;
`/healthz` for children that have no `/readyz`), or a `ready` log line."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import httpx

from .processes import ChildExited, ChildProcess


async def wait_healthy(child: ChildProcess, base_url: str, *, within: float = 60.0) -> None:
    """Poll `GET {base_url}/readyz` until 200 (or `/healthz`, when the child answers 404 to `/readyz`);
    fail fast with the log tail if the child exits, and say why it is not ready on timeout."""
    deadline = time.monotonic() + within
    last = "no answer yet"
    path = "/readyz"
    async with httpx.AsyncClient(timeout=5.0) as client:
        while True:
            if not child.alive():
                raise ChildExited(child)
            try:
                response = await client.get(f"{base_url}{path}")
                if response.status_code == 404 and path == "/readyz":
                    path = "/healthz"  # a sandbox or a fake: alive is all it can say
                    continue
                if response.status_code == 200:
                    return
                last = f"HTTP {response.status_code}: {response.text[:300]}"
            except httpx.HTTPError as error:
                last = f"{type(error).__name__}: {error}"
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"{child.name} not ready at {base_url}{path} after {within:.0f}s ({last})\n"
                    f"--- {child.log_path} ---\n{child.log_tail()}"
                )
            await asyncio.sleep(0.1)


async def wait_ready_line(child: ChildProcess, *, within: float = 60.0) -> dict[str, Any]:
    """The first JSON line `{"event": "ready", ...}` the child writes to stdout."""
    deadline = time.monotonic() + within
    while True:
        ready = find_ready_line(child.log_text())
        if ready is not None:
            return ready
        if not child.alive():
            raise ChildExited(child)
        if time.monotonic() > deadline:
            raise TimeoutError(
                f"{child.name} printed no ready line after {within:.0f}s\n"
                f"--- {child.log_path} ---\n{child.log_tail()}"
            )
        await asyncio.sleep(0.05)


def find_ready_line(text: str) -> dict[str, Any] | None:
    """Parse the first `{"event": "ready"}` JSON object among `text`'s lines, if any."""
    for line in text.splitlines():
        line = line.strip()
        if not (line.startswith("{") and '"ready"' in line):
            continue
        try:
            parsed = json.loads(line)
        except ValueError:
            continue
        if isinstance(parsed, dict) and parsed.get("event") == "ready":
            return parsed
    return None
