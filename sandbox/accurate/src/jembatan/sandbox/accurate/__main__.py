"""``python -m jembatan.sandbox.accurate --account-port A --data-port D [--host H] [--seed-demo]``."""

from __future__ import annotations

import argparse
import asyncio
import sys

from . import assumptions as A
from .web.server import Options, serve


def parse(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m jembatan.sandbox.accurate",
                                     description="Accurate Online sandbox (account host + data host).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--account-port", type=int, required=True)
    parser.add_argument("--data-port", type=int, required=True)
    parser.add_argument("--seed-demo", action="store_true", help="create the deterministic demo database")
    parser.add_argument("--rate-per-second", type=int, default=8, help="default per-database request budget")
    parser.add_argument("--in-flight", type=int, default=8, help="default per-database parallel requests")
    parser.add_argument("--rate-limit-status", type=int, default=429, choices=[200, 429],
                        help="HTTP status of a rate-limit refusal (Accurate's is unconfirmed)")
    parser.add_argument("--session-ttl", type=int, default=None, help="OAuth X-Session-ID lifetime in seconds")
    parser.add_argument("--admin-token", default=None, help="require this bearer token on /_sandbox")
    parser.add_argument("--moved-data-port", type=int, default=None,
                        help="port of the second data host that moved databases are served from (default: free)")
    parser.add_argument("--latency", default=f"{A.LATENCY_LOW_MS}-{A.LATENCY_MODE_MS}-{A.LATENCY_HIGH_MS}",
                        help="per-call service time in ms: 'off', 'LOW-HIGH' or 'LOW-MODE-HIGH' (triangular)")
    parser.add_argument("--latency-seed", type=int, default=0, help="seed of the latency draws")
    parser.add_argument("--arrival-jitter-ms", type=float, default=A.ARRIVAL_JITTER_MS,
                        help="one-way network jitter before the limiter sees a request (with latency on)")
    parser.add_argument("--log-level", default="warning")
    ns = parser.parse_args(argv)
    return Options(ns.host, ns.account_port, ns.data_port, ns.seed_demo, ns.rate_per_second, ns.in_flight,
                   ns.rate_limit_status, ns.session_ttl, ns.log_level, ns.admin_token, ns.moved_data_port,
                   ns.latency, ns.latency_seed, ns.arrival_jitter_ms)


def main(argv: list[str] | None = None) -> None:
    # The books' work runs on a worker thread (web/data_host.py); hand the GIL back to the event loop
    # within 0.5 ms (default 5 ms) so that arrivals are admitted, and counted, when they arrive.
    sys.setswitchinterval(0.0005)
    asyncio.run(serve(parse(argv)))


if __name__ == "__main__":
    main()
