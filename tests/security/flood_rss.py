"""Measure ingest's memory under a flood of unauthenticated 1 MB webhook posts (finding 10).

    uv run python tests/security/flood_rss.py [--posts 200] [--pythonpath DIR:DIR]

Starts ingest as its own process (PostgreSQL on 127.0.0.1:5432, own schema; no broker needed:
nothing is stored), adds one tenant, then sends `--posts` concurrent 1 MB POSTs twice: to an
unknown tenant, and to the known tenant with a well-formed but wrong signature (the worst case:
only the body can prove it wrong). Prints the process's RSS before, at its peak and after.
`--pythonpath` runs another checkout's sources (e.g. an export of the commit before the fix).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
from jembatan.contracts.iseller.signature import format_timestamp
from jembatan.devstack.ports import free_port

PG = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
TOKEN = "flood-test-admin-token"


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def flood(url: str, tenant: str, posts: int, pid: int) -> tuple[float, dict[int, int]]:
    body = b"{" + b" " * (1_000_000 - 2) + b"}"
    peak, codes = rss_mb(pid), {}  # type: ignore[var-annotated]  # status or exception → count
    limits = httpx.Limits(max_connections=posts, max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as http:

        async def one() -> None:
            headers = {
                "Content-Type": "application/json",
                "Timestamp": format_timestamp(datetime.now(UTC)),
                "Signature": "A" * 64,
            }
            try:
                answer = await http.post(f"/webhooks/iseller/{tenant}/order", content=body, headers=headers)
                codes[answer.status_code] = codes.get(answer.status_code, 0) + 1
            except httpx.HTTPError as exc:  # refused and closed while the body was still being sent
                codes[type(exc).__name__] = codes.get(type(exc).__name__, 0) + 1

        tasks = [asyncio.create_task(one()) for _ in range(posts)]
        while not all(t.done() for t in tasks):
            peak = max(peak, rss_mb(pid))
            await asyncio.sleep(0.02)
    return peak, codes


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--pythonpath", default="")
    args = parser.parse_args()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("JEMBATAN_")}
    env.update(
        JEMBATAN_ENVIRONMENT="development",
        JEMBATAN_ADMIN_TOKEN=TOKEN,
        JEMBATAN_DATABASE_URL=PG,
        JEMBATAN_DB_SCHEMA=f"flood_{secrets.token_hex(4)}",
        JEMBATAN_KAFKA_BOOTSTRAP="127.0.0.1:1",
        JEMBATAN_CONSUME_TRIGGERS="false",
        JEMBATAN_HTTP_PORT=str(port),
        JEMBATAN_LOG_LEVEL="WARNING",
    )
    if args.pythonpath:
        env["PYTHONPATH"] = args.pythonpath
    child = subprocess.Popen([sys.executable, "-m", "jembatan.ingest"], env=env, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=url, timeout=10) as http:
            for _ in range(200):
                try:
                    if (await http.get("/healthz")).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.1)
            answer = await http.put(
                "/admin/tenants/toko",
                json={"store_name": "toko", "api_key": "k"},
                headers={"Authorization": f"Bearer {TOKEN}"},
            )
            answer.raise_for_status()
        await asyncio.sleep(1)
        print(f"idle RSS: {rss_mb(child.pid):.0f} MB")
        for label, tenant in (("unknown tenant", "nobody"), ("known tenant, wrong signature", "toko")):
            started = time.monotonic()
            peak, codes = await flood(url, tenant, args.posts, child.pid)
            await asyncio.sleep(1)
            print(
                f"{label}: {args.posts} × 1 MB in {time.monotonic() - started:.1f}s, answers {codes},"
                f" peak RSS {peak:.0f} MB, after {rss_mb(child.pid):.0f} MB"
            )
    finally:
        child.terminate()
        child.wait(10)


if __name__ == "__main__":
    asyncio.run(main())
