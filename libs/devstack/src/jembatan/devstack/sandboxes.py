"""Start the Accurate Online sandbox and the iSeller simulator as children of the stack."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .ports import LOOPBACK, free_port
from .processes import ChildExited, ChildProcess, spawn
from .readiness import wait_ready_line

ArgvFactory = Callable[[dict[str, int]], Sequence[str]]


@dataclass
class AccurateSandbox:
    """The Accurate emulator: OAuth/account host and the per-database data host."""

    account_url: str
    data_url: str
    child: ChildProcess
    ready: dict[str, object] = field(default_factory=dict)  # the whole ready line


@dataclass
class ISellerSimulator:
    """The iSeller simulator serving the pull API for one store day."""

    url: str
    child: ChildProcess
    ready: dict[str, object] = field(default_factory=dict)  # the whole ready line (client_id, orders, ...)


# Per-call latency of the Accurate sandbox (ms, "LOW-MODE-HIGH" or "off"): realistic for the demo and
# benchmarks, small under pytest so end-to-end tests stay fast; JEMBATAN_ACCURATE_LATENCY overrides.
DEMO_LATENCY = "100-180-500"
TEST_LATENCY = "20-30-60"


def accurate_latency() -> str:
    """The latency the stack starts the Accurate sandbox with."""
    chosen = os.environ.get("JEMBATAN_ACCURATE_LATENCY")
    if chosen:
        return chosen
    return TEST_LATENCY if "PYTEST_CURRENT_TEST" in os.environ else DEMO_LATENCY


def accurate_argv(seed_demo: bool, latency: str | None = None) -> ArgvFactory:
    """`python -m jembatan.sandbox.accurate --account-port A --data-port D --latency L [--seed-demo]`."""

    def argv(ports: dict[str, int]) -> list[str]:
        args = [sys.executable, "-m", "jembatan.sandbox.accurate", "--host", LOOPBACK]
        args += ["--account-port", str(ports["account"]), "--data-port", str(ports["data"])]
        args += ["--latency", latency or accurate_latency()]
        return [*args, "--seed-demo"] if seed_demo else args

    return argv


def iseller_argv(seed: int, date: str) -> ArgvFactory:
    """`python -m jembatan.sandbox.iseller serve --port P --seed S --date YYYY-MM-DD`."""

    def argv(ports: dict[str, int]) -> list[str]:
        command = [sys.executable, "-m", "jembatan.sandbox.iseller", "serve", "--port", str(ports["api"])]
        return [*command, "--seed", str(seed), "--date", date]

    return argv


async def start_accurate(
    logs_dir: Path, *, env: dict[str, str], cwd: Path, argv: ArgvFactory, within: float = 60.0
) -> AccurateSandbox:
    """Start the sandbox and read its URLs from the ready line."""
    ready, child = await _start_with_ready_line(
        "accurate", ["account", "data"], argv, logs_dir, env, cwd, within
    )
    return AccurateSandbox(str(ready["account_url"]), str(ready["data_url"]), child, ready)


async def start_iseller(
    logs_dir: Path, *, env: dict[str, str], cwd: Path, argv: ArgvFactory, within: float = 60.0
) -> ISellerSimulator:
    """Start the simulator's pull API and read its URL from the ready line."""
    ready, child = await _start_with_ready_line("iseller", ["api"], argv, logs_dir, env, cwd, within)
    return ISellerSimulator(str(ready["url"]), child, ready)


async def _start_with_ready_line(
    name: str,
    port_names: list[str],
    argv: ArgvFactory,
    logs_dir: Path,
    env: dict[str, str],
    cwd: Path,
    within: float,
    attempts: int = 3,
) -> tuple[dict[str, object], ChildProcess]:
    """Spawn on fresh ports; if the child dies before its ready line (a port taken), try new ones."""
    failure: ChildExited | None = None
    for _ in range(attempts):
        ports = {p: free_port() for p in port_names}
        child = spawn(name, argv(ports), log_path=logs_dir / f"{name}.log", env=env, cwd=cwd)
        try:
            return await wait_ready_line(child, within=within), child
        except ChildExited as exited:
            failure = exited
            child.stop(1.0)
        except BaseException:
            child.stop(1.0)
            raise
    assert failure is not None
    raise failure


async def accurate_oauth_app(account_url: str) -> dict[str, str]:
    """The sandbox's first developer app as the settings of the operator's Accurate OAuth app
    (ingest takes them; the console's "Connect with Accurate" then goes through the sandbox). Empty
    from a stand-in that is not the sandbox: the stack then runs without an OAuth app."""
    import httpx

    try:
        async with httpx.AsyncClient(timeout=10) as http:
            first = (await http.get(f"{account_url}/_sandbox/apps")).raise_for_status().json()[0]
        return {
            "accurate_oauth_client_id": str(first["client_id"]),
            "accurate_oauth_client_secret": str(first["client_secret"]),
        }
    except (httpx.HTTPError, ValueError, LookupError, TypeError):
        return {}
