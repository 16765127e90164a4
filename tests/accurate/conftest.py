"""Fixtures for the Accurate client tests.

- ``fake`` / ``client``: the client against :class:`jembatan.accurate.testing.FakeAccurate`
  (``httpx.MockTransport``), with a retry policy that records its sleeps instead of sleeping.
- ``sandbox``: the real Accurate sandbox as a subprocess on free ports (contract tests); see
  ``contract/conftest.py``.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import IO

import httpx
import pytest
from jembatan.accurate import AccurateClient, ApiTokenAuth, RequestBudget, RetryPolicy
from jembatan.accurate.testing import FAKE_ACCOUNT_URL, FakeAccurate
from jembatan.accurate.transport import forget_moves

TOKEN = "aat.TESTAPPKEY.eyJkIjo0MiwiYWsiOiJrIn0.sig"
SECRET = "31d49b3dc632614495ff8071e5be44a1"


@pytest.fixture(autouse=True)
def _no_remembered_moves() -> Iterator[None]:
    """Moves are remembered per process; each test starts without any."""
    forget_moves()
    yield
    forget_moves()


@pytest.fixture
def fake() -> FakeAccurate:
    return FakeAccurate()


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def policy(sleeps: list[float]) -> RetryPolicy:
    async def record(seconds: float) -> None:
        sleeps.append(seconds)

    return RetryPolicy(max_attempts=4, base_delay=0.1, max_delay=1.0, sleep=record)


@pytest.fixture
def api_token_auth() -> ApiTokenAuth:
    return ApiTokenAuth(TOKEN, SECRET)


@pytest.fixture
async def client(
    fake: FakeAccurate, policy: RetryPolicy, api_token_auth: ApiTokenAuth
) -> AsyncIterator[AccurateClient]:
    async with AccurateClient(
        api_token_auth,
        FAKE_ACCOUNT_URL,
        budget=RequestBudget(100, 100),
        retry=policy,
        http_transport=httpx.MockTransport(fake),
    ) as accurate:
        yield accurate


# --- the real sandbox (contract tests) ------------------------------------------------------------

SANDBOX_MODULE = "jembatan.sandbox.accurate"
SANDBOX_READY_SECONDS = 30.0


@dataclass(frozen=True)
class SandboxProcess:
    """A running sandbox: its two base URLs (admin endpoints live under ``/_sandbox`` on the account host)."""

    account_url: str
    data_url: str
    process: subprocess.Popen[str]
    moved_data_url: str = ""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_ready(stream: IO[str], process: subprocess.Popen[str]) -> dict[str, str]:
    deadline = time.monotonic() + SANDBOX_READY_SECONDS
    while time.monotonic() < deadline:
        line = stream.readline()
        if not line:
            if process.poll() is not None:
                break
            continue
        with contextlib.suppress(ValueError):
            event = json.loads(line)
            if isinstance(event, dict) and event.get("event") == "ready":
                return event
    raise RuntimeError("the Accurate sandbox did not report ready")


def _stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def sandbox() -> Iterator[SandboxProcess]:
    """Start ``python -m jembatan.sandbox.accurate`` on free ports; stop it (and its children) at the end."""
    if importlib.util.find_spec(f"{SANDBOX_MODULE}.__main__") is None:
        pytest.skip("Accurate sandbox has no CLI yet (jembatan.sandbox.accurate.__main__ missing)")
    command = [
        sys.executable,
        "-m",
        SANDBOX_MODULE,
        "--account-port",
        str(_free_port()),
        "--data-port",
        str(_free_port()),
        "--latency",
        "off",
    ]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True
    )
    try:
        assert process.stdout is not None
        ready = _wait_ready(process.stdout, process)
        # Keep reading its output so a chatty sandbox never blocks on a full pipe.
        threading.Thread(target=lambda: [None for _ in process.stdout or ()], daemon=True).start()
        yield SandboxProcess(
            ready["account_url"].rstrip("/"),
            ready["data_url"].rstrip("/"),
            process,
            str(ready.get("moved_data_url") or "").rstrip("/"),
        )
    finally:
        _stop(process)
