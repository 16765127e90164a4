"""Every real service, run as the devstack runs it, tells the truth on `/readyz`: the broker
stopped is reported within 10 s, and each is ready again after the broker returns."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import httpx
import pytest
from jembatan.devstack.broker import start_tansu
from jembatan.devstack.ports import split_hostport
from jembatan.devstack.pytest_plugin import UniqueName, start_stack
from jembatan.devstack.services import SERVICES
from jembatan.devstack.topics import create_topics, standard_topics

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


async def all_answer(urls: dict[str, str], status: int, *, within: float) -> dict[str, float]:
    """Seconds until each service's `/readyz` answered `status` (fails naming the ones that did not)."""
    started, seen, last = time.monotonic(), {}, {}
    async with httpx.AsyncClient(timeout=5) as client:
        while len(seen) < len(urls) and time.monotonic() - started < within:
            for name, url in urls.items():
                if name not in seen:
                    response = await client.get(f"{url}/readyz")
                    last[name] = response.text
                    if response.status_code == status:
                        seen[name] = time.monotonic() - started
            await asyncio.sleep(0.25)
    missing = {name: last.get(name) for name in urls if name not in seen}
    assert not missing, f"not {status} within {within}s: {missing}"
    return seen


async def test_every_service_reports_the_broker_down_within_10_s_and_recovers_after(
    tmp_path: Path, postgres_url: str, unique_name: UniqueName
) -> None:
    broker = start_tansu(tmp_path / "broker")
    _, port = split_hostport(broker.bootstrap)
    try:
        stack = start_stack(
            tmp_path / "stack",
            accurate=False,
            kafka_bootstrap=broker.bootstrap,
            database_url=postgres_url,
            schema_prefix=unique_name("r") + "_",
        )
        async with stack:
            urls = {name: stack.urls[name] for name in SERVICES}
            await all_answer(urls, 200, within=30)

            broker.stop()
            noticed = await all_answer(urls, 503, within=10)
            async with httpx.AsyncClient() as client:
                for url in urls.values():
                    body = (await client.get(f"{url}/readyz")).json()
                    assert body["checks"]["database"] == "ok" and "unreachable" in body["checks"]["broker"]

            broker = start_tansu(tmp_path / "broker", port=port)
            await create_topics(broker.bootstrap, standard_topics())
            recovered = await all_answer(urls, 200, within=30)
    finally:
        broker.stop()
    print(
        "\n/readyz after the broker stopped: "
        + ", ".join(f"{n} {s:.1f}s" for n, s in sorted(noticed.items()))
        + "; ready again after it returned: "
        + ", ".join(f"{n} {s:.1f}s" for n, s in sorted(recovered.items()))
    )
