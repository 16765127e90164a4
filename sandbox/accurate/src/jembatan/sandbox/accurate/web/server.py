"""One process, three uvicorn servers: the account host, the data host and a second data host."""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import socket
import sys
from collections.abc import Generator
from dataclasses import dataclass

import uvicorn

from .. import assumptions as A
from .account_host import build_account_app
from .admin import create_database
from .connections import TrackedH11Protocol
from .data_host import build_data_app
from .latency import Latency
from .limits import Limits
from .state import SandboxState

DEFAULT_APP_SEED = "jembatan-sandbox"
DEMO = {"id": 1001, "alias": "Toko Jembatan Demo", "seed": "jembatan-demo", "user": "demo@jembatan.test",
        "branches": ["Outlet Kemang", "Outlet Bintaro"], "warehouses": ["Outlet Kemang", "Outlet Bintaro"],
        "startDate": "01/01/2024"}


@dataclass
class Options:
    host: str = "127.0.0.1"
    account_port: int = 8081
    data_port: int = 8082
    seed_demo: bool = False
    rate_per_second: int = 8
    in_flight: int = 8
    rate_limit_status: int = 429
    session_ttl: int | None = None
    log_level: str = "warning"
    admin_token: str | None = None
    moved_data_port: int | None = None  # the second data host; a free port when not given
    latency: str = "off"  # "off", "LOW-HIGH" or "LOW-MODE-HIGH" ms (the CLI defaults to realistic)
    latency_seed: int = 0
    arrival_jitter_ms: float = A.ARRIVAL_JITTER_MS


class _Server(uvicorn.Server):
    """Signals are handled once for both servers, not by each server."""

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield


def build_state(options: Options) -> SandboxState:
    moved = f"http://{options.host}:{options.moved_data_port}" if options.moved_data_port else None
    state = SandboxState(
        account_url=f"http://{options.host}:{options.account_port}",
        data_url=f"http://{options.host}:{options.data_port}", moved_data_url=moved,
        default_limits=Limits(options.rate_per_second, options.in_flight, options.rate_limit_status),
        session_ttl_seconds=options.session_ttl, admin_token=options.admin_token,
        latency=Latency.parse(options.latency, seed=options.latency_seed,
                              arrival_jitter_ms=options.arrival_jitter_ms))
    state.tenants.add_app("Jembatan", seed=DEFAULT_APP_SEED)
    if options.seed_demo:
        create_database(state, DEMO)
    return state


def _free_port(host: str) -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


async def serve(options: Options) -> None:
    if options.moved_data_port is None:
        options.moved_data_port = _free_port(options.host)
    state = build_state(options)

    def data_server(url: str, port: int) -> _Server:
        return _Server(uvicorn.Config(build_data_app(state, url), host=options.host, port=port,
                                      log_level=options.log_level, access_log=False, lifespan="off",
                                      http=TrackedH11Protocol))

    servers = [
        _Server(uvicorn.Config(build_account_app(state), host=options.host, port=options.account_port,
                               log_level=options.log_level, access_log=False, lifespan="off", http="h11")),
        data_server(state.data_url, options.data_port),
        data_server(f"http://{options.host}:{options.moved_data_port}", options.moved_data_port),
    ]
    loop = asyncio.get_running_loop()

    def stop() -> None:
        for server in servers:
            server.should_exit = True

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop)
    tasks = [asyncio.create_task(server.serve()) for server in servers]
    while not all(server.started for server in servers):
        if any(task.done() for task in tasks):
            stop()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise SystemExit(1)
        await asyncio.sleep(0.02)
    print(json.dumps({"event": "ready", "account_url": state.account_url, "data_url": state.data_url,
                      "moved_data_url": state.moved_data_url, "latency": state.latency.as_dict()}), flush=True)
    if options.seed_demo:
        print(json.dumps({"event": "demo_database", "id": DEMO["id"],
                          "credentials_url": f"{state.account_url}/_sandbox/databases/{DEMO['id']}"}),
              file=sys.stderr, flush=True)
    await asyncio.gather(*tasks)
