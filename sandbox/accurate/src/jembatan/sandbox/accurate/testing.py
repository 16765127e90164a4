"""Helpers for tests, the demo and benchmarks: start the sandbox process, sign calls, read its books.

    sandbox = start_sandbox("--seed-demo")
    api = SandboxApi(sandbox, create_database(sandbox, alias="PT Uji", branches=["Pusat"]))
    api.save("customer", {"customerNo": "C.1", "name": "Umum"})
    stop_sandbox(sandbox)
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Any

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class SandboxProcess:
    account_url: str
    data_url: str
    process: subprocess.Popen[str]
    moved_data_url: str = ""  # the second data host (another origin) moved databases are served from


def start_sandbox(*extra: str) -> SandboxProcess:
    """Start ``python -m jembatan.sandbox.accurate`` on free ports and wait for its ready line.

    Latency is off unless ``extra`` asks for it (``"--latency", "100-500"``): tests stay fast.
    """
    account_port, data_port = free_port(), free_port()
    if not any(arg.startswith("--latency") and arg != "--latency-seed" for arg in extra):
        extra = ("--latency", "off", *extra)
    process = subprocess.Popen(
        [sys.executable, "-m", "jembatan.sandbox.accurate", "--account-port", str(account_port),
         "--data-port", str(data_port), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line:
        process.kill()
        process.wait()
        raise RuntimeError("sandbox exited before it was ready")
    ready = json.loads(line)
    return SandboxProcess(ready["account_url"], ready["data_url"], process, ready.get("moved_data_url") or "")


def stop_sandbox(sandbox: SandboxProcess) -> int:
    """SIGTERM, then SIGKILL after 10 s; returns the exit code."""
    sandbox.process.terminate()
    try:
        code = sandbox.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        sandbox.process.kill()
        code = sandbox.process.wait(timeout=5)
    if sandbox.process.stdout:
        sandbox.process.stdout.close()
    return code


def sign(secret: str, timestamp: str) -> str:
    """Base64 HMAC-SHA256 of the timestamp with the app's Signature Secret (§1.4)."""
    return base64.b64encode(hmac.new(secret.encode(), timestamp.encode(), hashlib.sha256).digest()).decode()


def create_database(sandbox: SandboxProcess, **spec: Any) -> dict[str, Any]:
    """POST /_sandbox/databases; returns the credentials (id, apiToken, signatureSecret, …)."""
    response = httpx.post(f"{sandbox.account_url}/_sandbox/databases", json=spec, timeout=30)
    response.raise_for_status()
    return dict(response.json())


class SandboxApi:
    """A bare API-token client for one database (no retries, no limiter: tests see raw behaviour)."""

    def __init__(self, sandbox: SandboxProcess, creds: dict[str, Any]) -> None:
        self.sandbox = sandbox
        self.creds = creds
        self.db_id = int(creds["id"])
        self.http = httpx.Client(timeout=30)

    def headers(self) -> dict[str, str]:
        timestamp = str(int(time.time() * 1000))
        return {"Authorization": f"Bearer {self.creds['apiToken']}", "X-Api-Timestamp": timestamp,
                "X-Api-Signature": sign(self.creds["signatureSecret"], timestamp)}

    def call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return self.http.request(method, f"{self.sandbox.data_url}/accurate/api/{path}", headers=self.headers(),
                                 **kwargs)

    def get(self, path: str, **params: Any) -> dict[str, Any]:
        response = self.call("GET", path, params=params)
        response.raise_for_status()
        return dict(response.json())

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = self.call("POST", path, json=body)
        response.raise_for_status()
        return dict(response.json())

    def save(self, module: str, body: dict[str, Any]) -> dict[str, Any]:
        """save.do that must succeed; returns ``r``."""
        reply = self.post(f"{module}/save.do", body)
        if not reply["s"]:
            raise AssertionError(f"{module}/save.do refused: {reply['d']}")
        return dict(reply["r"])

    def admin(self, method: str, suffix: str = "", body: Any = None) -> Any:
        response = self.http.request(method, f"{self.sandbox.account_url}/_sandbox/databases/{self.db_id}{suffix}",
                                     json=body)
        response.raise_for_status()
        return response.json() if "json" in response.headers.get("content-type", "") else response.text

    def books(self, journal: bool = False) -> dict[str, Any]:
        """Trial balance, stock, goods in transit and receivables (journal too if asked)."""
        return dict(self.admin("GET", f"/ledger?journal={'true' if journal else 'false'}"))

    def close(self) -> None:
        self.http.close()


async def send_timing_arrival(
    inner: httpx.AsyncBaseTransport, request: httpx.Request
) -> tuple[httpx.Response, float | None]:
    """Send through `inner` and read the whole reply; also the one-way delay in seconds from our
    first byte written to the sandbox's limiter admitting the call (its `X-Sandbox-Arrived` header,
    on the same monotonic clock), or None when the call did not reach the limiter."""
    sent = [time.monotonic()]
    client_trace = request.extensions.get("trace")

    async def trace(event: str, info: dict[str, Any]) -> None:
        if event.endswith("send_request_headers.started"):
            sent[0] = time.monotonic()
        if client_trace is not None:
            await client_trace(event, info)

    request.extensions["trace"] = trace
    response = await inner.handle_async_request(request)
    await response.aread()
    arrived = response.headers.get("x-sandbox-arrived")
    return response, (float(arrived) - sent[0]) if arrived else None
