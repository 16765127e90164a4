"""`JEMBATAN_RELAY=process`: the outbox relay in its own process, watched by ingest's HTTP process.

Real PostgreSQL, the real broker, the relay a real child process: every webhook reaches the topic
once, `/metrics` of the HTTP process counts what the child relayed (the stuck-outbox alert reads
it), `/readyz` shows the relay, and a relay process that dies is started again.
"""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

import pytest
from ingest_support import order, read_events
from jembatan.platform import relay_process, serve

pytestmark = pytest.mark.integration


def relay_children() -> list[int]:
    """This test process's children running the relay."""
    found = []
    for task in Path(f"/proc/{os.getpid()}/task").glob("*"):
        for child in (task / "children").read_text().split():
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
            if b"jembatan.platform.relay_process" in cmdline:
                found.append(int(child))
    return found


def relayed_total(metrics: str) -> float:
    for line in metrics.splitlines():
        if line.startswith('jembatan_outbox_relayed_total{service="ingest"}'):
            return float(line.split()[-1])
    return 0.0


async def test_webhooks_are_relayed_by_the_relay_process_and_counted_by_the_http_process(
    ingest_factory, unique_name, kafka_bootstrap, monkeypatch
):
    monkeypatch.setattr(serve, "serving", True)  # as under `python -m jembatan.ingest`
    monkeypatch.setattr(relay_process, "RESTART_AFTER_SECONDS", 4.0)  # long enough to see it down
    tenant = unique_name("tenant")
    async with ingest_factory(relay="process") as ingest:
        [child] = relay_children()
        before = relayed_total((await ingest.http.get("/metrics")).text)
        await ingest.add_tenant(tenant)
        codes = [(await ingest.webhook(tenant, "order", order(f"o-{n}"))).status_code for n in range(20)]
        assert codes == [202] * 20
        events = await read_events(kafka_bootstrap, unique_name("g"), tenant, lambda e: len(e) >= 20)
        assert sorted(e.payload["order_id"] for e in events) == sorted(f"o-{n}" for n in range(20))
        for _ in range(50):  # the batch is marked sent, and its count reported, after the broker's ack
            if await ingest.outbox_pending() == 0:
                break
            await asyncio.sleep(0.1)
        assert await ingest.outbox_pending() == 0
        assert relayed_total((await ingest.http.get("/metrics")).text) >= before + 21  # + tenant config
        readiness = (await ingest.http.get("/readyz")).json()
        assert readiness["checks"]["relay"] == "ok"

        os.kill(child, signal.SIGKILL)  # a relay process that dies is shown not ready, then started again
        await asyncio.sleep(2.1)  # past the readiness answer's cache
        readiness = (await ingest.http.get("/readyz")).json()
        assert readiness["status"] == "not ready"
        assert readiness["checks"]["relay"].startswith("relay process not running"), readiness
        for _ in range(100):
            if relay_children() not in ([], [child]):
                break
            await asyncio.sleep(0.1)
        [again] = relay_children()
        assert again != child
        assert (await ingest.webhook(tenant, "order", order("o-after"))).status_code == 202
        await read_events(
            kafka_bootstrap, unique_name("g"), tenant, lambda e: any(x.payload["order_id"] == "o-after" for x in e)
        )
    for _ in range(50):  # the HTTP process closed its stdin: the relay process left with it
        if not relay_children():
            break
        await asyncio.sleep(0.1)
    assert relay_children() == []
