"""Benchmark: ingest's webhook route against a bare FastAPI route answering 202, in the same run.

    uv run python bench/ingest_throughput.py [--concurrency 32] [--seconds 10] [--out bench/results/ingest_throughput.json]

What it does:
1. Starts tansu (the standard topics), a fresh PostgreSQL database, ingest as its own process
   (`python -m jembatan.ingest`, one uvicorn worker, relay running) and a bare FastAPI app as
   another process (`POST /webhooks/...` → 202 `{"status": "accepted"}`, nothing else).
2. Pre-signs distinct ~3.2 KB completed orders (one event each) for one tenant.
3. Max rate: `--concurrency` keep-alive connections send back to back for `--seconds`, bare first,
   then ingest. CPU per request = the server process's user+system CPU over the phase ÷ requests,
   its child processes included (the relay's own process, `JEMBATAN_RELAY=process`; uvicorn's
   workers); `cpu_ms_per_request_server_process_alone` leaves the children out.
4. Latency: an open loop at half of each one's *ingest* max rate for `--seconds`; p50/p99/max.
5. Waits for the relay to drain, reads `pos.events.v1` from the start and counts: every accepted
   webhook's event present exactly once (lost, duplicated).
6. Peak RSS (VmHWM) of the ingest process, and the load average before and after.

The load generator is a minimal HTTP/1.1 client on raw asyncio streams in this process, so both
servers are measured through the same client.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from aiokafka import AIOKafkaConsumer, TopicPartition
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from jembatan.contracts.iseller.signature import format_timestamp, sign
from jembatan.contracts.topics import POS_EVENTS
from jembatan.devstack.broker import start_broker
from jembatan.devstack.ports import free_port
from jembatan.devstack.postgres import DEFAULT_SERVER_URL, ServerUrl, create_database_sync, drop_database_sync
from jembatan.devstack.processes import ChildProcess, spawn, wait_until
from jembatan.devstack.topics import create_topics_sync, standard_topics

TENANT, API_KEY, ADMIN = "bench-store", "bench-api-key", "bench-admin-token-0123456789abcdef"
ROUTE = f"/webhooks/iseller/{TENANT}/order"


def order_body(n: int) -> bytes:
    """A completed order with eight lines and two payments: about 3.2 KB, one canonical event."""
    order_id = f"bench-{n:08d}-{uuid.uuid4().hex[:8]}"
    lines = [
        {
            "order_detail_id": f"{order_id}-d{i}",
            "product_id": f"prod-{i:04d}",
            "sku": f"SKU-KOPI-SUSU-{i:04d}",
            "item_name": f"Kopi Susu Gula Aren Ukuran Besar Varian {i}",
            "quantity": 1,
            "base_price": 20000,
            "notes": "less sugar, extra ice, take away in a paper cup please",
        }
        for i in range(8)
    ]
    body = {
        "order_id": order_id,
        "order_reference": f"#HO-{n:08d}",
        "status": "completed",
        "outlet_id": "outlet-ho",
        "outlet_code": "HO",
        "register_id": "reg-1",
        "customer_name": "Pelanggan Umum",
        "order_date": "2026-11-25 02:00:00",
        "closed_date": "2026-11-25 02:05:00",
        "total_amount": "160000.0000",
        "order_details": lines,
        "transactions": [
            {"transaction_id": f"{order_id}-t1", "gateway": "cash", "payment_type_name": "Cash", "amount": 100000},
            {"transaction_id": f"{order_id}-t2", "gateway": "cash", "payment_type_name": "Cash", "amount": 60000},
        ],
    }
    return json.dumps(body).encode()


def signed_request(host: str, port: int, n: int) -> bytes:
    body = order_body(n)
    stamp = format_timestamp(datetime.now(UTC))
    head = (
        f"POST {ROUTE} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nTimestamp: {stamp}\r\nSignature: {sign(API_KEY, body, stamp)}\r\n\r\n"
    )
    return head.encode() + body


class Connection:
    """One keep-alive HTTP/1.1 connection: send a request, read status + Content-Length body."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int) -> Connection:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        return cls(reader, writer)

    async def send(self, request: bytes) -> int:
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n"):
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        if length:
            await self.reader.readexactly(length)
        return status

    def close(self) -> None:
        self.writer.close()


def process_tree(pid: int) -> list[int]:
    """`pid` and its descendants (uvicorn's worker processes, with `--workers` > 1)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                todo.extend(int(child) for child in (task / "children").read_text().split())
            except OSError:
                continue
    return found


def cpu_seconds(pid: int, *, children: bool = True) -> float:
    """User + system CPU of `pid` and (unless `children=False`) its living descendants."""
    total = 0
    for member in process_tree(pid) if children else [pid]:
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid: int) -> float:
    """The largest peak RSS (VmHWM) of `pid` and its descendants: each worker is its own process."""
    peak = 0.0
    for member in process_tree(pid):
        try:
            lines = Path(f"/proc/{member}/status").read_text().splitlines()
        except OSError:
            continue
        for line in lines:
            if line.startswith("VmHWM:"):
                peak = max(peak, int(line.split()[1]) / 1024)
    return peak


async def closed_loop(port: int, requests: list[bytes], concurrency: int, seconds: float, pid: int) -> dict[str, Any]:
    """Back to back on `concurrency` connections for `seconds` (or until the requests run out)."""
    statuses: Counter[int] = Counter()
    queue = iter(requests)
    deadline = time.monotonic() + seconds

    async def worker() -> None:
        conn = await Connection.open(port)
        try:
            while time.monotonic() < deadline:
                request = next(queue, None)
                if request is None:
                    return
                statuses[await conn.send(request)] += 1
        finally:
            conn.close()

    cpu0, own0, t0 = cpu_seconds(pid), cpu_seconds(pid, children=False), time.monotonic()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed, cpu = time.monotonic() - t0, cpu_seconds(pid) - cpu0
    own = cpu_seconds(pid, children=False) - own0
    done = sum(statuses.values())
    return {
        "requests": done,
        "per_second": round(done / elapsed, 1),
        "cpu_ms_per_request": round(1000 * cpu / max(done, 1), 3),  # the server and its children (relay)
        "cpu_ms_per_request_server_process_alone": round(1000 * own / max(done, 1), 3),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
    }


async def open_loop(port: int, requests: list[bytes], rate: float, seconds: float, concurrency: int,
                    pid: int | None = None) -> dict[str, Any]:
    """Requests started at a fixed `rate` (Poisson arrivals) for `seconds`; latency per request, and
    with `pid` the server's CPU per request (itself and its children) over the phase."""
    pool: asyncio.Queue[Connection] = asyncio.Queue()
    for _ in range(concurrency):
        pool.put_nowait(await Connection.open(port))
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    rng = random.Random(13)

    async def one(request: bytes, started: float) -> None:
        conn = await pool.get()
        try:
            statuses[await conn.send(request)] += 1
            latencies.append(time.monotonic() - started)  # from its scheduled start: queueing counts
        finally:
            pool.put_nowait(conn)

    tasks = []
    cpu0 = cpu_seconds(pid) if pid is not None else 0.0
    start = time.monotonic()
    at = start
    for request in requests:
        at += rng.expovariate(rate)
        if at - start > seconds:
            break
        delay = at - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(request, at)))
    await asyncio.gather(*tasks)
    cpu = cpu_seconds(pid) - cpu0 if pid is not None else None
    while not pool.empty():
        pool.get_nowait().close()
    latencies.sort()
    return {
        "rate_per_second": round(rate, 1),
        "requests": len(latencies),
        **({"cpu_ms_per_request": round(1000 * cpu / max(len(latencies), 1), 3)} if cpu is not None else {}),
        "p50_ms": round(1000 * statistics.median(latencies), 2),
        "p99_ms": round(1000 * latencies[int(0.99 * (len(latencies) - 1))], 2),
        "max_ms": round(1000 * latencies[-1], 2),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
    }


async def count_on_topic(bootstrap: str) -> Counter[str]:
    """Every envelope id on pos.events.v1, read from the beginning to the end offsets."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = [TopicPartition(POS_EVENTS, p) for p in (consumer.partitions_for_topic(POS_EVENTS) or set())]
        if not partitions:
            await consumer.stop()
            consumer = AIOKafkaConsumer(POS_EVENTS, bootstrap_servers=bootstrap, enable_auto_commit=False)
            await consumer.start()
            partitions = [TopicPartition(POS_EVENTS, p) for p in (consumer.partitions_for_topic(POS_EVENTS) or set())]
            consumer.unsubscribe()
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        ids: Counter[str] = Counter()
        while [tp for tp in partitions if await consumer.position(tp) < ends[tp]]:
            batch = await consumer.getmany(*partitions, timeout_ms=1000, max_records=5000)
            for records in batch.values():
                for record in records:
                    ids[json.loads(record.value or b"{}")["id"]] += 1
        return ids
    finally:
        await consumer.stop()


async def wait_drained(dsn: str, within: float = 120.0) -> tuple[int, int, float]:
    """(inbox events, outbox rows, seconds waited) once no outbox row is unsent."""
    conn = await asyncpg.connect(dsn)
    try:
        t0 = time.monotonic()
        while True:
            pending = await conn.fetchval("SELECT count(*) FROM ingest.outbox WHERE sent_at IS NULL")
            if pending == 0 or time.monotonic() - t0 > within:
                break
            await asyncio.sleep(0.2)
        events = await conn.fetchval("SELECT coalesce(sum(events), 0) FROM ingest.inbox")
        rows = await conn.fetchval("SELECT count(*) FROM ingest.outbox")
        return int(events), int(rows), round(time.monotonic() - t0, 2)
    finally:
        await conn.close()


def bare_app() -> FastAPI:
    app = FastAPI()

    @app.post("/webhooks/iseller/{tenant_id}/{kind}", status_code=202)
    async def receive(tenant_id: str, kind: str, request: Request) -> JSONResponse:
        await request.body()
        return JSONResponse({"status": "accepted"}, status_code=202)

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app


def serve_bare(port: int) -> None:
    import uvicorn

    uvicorn.run(bare_app(), host="127.0.0.1", port=port, log_level="warning", access_log=False)


def healthy(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


# `python -m cProfile` never writes its file here: uvicorn re-raises SIGTERM after shutting down, and
# the default handler ends the process. A handler of our own, installed before uvicorn saves and
# restores the handlers, writes the profile when that re-raised signal arrives.
PROFILED_INGEST = """
import cProfile, runpy, signal, sys
profile = cProfile.Profile(__import__("time").process_time)  # CPU time: awaiting costs nothing
def dump(*_):
    profile.disable()
    profile.dump_stats(sys.argv[1])
    sys.exit(0)
signal.signal(signal.SIGTERM, dump)
signal.signal(signal.SIGINT, dump)
profile.enable()
runpy.run_module("jembatan.ingest", run_name="__main__")
"""


def start_ingest(port: int, database_url: str, bootstrap: str, logs: Path, workers: int = 1) -> ChildProcess:
    env = {
        **os.environ,
        "JEMBATAN_ENVIRONMENT": "development",
        "JEMBATAN_DATABASE_URL": database_url,
        "JEMBATAN_KAFKA_BOOTSTRAP": bootstrap,
        "JEMBATAN_HTTP_HOST": "127.0.0.1",
        "JEMBATAN_HTTP_PORT": str(port),
        "JEMBATAN_ADMIN_TOKEN": ADMIN,
        "JEMBATAN_CONSUME_TRIGGERS": "false",
        "JEMBATAN_LOG_LEVEL": "WARNING",
        "JEMBATAN_MAX_REQUESTS_IN_FLIGHT": "1024",
        "JEMBATAN_WORKERS": str(workers),
    }
    if os.environ.get("BENCH_PROFILE"):
        argv = [sys.executable, "-c", PROFILED_INGEST, os.environ["BENCH_PROFILE"]]
    else:
        argv = [sys.executable, "-m", "jembatan.ingest"]
    child = spawn("ingest", argv, log_path=logs / "ingest.log", env=env)
    wait_until(lambda: healthy(port), timeout=60, what="ingest /healthz", child=child)
    return child


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


async def measure(args: argparse.Namespace, ingest_port: int, bare_port: int, ingest: ChildProcess,
                  bare: ChildProcess, dsn: str, bootstrap: str) -> dict[str, Any]:
    n = iter(range(10**9))
    fresh = lambda count, port: [signed_request("127.0.0.1", port, next(n)) for _ in range(count)]  # noqa: E731
    budget = int(args.seconds * 3000)
    # warm-up: imports, pools, the tenant key
    await closed_loop(bare_port, fresh(300, bare_port), args.concurrency, 5, bare.pid)
    warm = await closed_loop(ingest_port, fresh(300, ingest_port), args.concurrency, 5, ingest.pid)
    bare_max = await closed_loop(bare_port, fresh(budget * 2, bare_port), args.concurrency, args.seconds, bare.pid)
    ingest_max = await closed_loop(ingest_port, fresh(budget, ingest_port), args.concurrency, args.seconds, ingest.pid)
    await wait_drained(dsn)
    half = ingest_max["per_second"] / 2
    count = int(half * args.seconds * 1.5) + 10
    ingest_half = await open_loop(ingest_port, fresh(count, ingest_port), half, args.seconds, args.concurrency,
                                  ingest.pid)
    bare_half = await open_loop(bare_port, fresh(count, bare_port), half, args.seconds, args.concurrency)
    fixed: dict[str, Any] = {}
    if args.fixed_rate:  # CPU per webhook at the same rate in every run, whatever the machine's load
        await wait_drained(dsn)
        count = int(args.fixed_rate * args.seconds * 1.5) + 10
        fixed["ingest_at_fixed_rate"] = await open_loop(
            ingest_port, fresh(count, ingest_port), args.fixed_rate, args.seconds, args.concurrency, ingest.pid
        )
    events, outbox_rows, drain_s = await wait_drained(dsn)
    ids = await count_on_topic(bootstrap)
    # the warm-up's own count: on a loaded machine it may not get through its 300 in its 5 s
    phases = (warm, ingest_max, ingest_half, *fixed.values())
    accepted = sum(phase["statuses"].get("202", 0) for phase in phases)
    ratio = ingest_max["per_second"] / bare_max["per_second"]
    return {
        "bare_max": bare_max,
        "ingest_max": ingest_max,
        "ratio_throughput": round(ratio, 3),
        "ingest_at_half_its_max": ingest_half,
        "bare_at_the_same_rate": bare_half,
        **fixed,
        "relay_drain_after_load_s": drain_s,
        "topic": {
            "webhooks_accepted_202": accepted,
            "inbox_events": events,
            "outbox_rows": outbox_rows,
            "distinct_ids_on_topic": len(ids),
            "lost": max(0, accepted - len(ids)),
            "duplicated": sum(c - 1 for c in ids.values() if c > 1),
        },
        "ingest_peak_rss_mb": round(peak_rss_mb(ingest.pid), 1),
        "targets": {
            "throughput_ge_half_bare": ratio >= 0.5,
            "p99_le_50ms_at_half": ingest_half["p99_ms"] <= 50,
            "nothing_lost_or_duplicated": accepted == len(ids) and all(c == 1 for c in ids.values()),
            "rss_le_200mb": peak_rss_mb(ingest.pid) <= 200,
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=1, help="ingest's uvicorn workers (JEMBATAN_WORKERS)")
    parser.add_argument("--fixed-rate", type=float, default=0.0,
                        help="also send at this fixed rate (webhooks/s) for --seconds: CPU per webhook comparable across runs")
    parser.add_argument("--label", default="", help="a note kept in the JSON (e.g. the commit)")
    parser.add_argument("--out", type=Path, default=Path("bench/results/ingest_throughput.json"))
    parser.add_argument("--serve-bare", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_bare:
        serve_bare(args.serve_bare)
        return 0

    logs = Path(tempfile.mkdtemp(prefix="jembatan-bench-ingest-"))
    name = f"bench_ingest_{os.getpid()}"
    server = os.environ.get("JEMBATAN_TEST_PG_URL", DEFAULT_SERVER_URL)
    database_url = create_database_sync(server, name)
    dsn = ServerUrl.parse(server).asyncpg_dsn(name)
    broker = start_broker(logs)
    load_before = load_average()
    children: list[ChildProcess] = []
    try:
        create_topics_sync(broker.bootstrap, standard_topics())
        ingest_port, bare_port = free_port(), free_port()
        ingest = start_ingest(ingest_port, database_url, broker.bootstrap, logs, args.workers)
        children.append(ingest)
        bare = spawn("bare", [sys.executable, __file__, "--serve-bare", str(bare_port)], log_path=logs / "bare.log")
        children.append(bare)
        wait_until(lambda: healthy(bare_port), timeout=30, what="bare /healthz", child=bare)
        answer = httpx.put(
            f"http://127.0.0.1:{ingest_port}/admin/tenants/{TENANT}",
            json={"store_name": TENANT, "api_key": API_KEY},
            headers={"Authorization": f"Bearer {ADMIN}"},
        )
        answer.raise_for_status()
        result = asyncio.run(measure(args, ingest_port, bare_port, ingest, bare, dsn, broker.bootstrap))
    finally:
        for child in children:
            child.stop(30 if os.environ.get("BENCH_PROFILE") else 5)
        broker.stop()
        drop_database_sync(server, name)
    report = {
        "benchmark": "ingest_throughput",
        "label": args.label,
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "concurrency": args.concurrency,
        "ingest_workers": args.workers,
        "seconds_per_phase": args.seconds,
        "body_bytes": len(order_body(0)),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "load_average_before": load_before,
        "load_average_after": load_average(),
        **result,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    return 0 if all(result["targets"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
