"""Waiting for children to become ready: a `/healthz` that answers 200, or a `ready` log line."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import httpx

from .processes import ChildExited, ChildProcess


async def wait_healthy(child: ChildProcess, base_url: str, *, within: float = 60.0) -> None:
    """Poll `GET {base_url}/healthz` until 200; fail fast with the log tail if the child exits."""
    deadline = time.monotonic() + within
    last = "no answer yet"
    async with httpx.AsyncClient(timeout=2.0) as client:
        while True:
            if not child.alive():
                raise ChildExited(child)
            try:
                response = await client.get(f"{base_url}/healthz")
                if response.status_code == 200:
                    return
                last = f"HTTP {response.status_code}: {response.text[:200]}"
            except httpx.HTTPError as error:
                last = f"{type(error).__name__}: {error}"
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"{child.name} not healthy at {base_url}/healthz after {within:.0f}s ({last})\n"
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
