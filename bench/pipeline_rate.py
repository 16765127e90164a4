"""Benchmark: the pipeline's sustained rate, signed webhooks in → ledger facts out.

    uv run python bench/pipeline_rate.py [--rate 100] [--seconds 60] [--out bench/results/pipeline_rate.json]

What it does:
1. Starts the local stack (`jembatan.devstack.LocalStack`): tansu, the Accurate sandbox, and
   ingest, mapper and poster each as its own process, on a fresh PostgreSQL database.
2. Sets up the demo tenant as the demo does (Accurate database, outlets mapped, catalogue loaded).
3. Sends completed orders (the demo day's, each re-sent under a new order id) at `--rate`
   webhooks/s (open loop, 32 keep-alive connections, the raw client of `ingest_throughput.py`)
   for `--seconds`.
4. Counts the facts arriving on `ledger.facts.v1` as they come; every 5 s records webhooks accepted,
   facts out, the mapper's events mapped and parked (its /metrics: some demo orders park by
   design) and the lag = accepted − (mapped + parked), with each service's unsent outbox rows and
   consumer lag, until the last webhook was answered (when ingest is slower than asked, the send
   outlasts `--seconds`). The lag must not grow: its last sample is compared with the one a third of
   the way in. `mapper_rate_during_send_per_s`: events mapped or parked per second between the first
   and the last sample of the send.
5. Peak RSS (VmHWM) of every service process; load average before and after.
6. `send_phase_cpu`: over the send (first webhook → last answer), the CPU seconds and CPU ms per
   accepted webhook of ingest, mapper, poster (each with its descendants), tansu, the Accurate
   sandbox, the sender (this process) and PostgreSQL (every `postgres:` process of the shared
   server, not only this database's: `postgres_this_database` is that part), their sum, and the
   cores the sum needs at the rate asked, at the rate accepted and at ingest's max rate
   (`--ingest-max-rate`) — `bench/process_cpu.py` says exactly what each counts.
   `send_and_drain_cpu`: the same from the first webhook until the mapper has handled every
   accepted one (the drain, + 2 s), so the work still queued at the end of the send is in it too.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer, TopicPartition
from ingest_throughput import PROFILED_INGEST, Connection  # this folder is on sys.path
from jembatan.contracts.iseller.signature import format_timestamp, sign
from jembatan.contracts.topics import LEDGER_FACTS
from jembatan.devstack.demo import DAY, ISELLER_API_KEY, TENANT, load_catalogue
from jembatan.devstack.postgres import DEFAULT_SERVER_URL, create_database_sync, drop_database_sync
from jembatan.devstack.services import ServiceSpec
from jembatan.devstack.stack import LocalStack
from jembatan.devstack.tenant_setup import connect_tenant, create_accurate_database
from jembatan.sandbox.iseller.config import DEMO
from jembatan.sandbox.iseller.day import generate_day
from jembatan.sandbox.iseller.wire import dumps
from process_cpu import CpuSnapshot, cpu_breakdown  # this folder is on sys.path

SERVICES = ("ingest", "mapper", "poster")


def service_specs() -> list[str | ServiceSpec]:
    """The services; with `BENCH_PROFILE_MAPPER=/tmp/m.prof` the mapper runs under a CPU-time
    cProfile written when it stops (the same wrapper as ingest's in `ingest_throughput.py`)."""
    path = os.environ.get("BENCH_PROFILE_MAPPER")
    if not path:
        return list(SERVICES)
    wrapper = PROFILED_INGEST.replace('"jembatan.ingest"', '"jembatan.mapper"')
    return ["ingest", ServiceSpec("mapper", argv=[sys.executable, "-c", wrapper, path]), "poster"]


async def gauges(http: httpx.AsyncClient, urls: dict[str, str]) -> dict[str, float]:
    """Where the backlog sits: each service's unsent outbox rows and its consumers' lag (/metrics)."""
    out: dict[str, float] = {}
    for name in SERVICES:
        try:
            text = (await http.get(f"{urls[name]}/metrics", timeout=5)).text
        except httpx.HTTPError:
            continue
        for line in text.splitlines():
            if line.startswith("jembatan_facts_total{"):  # the mapper: events mapped or parked
                outcome = "mapped" if 'outcome="mapped"' in line else "parked"
                out[f"{name}.{outcome}"] = out.get(f"{name}.{outcome}", 0) + float(line.rsplit(" ", 1)[1])
            for metric in ("jembatan_outbox_pending", "jembatan_consumer_lag"):
                if line.startswith(metric + "{"):
                    key = f"{name}.{metric.removeprefix('jembatan_')}"
                    out[key] = out.get(key, 0) + float(line.rsplit(" ", 1)[1])
    return out


async def mapper_handled(http: httpx.AsyncClient, urls: dict[str, str]) -> int:
    seen = await gauges(http, urls)
    return int(seen.get("mapper.mapped", 0) + seen.get("mapper.parked", 0))


def mapper_rate(samples: list[dict[str, Any]]) -> float:
    """Events the mapper handled (mapped or parked) per second between the first and last sample."""
    if len(samples) < 2:
        return 0.0
    first, last = samples[0], samples[-1]

    def handled(s: dict[str, Any]) -> float:
        return float(s.get("mapper.mapped", 0) + s.get("mapper.parked", 0))

    return round((handled(last) - handled(first)) / (last["t"] - first["t"]), 1)


def peak_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return 0.0


class FactCounter:
    """Counts records on ledger.facts.v1 from the end offsets at start."""

    def __init__(self, bootstrap: str) -> None:
        self.bootstrap, self.count, self._task = bootstrap, 0, None
        self.consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)

    async def start(self) -> None:
        await self.consumer.start()
        partitions = [TopicPartition(LEDGER_FACTS, p) for p in sorted(await self._partitions())]
        self.consumer.assign(partitions)
        await self.consumer.seek_to_end(*partitions)
        self._task = asyncio.create_task(self._run())

    async def _partitions(self) -> set[int]:
        await self.consumer.topics()
        return self.consumer.partitions_for_topic(LEDGER_FACTS) or set()

    async def _run(self) -> None:
        while True:
            batch = await self.consumer.getmany(timeout_ms=500, max_records=5000)
            self.count += sum(len(records) for records in batch.values())

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
        await self.consumer.stop()


def measured_pids(stack: LocalStack) -> dict[str, int]:
    """The process trees whose CPU the send phase counts (besides this process and PostgreSQL)."""
    pids = {name: stack.children[name].pid for name in SERVICES}
    if stack.broker is not None and stack.broker.child is not None:
        pids["tansu"] = stack.broker.child.pid
    pids["accurate_sandbox"] = stack.children["accurate"].pid
    return pids


async def run(args: argparse.Namespace, stack: LocalStack, database: str) -> dict[str, Any]:
    day = generate_day(7, DAY, DEMO)
    accurate = await create_accurate_database(
        stack.accurate.account_url, "Toko Bench", [o.outlet_name for o in day.outlets],
        [f"Gudang {o.outlet_code}" for o in day.outlets],
    )  # fmt: skip
    await connect_tenant(stack.urls, stack.admin_token, TENANT, store_name="Toko Bench",
                         iseller_api_key=ISELLER_API_KEY, accurate=accurate)  # fmt: skip
    await load_catalogue(day, accurate, stack.urls, stack.admin_token)
    templates = [d.payload for d in day.deliveries if d.kind == "order" and d.payload.get("status") == "completed"]
    facts = FactCounter(stack.kafka_bootstrap)
    await facts.start()
    accepted, refused, samples = 0, 0, []
    limits = httpx.Limits(max_connections=32, max_keepalive_connections=32)
    load_before = [round(x, 2) for x in os.getloadavg()]
    host, port = stack.urls["ingest"].removeprefix("http://").split(":")
    pool: asyncio.Queue[Connection] = asyncio.Queue()
    for _ in range(32):
        pool.put_nowait(await Connection.open(int(port)))
    async with httpx.AsyncClient(timeout=30, limits=limits) as http:

        async def one(n: int) -> None:
            nonlocal accepted, refused
            payload = copy.deepcopy(templates[n % len(templates)])
            payload["order_id"] = f"{payload['order_id']}-b{n}"
            body = dumps(payload)
            stamp = format_timestamp(datetime.now(UTC))
            head = (
                f"POST /webhooks/iseller/{TENANT}/order HTTP/1.1\r\nHost: {host}:{port}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\nTimestamp: {stamp}\r\n"
                f"Signature: {sign(ISELLER_API_KEY, body, stamp)}\r\n\r\n"
            )
            conn = await pool.get()
            try:
                status = await conn.send(head.encode() + body)
            finally:
                pool.put_nowait(conn)
            if status == 202:
                accepted += 1
            else:
                refused += 1

        async def sample(now: float) -> dict[str, Any]:
            seen = await gauges(http, stack.urls)
            lag = accepted - int(seen.get("mapper.mapped", 0) + seen.get("mapper.parked", 0))
            return {"t": round(now - start, 1), "sent": n, "accepted": accepted, "facts": facts.count,
                    "lag": lag, **seen}  # fmt: skip

        tasks: set[asyncio.Task[None]] = set()
        cpu_before = CpuSnapshot.take(measured_pids(stack), database)
        start = time.monotonic()
        next_sample = start + 5
        n = 0
        while (now := time.monotonic()) - start < args.seconds:
            due = int((now - start) * args.rate)
            while n < due:
                task = asyncio.create_task(one(n))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
                n += 1
            if now >= next_sample:
                samples.append(await sample(now))
                next_sample += 5
            await asyncio.sleep(0.005)
        # the send lasts until the last webhook is answered: when ingest is slower than asked, the
        # webhooks queued for a connection are still being sent, and the lag is still sampled
        while tasks:
            await asyncio.wait(set(tasks), timeout=max(0.0, next_sample - time.monotonic()))
            if (now := time.monotonic()) >= next_sample:
                samples.append(await sample(now))
                next_sample += 5
        sent_s = time.monotonic() - start
        cpu_after = CpuSnapshot.take(measured_pids(stack), database)
        rates = {"rate_asked": args.rate, "rate_accepted": round(accepted / sent_s, 1), "ingest_max_rate": args.ingest_max_rate}
        send_cpu = {"seconds": round(sent_s, 1), "accepted": accepted, "rates_per_s": rates,
                    **cpu_breakdown(cpu_before, cpu_after, accepted, rates)}  # fmt: skip
        load_after_send = [round(x, 2) for x in os.getloadavg()]
        drain_start = time.monotonic()
        drained: list[dict[str, Any]] = []
        handled = await mapper_handled(http, stack.urls)
        while handled < accepted and time.monotonic() - drain_start < 120:
            await asyncio.sleep(5)
            handled = await mapper_handled(http, stack.urls)
            drained.append({"t": round(time.monotonic() - start, 1), "facts": facts.count,
                            "lag": accepted - handled, **await gauges(http, stack.urls)})  # fmt: skip
        await asyncio.sleep(2)  # the last facts' relay
        final = await gauges(http, stack.urls)
        drained_s = time.monotonic() - drain_start
        cpu_drained = CpuSnapshot.take(measured_pids(stack), database)
        whole_cpu = {"seconds": round(time.monotonic() - start, 1), "accepted": accepted, "rates_per_s": rates,
                     **cpu_breakdown(cpu_before, cpu_drained, accepted, rates)}  # fmt: skip
    await facts.stop()
    while not pool.empty():
        pool.get_nowait().close()
    third = samples[len(samples) // 3]["lag"] if samples else 0
    last = samples[-1]["lag"] if samples else 0
    rss = {name: peak_rss_mb(stack.children[name].pid) for name in SERVICES}
    return {
        "rate_asked_per_s": args.rate,
        "webhooks_sent": n,
        "accepted": accepted,
        "refused": refused,
        "webhook_rate_per_s": round(accepted / sent_s, 1),
        "facts_out": facts.count,
        "mapper_mapped": int(final.get("mapper.mapped", 0)),
        "mapper_parked": int(final.get("mapper.parked", 0)),
        "facts_rate_during_send_per_s": round(samples[-1]["facts"] / samples[-1]["t"], 1) if samples else 0,
        "send_s": round(sent_s, 1),
        "mapper_rate_during_send_per_s": mapper_rate(samples),
        "drain_after_send_s": round(drained_s, 1),
        "lag_samples": samples,
        "drain_samples": drained,
        "lag_at_one_third": third,
        "lag_at_end_of_send": last,
        "peak_rss_mb": rss,
        "load_average_before": load_before,
        "load_average_at_end_of_send": load_after_send,
        "send_phase_cpu": send_cpu,
        "send_and_drain_cpu": whole_cpu,
        "targets": {
            "every_webhook_mapped_or_parked": final.get("mapper.mapped", 0) + final.get("mapper.parked", 0) >= accepted,
            "every_mapped_event_a_fact_on_the_topic": facts.count >= final.get("mapper.mapped", 0),
            "lag_not_growing": last <= max(third * 1.5, args.rate * 5),
            "rss_le_200mb": all(v <= 200 for v in rss.values()),
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--ingest-max-rate", type=float, default=1500.0,
                        help="webhooks/s ingest takes alone (bench/ingest_throughput.py): the cores the "
                        "pipeline needs at that rate are reported")  # fmt: skip
    parser.add_argument("--out", type=Path, default=Path("bench/results/pipeline_rate.json"))
    args = parser.parse_args()
    server = os.environ.get("JEMBATAN_TEST_PG_URL", DEFAULT_SERVER_URL)
    name = f"bench_pipeline_{os.getpid()}"
    database_url = create_database_sync(server, name)
    stack = LocalStack(services=service_specs(), database_url=database_url, log_level="WARNING")
    try:
        asyncio.run(stack.start())
        result = asyncio.run(run(args, stack, name))
    finally:
        stack.stop(30 if os.environ.get("BENCH_PROFILE_MAPPER") else 10)
        drop_database_sync(server, name)
    report = {
        "benchmark": "pipeline_rate",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        **result,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    return 0 if all(result["targets"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
