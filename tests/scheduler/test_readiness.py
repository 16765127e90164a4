"""`/readyz` tells the truth about the broker: with it stopped the service says so within 10 s,
and it is ready again soon after the broker returns (real tansu, real PostgreSQL)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from jembatan.devstack.broker import start_tansu
from jembatan.devstack.ports import split_hostport
from jembatan.devstack.topics import create_topics, standard_topics
from jembatan.scheduler.bootstrap import build_app
from jembatan.scheduler.config import SchedulerSettings

pytestmark = [pytest.mark.integration, pytest.mark.slow]


async def wait_for_readyz(
    client: httpx.AsyncClient, status: int, within: float
) -> tuple[float, dict[str, Any]]:
    """Poll `/readyz` until it answers `status`; how long that took and the last body."""
    started = time.monotonic()
    while True:
        response = await client.get("/readyz")
        elapsed = time.monotonic() - started
        if response.status_code == status or elapsed > within:
            return elapsed, response.json()
        await asyncio.sleep(0.25)


async def test_readyz_reports_the_broker_down_within_ten_seconds_and_recovers_after_it_returns(
    postgres_url: str, unique_name, tmp_path: Path
) -> None:
    broker = start_tansu(tmp_path)
    _, port = split_hostport(broker.bootstrap)
    await create_topics(broker.bootstrap, standard_topics())
    settings = SchedulerSettings(
        environment="development",
        database_url=postgres_url,
        db_schema=unique_name("scheduler"),
        kafka_bootstrap=broker.bootstrap,
    )
    app = build_app(settings)
    try:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://scheduler") as client:
                _, body = await wait_for_readyz(client, 200, within=10)
                assert body == {"status": "ready", "checks": {"database": "ok", "broker": "ok", "loops": "ok"}}

                broker.stop()
                noticed, body = await wait_for_readyz(client, 503, within=10)
                assert noticed <= 10
                assert body["status"] == "not ready" and body["checks"]["database"] == "ok"
                assert "unreachable" in body["checks"]["broker"]
                assert (await client.get("/healthz")).status_code == 200  # alive all the same

                broker = start_tansu(tmp_path, port=port)
                recovered, body = await wait_for_readyz(client, 200, within=10)
                assert body["checks"]["broker"] == "ok"
                print(f"\nbroker down noticed in {noticed:.1f}s; ready again {recovered:.1f}s after restart")
    finally:
        broker.stop()
